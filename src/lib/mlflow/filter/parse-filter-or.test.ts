// OR and parentheses (Runboard's extension of the runs filter grammar, MLflow issue #6075).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FilterSyntaxError } from './filter-syntax-error.js';
import { MAX_FILTER_CLAUSES, MAX_FILTER_DEPTH, parseFilter } from './parse-filter.js';
import { printFilterExpression } from './print-filter.js';
import { tokenize } from './tokenizer.js';
import type { FilterClause, FilterExpression } from './types.js';

const parse = (input: string) => parseFilter(input, 'runs', { allowOr: true });

function refusal(input: string, allowOr = true): FilterSyntaxError {
  try {
    parseFilter(input, 'runs', { allowOr });
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

function expectRefused(input: string, message: string | RegExp, underlined: string, position: number): void {
  const error = refusal(input);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
  expect(error.position).toBe(position);
  expect(input.slice(error.position, error.position + error.length)).toBe(underlined);
}

const acc: FilterClause = { type: 'metric', key: 'acc', op: '>', value: 0.9 };
const adam: FilterClause = { type: 'param', key: 'opt', op: '=', value: 'adam' };
const adamw: FilterClause = { type: 'param', key: 'opt', op: '=', value: 'adamw' };

describe('parseFilter with OR: precedence and grouping', () => {
  it('reads the example of MLflow issue #6075', () => {
    expect(parse("metrics.acc > 0.9 AND (params.opt = 'adam' OR params.opt = 'adamw')")).toEqual({
      clauses: [acc],
      expression: { junction: 'AND', operands: [acc, { junction: 'OR', operands: [adam, adamw] }] },
    });
  });

  it('binds AND tighter than OR, on either side', () => {
    expect(parse("metrics.acc > 0.9 AND params.opt = 'adam' or params.opt = 'adamw'").expression).toEqual({
      junction: 'OR',
      operands: [{ junction: 'AND', operands: [acc, adam] }, adamw],
    });
    expect(parse("params.opt = 'adamw' OR metrics.acc > 0.9 AND params.opt = 'adam'").expression).toEqual({
      junction: 'OR',
      operands: [adamw, { junction: 'AND', operands: [acc, adam] }],
    });
  });

  it('lets parentheses override precedence', () => {
    expect(parse("(metrics.acc > 0.9 OR params.opt = 'adam') AND params.opt = 'adamw'").expression).toEqual({
      junction: 'AND',
      operands: [{ junction: 'OR', operands: [acc, adam] }, adamw],
    });
  });

  it('flattens redundant parentheses and same-kind nesting', () => {
    expect(parse('((metrics.acc > 0.9))').expression).toEqual(acc);
    expect(parse("(metrics.acc > 0.9 AND params.opt = 'adam') AND (params.opt = 'adamw')").expression).toEqual({
      junction: 'AND',
      operands: [acc, adam, adamw],
    });
    expect(parse("params.opt = 'adam' OR (params.opt = 'adamw' OR metrics.acc > 0.9)").expression).toEqual({
      junction: 'OR',
      operands: [adam, adamw, acc],
    });
  });

  it('keeps IN lists as values inside groups', () => {
    expect(parse("(attributes.run_id IN ('a1', 'b2') OR tags.x = 'y')").expression).toEqual({
      junction: 'OR',
      operands: [
        { type: 'attribute', key: 'run_id', op: 'IN', value: ['a1', 'b2'] },
        { type: 'tag', key: 'x', op: '=', value: 'y' },
      ],
    });
  });

  it('lists only the top-level AND clauses in `clauses`', () => {
    expect(parse("params.opt = 'adam' OR metrics.acc > 0.9").clauses).toEqual([]);
    expect(parse("metrics.acc > 0.9 AND params.opt = 'adam'").clauses).toEqual([acc, adam]);
  });

  it('refuses OR and parentheses for the other searches and without allowOr', () => {
    expect(() => parseFilter("name = 'a' OR name = 'b'", 'experiments', { allowOr: true })).toThrow(/'OR' is not supported/);
    expect(() => parseFilter("(name = 'a')", 'registered_models', { allowOr: true })).toThrow(/parentheses are not supported/);
    expect(() => parseFilter('metrics.a > 1 OR metrics.b > 1', 'runs')).toThrow(/'OR' is not supported/);
  });
});

describe('printFilterExpression', () => {
  it('parenthesizes only an OR inside an AND', () => {
    expect(printFilterExpression({ junction: 'AND', operands: [acc, { junction: 'OR', operands: [adam, adamw] }] })).toBe(
      "metrics.acc > 0.9 AND (params.opt = 'adam' OR params.opt = 'adamw')",
    );
    expect(printFilterExpression({ junction: 'OR', operands: [{ junction: 'AND', operands: [acc, adam] }, adamw] })).toBe(
      "metrics.acc > 0.9 AND params.opt = 'adam' OR params.opt = 'adamw'",
    );
    expect(printFilterExpression(null)).toBe('');
  });
});

describe('parseFilter with OR: errors', () => {
  it('underlines a dangling OR', () => {
    expectRefused('metrics.acc > 0.9 OR', "Invalid clause(s) in filter string: a condition must follow 'OR'", 'OR', 18);
    expectRefused('OR metrics.acc > 0.9', "Invalid clause(s) in filter string: expected a condition before 'OR'", 'OR', 0);
    expectRefused('metrics.acc > 0.9 AND OR metrics.b > 1', /expected a condition before 'OR'/, 'OR', 22);
    expectRefused('metrics.acc > 0.9 OR AND metrics.b > 1', /expected a condition before 'AND'/, 'AND', 21);
  });

  it('underlines an unclosed or unmatched parenthesis', () => {
    expectRefused("metrics.acc > 0.9 AND (params.opt = 'adam'", "Unclosed '(' in filter string", "(params.opt = 'adam'", 22);
    expectRefused('metrics.acc > 0.9)', "Invalid clause(s) in filter string: this ')' has no matching '('", ')', 17);
    expectRefused('(metrics.acc > 0.9))', /no matching '\('/, ')', 19);
    expectRefused('metrics.acc > 0.9 AND ()', "Invalid clause(s) in filter string: expected a condition inside '()'", '()', 22);
    expectRefused('metrics.acc > 0.9 AND ( )', /expected a condition inside/, '( )', 22);
    expectRefused('(metrics.acc > 0.9 OR )', /expected a condition before '\)'/, ')', 22);
  });

  it('needs AND or OR between a condition and a group', () => {
    expectRefused(
      '(metrics.a > 1) (metrics.b > 1)',
      "Invalid clause(s) in filter string: expected AND between conditions, found '('",
      '(',
      16,
    );
  });

  it(`limits nesting to ${MAX_FILTER_DEPTH} levels`, () => {
    const nested = (depth: number) => `${'('.repeat(depth)}metrics.a > 1${')'.repeat(depth)}`;
    expect(parse(nested(MAX_FILTER_DEPTH)).expression).toEqual({ type: 'metric', key: 'a', op: '>', value: 1 });
    const error = refusal(nested(MAX_FILTER_DEPTH + 1));
    expect(error.message).toBe(`Invalid clause(s) in filter string: parentheses may nest at most ${MAX_FILTER_DEPTH} levels deep`);
    expect(error.position).toBe(MAX_FILTER_DEPTH);
    // A hostile depth fails at the limit, without recursing through the whole string.
    expect(refusal('('.repeat(100_000)).position).toBe(MAX_FILTER_DEPTH);
  });

  it(`limits a filter to ${MAX_FILTER_CLAUSES} conditions, with or without OR`, () => {
    const many = (count: number, junction: string) => Array.from({ length: count }, (_, i) => `metrics.m${i} > ${i}`).join(` ${junction} `);
    expect(parse(many(MAX_FILTER_CLAUSES, 'OR')).expression).toMatchObject({ junction: 'OR' });
    for (const allowOr of [true, false]) {
      const input = many(MAX_FILTER_CLAUSES + 1, 'AND');
      const error = refusal(input, allowOr);
      expect(error.message).toBe(`Invalid clause(s) in filter string: a filter may hold at most ${MAX_FILTER_CLAUSES} conditions`);
      expect(input.slice(error.position)).toBe(`metrics.m${MAX_FILTER_CLAUSES} > ${MAX_FILTER_CLAUSES}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const FRAGMENTS = [
  'metrics.acc',
  'params.opt',
  'tags.t',
  'attributes.status',
  'run_name',
  'datasets.name',
  'metrics.`a-b`',
  'bogus.x',
  '>',
  '<=',
  '=',
  '!=',
  'LIKE',
  'ILIKE',
  'IN',
  'NOT IN',
  'NOT',
  'IS',
  '==',
  '0.5',
  '-1',
  '1e3',
  "'adam'",
  "'a%'",
  '"x"',
  "('a', 'b')",
  '()',
  'adam',
  'AND',
  'and',
  'OR',
  'or',
  '(',
  ')',
  ',',
  '',
];
const fragmentText = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 14 }).map((parts) => parts.join(' '));

function outcome(input: string, allowOr: boolean): unknown {
  try {
    return parseFilter(input, 'runs', { allowOr });
  } catch (error) {
    if (!(error instanceof FilterSyntaxError)) throw error;
    return { message: error.message, position: error.position, length: error.length };
  }
}

/** True when the input uses OR or a parenthesis that is not an IN list's. */
function usesBooleanSyntax(input: string): boolean {
  let tokens;
  try {
    tokens = tokenize(input);
  } catch {
    return false; // refused by the tokenizer in both modes alike
  }
  const isIn = (index: number) => {
    const token = tokens[index];
    return token !== undefined && token.kind === 'word' && token.text.toUpperCase() === 'IN';
  };
  let listOpen = -1;
  for (const [index, token] of tokens.entries()) {
    if (token.kind === 'word' && token.text.toUpperCase() === 'OR') return true;
    if (token.kind === 'lparen') {
      if (!isIn(index - 1) || listOpen >= 0) return true;
      listOpen = index;
    } else if (token.kind === 'rparen') {
      if (listOpen < 0) return true;
      listOpen = -1;
    }
  }
  return false;
}

describe('parseFilter with OR: properties', () => {
  it('answers exactly as before for every filter without OR or grouping parentheses', () => {
    let compared = 0;
    fc.assert(
      fc.property(fragmentText, (input) => {
        if (usesBooleanSyntax(input)) return;
        compared += 1;
        expect(outcome(input, true)).toEqual(outcome(input, false));
      }),
      { numRuns: 3000 },
    );
    // The generator must reach plenty of filters without OR, accepted and refused.
    expect(compared).toBeGreaterThan(500);
  });

  it('never throws anything but FilterSyntaxError', () => {
    fc.assert(
      fc.property(fragmentText, (input) => {
        outcome(input, true);
      }),
      { numRuns: 3000 },
    );
  });

  const clause: fc.Arbitrary<FilterExpression> = fc.oneof(
    fc.record({
      type: fc.constant('metric' as const),
      key: fc.constantFrom('acc', 'loss', 'a-b'),
      op: fc.constantFrom('>' as const, '<=' as const, '!=' as const),
      value: fc.integer({ min: -5, max: 5 }),
    }),
    fc.record({
      type: fc.constant('param' as const),
      key: fc.constantFrom('opt', 'lr'),
      op: fc.constantFrom('=' as const, 'LIKE' as const),
      value: fc.constantFrom('adam', "it's", 'a%'),
    }),
    fc.record({
      type: fc.constant('attribute' as const),
      key: fc.constant('run_id'),
      op: fc.constant('IN' as const),
      value: fc.constant<string[]>(['a', 'b']),
    }),
  );
  const tree = fc.letrec<{ node: FilterExpression }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      clause,
      fc.record({
        junction: fc.constantFrom('AND' as const, 'OR' as const),
        operands: fc.array(tie('node'), { minLength: 2, maxLength: 3 }),
      }),
    ),
  })).node;

  it('prints any tree to a string that parses back to the same boolean structure', () => {
    fc.assert(
      fc.property(tree, (expression) => {
        const printed = printFilterExpression(expression);
        const reparsed = parse(printed).expression;
        expect(reparsed).toEqual(normalize(expression));
        expect(printFilterExpression(reparsed)).toBe(printFilterExpression(normalize(expression)));
      }),
      { numRuns: 500 },
    );
  });
});

/** What the parser builds: same-kind nesting lifted into its parent. */
function normalize(expression: FilterExpression): FilterExpression {
  if (!('junction' in expression)) return expression;
  const operands = expression.operands
    .map(normalize)
    .flatMap((operand) => ('junction' in operand && operand.junction === expression.junction ? operand.operands : [operand]));
  return { junction: expression.junction, operands };
}
