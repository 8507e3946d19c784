import { describe, expect, it } from 'vitest';
import { FilterSyntaxError } from './filter-syntax-error.js';
import { parseFilter } from './parse-filter.js';
import type { FilterClause, SearchEntity } from './types.js';

function clauses(input: string, entity: SearchEntity = 'runs'): FilterClause[] {
  return parseFilter(input, entity).clauses;
}

function refusal(input: string, entity: SearchEntity): FilterSyntaxError {
  try {
    parseFilter(input, entity);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused for ${entity}`);
}

interface ExpectedError {
  message: string | RegExp;
  position: number;
  length: number;
  /** The text the UI would underline; checked against position/length (hand-counted). */
  underlined: string;
}

function expectRefused(input: string, entity: SearchEntity, expected: ExpectedError): void {
  const error = refusal(input, entity);
  if (typeof expected.message === 'string') expect(error.message).toBe(expected.message);
  else expect(error.message).toMatch(expected.message);
  expect({ position: error.position, length: error.length }).toEqual({
    position: expected.position,
    length: expected.length,
  });
  expect(input.slice(error.position, error.position + error.length)).toBe(expected.underlined);
}

describe('parseFilter: empty input', () => {
  it.each(['', '   ', '\n\t  '])('treats %j as no clauses', (input) => {
    for (const entity of ['runs', 'experiments', 'registered_models', 'model_versions'] as const) {
      expect(parseFilter(input, entity)).toEqual({ clauses: [], expression: null });
      expect(parseFilter(input, entity, { allowOr: true })).toEqual({ clauses: [], expression: null });
    }
  });
});

describe('parseFilter: conjunctions', () => {
  it('joins clauses with AND in any case', () => {
    expect(clauses("params.a = 'x' AND params.b = 'y' and params.c = 'z' AnD params.d = 'w'")).toEqual([
      { type: 'param', key: 'a', op: '=', value: 'x' },
      { type: 'param', key: 'b', op: '=', value: 'y' },
      { type: 'param', key: 'c', op: '=', value: 'z' },
      { type: 'param', key: 'd', op: '=', value: 'w' },
    ]);
  });

  it('tolerates any whitespace, including none around operators', () => {
    expect(clauses("\n metrics.loss<0.4\tAND\nparams.lr='0.01'  ")).toEqual([
      { type: 'metric', key: 'loss', op: '<', value: 0.4 },
      { type: 'param', key: 'lr', op: '=', value: '0.01' },
    ]);
  });

  it('refuses OR', () => {
    expectRefused("name = 'x' OR name = 'y'", 'experiments', {
      message: /^Invalid clause\(s\) in filter string: 'OR' is not supported/,
      position: 11,
      length: 2,
      underlined: 'OR',
    });
    expectRefused('metrics.loss > 0.1 or metrics.acc > 0.1', 'runs', {
      message: /'OR' is not supported/,
      position: 19,
      length: 2,
      underlined: 'or',
    });
  });

  it('refuses a trailing AND (MLflow 2.17 forgives it by accident; refusing is allowed)', () => {
    expectRefused('metrics.loss > 0.1 AND', 'runs', {
      message: "Invalid clause(s) in filter string: a condition must follow 'AND'",
      position: 19,
      length: 3,
      underlined: 'AND',
    });
  });

  it('refuses a leading or doubled AND', () => {
    expectRefused("AND tags.a = 'x'", 'runs', {
      message: "Invalid clause(s) in filter string: expected a condition before 'AND'",
      position: 0,
      length: 3,
      underlined: 'AND',
    });
    expectRefused("tags.a = 'x' AND AND tags.b = 'y'", 'runs', {
      message: /expected a condition before 'AND'/,
      position: 17,
      length: 3,
      underlined: 'AND',
    });
  });

  it('refuses two conditions without AND', () => {
    expectRefused("tags.a = 'x' tags.b = 'y'", 'runs', {
      message: "Invalid clause(s) in filter string: expected AND between conditions, found 'tags'",
      position: 13,
      length: 4,
      underlined: 'tags',
    });
  });

  it('refuses parentheses', () => {
    expectRefused("(tags.a = 'x')", 'runs', {
      message: /parentheses are not supported/,
      position: 0,
      length: 1,
      underlined: '(',
    });
    expectRefused("tags.a = 'x' AND (tags.b = 'y')", 'runs', {
      message: /parentheses are not supported/,
      position: 17,
      length: 1,
      underlined: '(',
    });
    expectRefused("tags.a = 'x' )", 'runs', {
      message: /parentheses are not supported/,
      position: 13,
      length: 1,
      underlined: ')',
    });
  });

  it('refuses a NOT prefix and IS NULL', () => {
    expectRefused("NOT tags.a = 'x'", 'runs', {
      message: /a NOT prefix is not supported/,
      position: 0,
      length: 3,
      underlined: 'NOT',
    });
    expectRefused('tags.a IS NULL', 'runs', {
      message: /IS NULL \/ IS NOT NULL comparisons are not supported/,
      position: 7,
      length: 2,
      underlined: 'IS',
    });
    expectRefused("tags.a NOT LIKE 'x'", 'runs', {
      message: /NOT is only supported as NOT IN/,
      position: 7,
      length: 3,
      underlined: 'NOT',
    });
  });
});

describe('parseFilter: identifiers', () => {
  it.each([
    ['metric', 'metric'],
    ['metrics', 'metric'],
    ['param', 'param'],
    ['params', 'param'],
    ['parameter', 'param'],
    ['parameters', 'param'],
    ['tag', 'tag'],
    ['tags', 'tag'],
  ] as const)('run prefix %s. means %s', (prefix, type) => {
    const value = type === 'metric' ? '1' : "'1'";
    expect(clauses(`${prefix}.k = ${value}`)).toEqual([
      { type, key: 'k', op: '=', value: type === 'metric' ? 1 : '1' },
    ]);
  });

  it.each(['attributes', 'attribute', 'attr', 'run'])('run prefix %s. means attribute', (prefix) => {
    expect(clauses(`${prefix}.status = 'FINISHED'`)).toEqual([
      { type: 'attribute', key: 'status', op: '=', value: 'FINISHED' },
    ]);
  });

  it.each(['datasets', 'dataset'])('run prefix %s. means dataset', (prefix) => {
    expect(clauses(`${prefix}.context = 'training'`)).toEqual([
      { type: 'dataset', key: 'context', op: '=', value: 'training' },
    ]);
  });

  it('treats an identifier without prefix as an attribute', () => {
    expect(clauses("run_name LIKE 'a%'")).toEqual([{ type: 'attribute', key: 'run_name', op: 'LIKE', value: 'a%' }]);
  });

  it('splits at the first dot, so unquoted keys may contain dots', () => {
    expect(clauses("tags.mlflow.runName = 'x'")).toEqual([{ type: 'tag', key: 'mlflow.runName', op: '=', value: 'x' }]);
    expect(clauses("tags.a.b.c = 'x'")[0]?.key).toBe('a.b.c');
  });

  it('accepts backtick- and double-quoted keys', () => {
    expect(clauses("tags.`mlflow.runName` LIKE '%a'")[0]?.key).toBe('mlflow.runName');
    expect(clauses('metrics."model-acc" > 0.5')[0]).toEqual({ type: 'metric', key: 'model-acc', op: '>', value: 0.5 });
    expect(clauses("tags.`my key: x/y` = 'v'")[0]?.key).toBe('my key: x/y');
    expect(clauses('tags."team" = \'red\'')[0]?.key).toBe('team');
  });

  it('reads a doubled quote inside a quoted key as one quote', () => {
    expect(clauses("tags.`a``b` = 'x'")[0]?.key).toBe('a`b');
    expect(clauses('tags."a""b" = \'x\'')[0]?.key).toBe('a"b');
  });

  it('accepts Unicode letters and leading digits in bare keys', () => {
    expect(clauses("tags.größe = 'x'")[0]?.key).toBe('größe');
    expect(clauses("tags.2021 = 'x'")[0]?.key).toBe('2021');
    expect(clauses('metrics.1st_epoch > 1')[0]?.key).toBe('1st_epoch');
    expect(clauses('metrics.v1.5 > 1')[0]?.key).toBe('v1.5');
  });

  it('keeps type prefixes and keys case-sensitive, like MLflow', () => {
    expectRefused("Tags.a = 'x'", 'runs', {
      message: /^Invalid entity type 'Tags'/,
      position: 0,
      length: 4,
      underlined: 'Tags',
    });
    expectRefused("Status = 'x'", 'runs', {
      message: /^Invalid attribute key 'Status' specified/,
      position: 0,
      length: 6,
      underlined: 'Status',
    });
  });

  it('refuses an unknown prefix with the list MLflow prints for runs', () => {
    expectRefused("foo.bar = 'x'", 'runs', {
      message: "Invalid entity type 'foo'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']",
      position: 0,
      length: 3,
      underlined: 'foo',
    });
  });

  it('needs the key right after the dot', () => {
    expectRefused("tags. = 'x'", 'runs', {
      message: "Expected a key after 'tags.'",
      position: 5,
      length: 0,
      underlined: '',
    });
    expectRefused("tags.a.'b' = 'x'", 'runs', {
      message: /^Expected a name after '\.'/,
      position: 7,
      length: 0,
      underlined: '',
    });
    expectRefused("tags.`` = 'x'", 'runs', {
      message: 'Key names cannot be empty',
      position: 5,
      length: 2,
      underlined: '``',
    });
  });

  it('refuses a clause that does not start with an identifier', () => {
    expectRefused("'x' = tags.a", 'runs', {
      message: /expected an identifier such as metrics\.<key>.*found ''x''/,
      position: 0,
      length: 3,
      underlined: "'x'",
    });
  });

  it('reports a missing or unknown operator after the identifier', () => {
    expectRefused('metrics.acc', 'runs', {
      message: "Invalid clause(s) in filter string: expected a comparison operator after 'metrics.acc'",
      position: 11,
      length: 0,
      underlined: '',
    });
    expectRefused('metrics.acc 5', 'runs', {
      message: /expected a comparison operator \(.*\) after 'metrics\.acc', found '5'/,
      position: 12,
      length: 1,
      underlined: '5',
    });
  });

  it('suggests quoting for keys with characters a bare name cannot hold', () => {
    expectRefused('metrics.model-acc > 0.5', 'runs', {
      message: "Unexpected character '-' in filter string; quote keys that contain it, e.g. tags.`my-key`",
      position: 13,
      length: 1,
      underlined: '-',
    });
  });

  it('refuses stray characters and unterminated quotes', () => {
    expectRefused("tags.a = 'x' ; drop", 'runs', {
      message: "Unexpected character ';' in filter string",
      position: 13,
      length: 1,
      underlined: ';',
    });
    expectRefused("tags.a = 'unterminated", 'runs', {
      message: "Unterminated string: missing closing '",
      position: 9,
      length: 13,
      underlined: "'unterminated",
    });
    expectRefused("tags.`open = 'x'", 'runs', {
      message: 'Unterminated quoted name: missing closing `',
      position: 5,
      length: 11,
      underlined: "`open = 'x'",
    });
  });
});

describe('parseFilter: values', () => {
  it('accepts single- and double-quoted strings', () => {
    expect(clauses("params.lr = '0.01'")[0]?.value).toBe('0.01');
    expect(clauses('params.lr = "0.01"')[0]?.value).toBe('0.01');
    expect(clauses("params.s = ''")[0]?.value).toBe('');
  });

  it('reads a doubled quote as one quote and keeps backslashes literal', () => {
    expect(clauses("tags.x = 'it''s'")[0]?.value).toBe("it's");
    expect(clauses('tags.x = "say ""hi"""')[0]?.value).toBe('say "hi"');
    expect(clauses('tags.x = "it\'s"')[0]?.value).toBe("it's");
    expect(clauses("tags.x = 'C:\\temp\\'")[0]?.value).toBe('C:\\temp\\');
  });

  it.each([
    ['5', 5],
    ['-5', -5],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['-.5', -0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['-1.5e+2', -150],
    ['1700000003000', 1700000003000],
  ])('reads the number %s', (text, value) => {
    expect(clauses(`metrics.m >= ${text}`)[0]?.value).toBe(value);
  });

  it('refuses numbers that do not fit in a double', () => {
    expectRefused('metrics.acc > 1e999', 'runs', {
      message: 'Number out of range: 1e999',
      position: 14,
      length: 5,
      underlined: '1e999',
    });
  });

  it('reports a missing value', () => {
    expectRefused('metrics.acc >', 'runs', {
      message: "Invalid clause(s) in filter string: expected a value after '>'",
      position: 13,
      length: 0,
      underlined: '',
    });
    expectRefused('name = ', 'experiments', {
      message: "Invalid clause(s) in filter string: expected a value after '='",
      position: 7,
      length: 0,
      underlined: '',
    });
    expectRefused('metrics.acc > , 5', 'runs', {
      message: "Invalid clause(s) in filter string: expected a value after '>', found ','",
      position: 14,
      length: 1,
      underlined: ',',
    });
  });

  it('needs numbers for metrics', () => {
    expectRefused("metrics.loss > 'abc'", 'runs', {
      message: "Expected numeric value type for metric. Found 'abc'",
      position: 15,
      length: 5,
      underlined: "'abc'",
    });
    expectRefused("metrics.loss = '1'", 'runs', {
      message: "Expected numeric value type for metric. Found '1'",
      position: 15,
      length: 3,
      underlined: "'1'",
    });
  });

  it('needs quoted strings for params and tags', () => {
    expectRefused('params.lr = 0.01', 'runs', {
      message: "Expected a quoted string value for parameter (e.g. 'my-value'). Got value 0.01",
      position: 12,
      length: 4,
      underlined: '0.01',
    });
    expectRefused('tags.team = red', 'runs', {
      message: "Expected a quoted string value for tag (e.g. 'my-value'). Got value red",
      position: 12,
      length: 3,
      underlined: 'red',
    });
    expectRefused('tags.team = `red`', 'runs', {
      message: /Got value `red`$/,
      position: 12,
      length: 5,
      underlined: '`red`',
    });
  });
});

describe('parseFilter: operators', () => {
  it('accepts every comparison operator on metrics', () => {
    const ops = ['=', '!=', '<', '<=', '>', '>='] as const;
    for (const op of ops) {
      expect(clauses(`metrics.m ${op} 1`)).toEqual([{ type: 'metric', key: 'm', op, value: 1 }]);
    }
  });

  it('reads LIKE, ILIKE, IN and NOT IN in any case and prints them upper-case', () => {
    expect(clauses("params.p like 'a%'")[0]?.op).toBe('LIKE');
    expect(clauses("params.p iLike 'a%'")[0]?.op).toBe('ILIKE');
    expect(clauses("run_id in ('a')")[0]?.op).toBe('IN');
    expect(clauses("run_id not   in ('a')")[0]?.op).toBe('NOT IN');
  });

  it('refuses operators MLflow does not know, listing the valid ones', () => {
    expectRefused('metrics.x == 1', 'runs', {
      message: "Invalid comparator '==' not one of '{'!=', '<', '<=', '=', '>', '>='}'",
      position: 10,
      length: 2,
      underlined: '==',
    });
    expectRefused("tags.x <> 'a'", 'runs', {
      message: "Invalid comparator '<>' not one of '{'!=', '=', 'ILIKE', 'LIKE'}'",
      position: 7,
      length: 2,
      underlined: '<>',
    });
  });

  it('refuses LIKE on metrics and ordering comparisons on strings', () => {
    expectRefused("metric.acc LIKE '1'", 'runs', {
      message: /^Invalid comparator 'LIKE' not one of/,
      position: 11,
      length: 4,
      underlined: 'LIKE',
    });
    expectRefused("params.lr > '0.01'", 'runs', {
      message: "Invalid comparator '>' not one of '{'!=', '=', 'ILIKE', 'LIKE'}'",
      position: 10,
      length: 1,
      underlined: '>',
    });
  });
});

describe('parseFilter: IN / NOT IN', () => {
  it('takes a list of single-quoted strings for run_id', () => {
    expect(clauses("attributes.run_id IN ('abc', 'def')")).toEqual([
      { type: 'attribute', key: 'run_id', op: 'IN', value: ['abc', 'def'] },
    ]);
    expect(clauses("run_id NOT IN ('abc')")).toEqual([
      { type: 'attribute', key: 'run_id', op: 'NOT IN', value: ['abc'] },
    ]);
  });

  it('drops values with upper-case letters, as MLflow does', () => {
    expect(clauses("run_id IN ('abc', 'DEF', 'Mixed', 'g-h_1')")[0]?.value).toEqual(['abc', 'g-h_1']);
    expect(clauses("datasets.name IN ('Iris')")[0]?.value).toEqual([]);
  });

  it('works for every dataset field', () => {
    for (const key of ['name', 'digest', 'context']) {
      expect(clauses(`datasets.${key} NOT IN ('a', 'b')`)).toEqual([
        { type: 'dataset', key, op: 'NOT IN', value: ['a', 'b'] },
      ]);
    }
  });

  it('refuses lists for other string attributes with the MLflow message', () => {
    expectRefused("attributes.status IN ('FAILED', 'KILLED')", 'runs', {
      message: "Only the 'run_id' attribute supports comparison with a list of quoted string values.",
      position: 18,
      length: 2,
      underlined: 'IN',
    });
  });

  it('refuses IN for params, tags and metrics', () => {
    expectRefused("params.opt IN ('sgd', 'rmsprop')", 'runs', {
      message: "Invalid comparator 'IN' not one of '{'!=', '=', 'ILIKE', 'LIKE'}'",
      position: 11,
      length: 2,
      underlined: 'IN',
    });
    expectRefused("metrics.m NOT IN ('1')", 'runs', {
      message: /^Invalid comparator 'NOT IN' not one of/,
      position: 10,
      length: 6,
      underlined: 'NOT IN',
    });
  });

  it('needs a list after IN and IN for a list', () => {
    expectRefused("run_id IN 'abc'", 'runs', {
      message: "Expected a parenthesised list of quoted strings after IN, e.g. ('a', 'b'). Got value 'abc'",
      position: 10,
      length: 5,
      underlined: "'abc'",
    });
    expectRefused("run_id = ('abc')", 'runs', {
      message: "A list of values can only be compared with IN or NOT IN. Got value ('abc')",
      position: 9,
      length: 7,
      underlined: "('abc')",
    });
  });

  it('refuses malformed lists', () => {
    expectRefused('run_id IN ()', 'runs', {
      message: 'While parsing a list in the query, expected a non-empty list of string values, but got empty list',
      position: 10,
      length: 2,
      underlined: '()',
    });
    expectRefused('run_id IN (\'a\', "b")', 'runs', {
      message: /expected single-quoted string values such as \('a', 'b'\), found "b"$/,
      position: 16,
      length: 3,
      underlined: '"b"',
    });
    expectRefused('run_id IN (1, 2)', 'runs', {
      message: /expected single-quoted string values/,
      position: 11,
      length: 1,
      underlined: '1',
    });
    expectRefused("run_id IN ('a' 'b')", 'runs', {
      message: "While parsing a list in the query, expected ',' or ')', found ''b''",
      position: 15,
      length: 3,
      underlined: "'b'",
    });
    expectRefused("run_id IN ('a',)", 'runs', {
      message: /found \)$/,
      position: 15,
      length: 1,
      underlined: ')',
    });
    expectRefused("run_id IN ('a', 'b'", 'runs', {
      message: "Unclosed '(' in filter string",
      position: 10,
      length: 9,
      underlined: "('a', 'b'",
    });
  });
});

describe('parseFilter: runs attributes', () => {
  it.each(['run_id', 'run_name', 'status', 'user_id', 'artifact_uri'])('%s is a string attribute', (key) => {
    for (const op of ['=', '!=', 'LIKE', 'ILIKE'] as const) {
      expect(clauses(`attributes.${key} ${op} 'v'`)).toEqual([{ type: 'attribute', key, op, value: 'v' }]);
    }
  });

  it.each(['start_time', 'end_time'])('%s is a numeric attribute', (key) => {
    expect(clauses(`${key} >= 1700000003000`)).toEqual([{ type: 'attribute', key, op: '>=', value: 1700000003000 }]);
  });

  it.each(['created', 'Created'])('%s is an alias of start_time', (alias) => {
    expect(clauses(`${alias} > 5`)).toEqual([{ type: 'attribute', key: 'start_time', op: '>', value: 5 }]);
  });

  it.each(['`Run name`', '`run name`', '`Run Name`', '"Run name"', 'attributes.`Run name`'])(
    '%s is an alias of run_name',
    (identifier) => {
      expect(clauses(`${identifier} = 'zeta'`)).toEqual([
        { type: 'attribute', key: 'run_name', op: '=', value: 'zeta' },
      ]);
    },
  );

  it('needs numbers for numeric attributes and strings for string attributes', () => {
    expectRefused("start_time > '5'", 'runs', {
      message: "Expected numeric value type for numeric attribute: start_time. Found '5'",
      position: 13,
      length: 3,
      underlined: "'5'",
    });
    expectRefused("created > 'x'", 'runs', {
      message: "Expected numeric value type for numeric attribute: start_time. Found 'x'",
      position: 10,
      length: 3,
      underlined: "'x'",
    });
    expectRefused('status = FINISHED', 'runs', {
      message: "Expected a quoted string value for attributes (e.g. 'my-value'). Got value FINISHED",
      position: 9,
      length: 8,
      underlined: 'FINISHED',
    });
    expectRefused("end_time LIKE '1%'", 'runs', {
      message: /^Invalid comparator 'LIKE'/,
      position: 9,
      length: 4,
      underlined: 'LIKE',
    });
  });

  it('refuses unknown attributes listing the valid keys and aliases', () => {
    expectRefused("attributes.lifecycle_stage = 'active'", 'runs', {
      message:
        "Invalid attribute key 'lifecycle_stage' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'",
      position: 11,
      length: 15,
      underlined: 'lifecycle_stage',
    });
    expectRefused("attributes.nope = 'x'", 'runs', {
      message: /^Invalid attribute key 'nope' specified/,
      position: 11,
      length: 4,
      underlined: 'nope',
    });
  });

  it('refuses unknown dataset keys and non-string dataset values', () => {
    expectRefused("datasets.foo = 'x'", 'runs', {
      message: "Invalid dataset key 'foo' specified. Valid keys are '{'context', 'digest', 'name'}'",
      position: 9,
      length: 3,
      underlined: 'foo',
    });
    expectRefused('datasets.name = 5', 'runs', {
      message: "Expected a quoted string value for dataset attributes (e.g. 'my-value'). Got value 5",
      position: 16,
      length: 1,
      underlined: '5',
    });
    expectRefused("datasets.name > 'x'", 'runs', {
      message: /^Invalid comparator '>'/,
      position: 14,
      length: 1,
      underlined: '>',
    });
  });
});

describe('parseFilter: experiments', () => {
  it('accepts name, creation_time, last_update_time and tags', () => {
    expect(
      clauses(
        "name LIKE 'gold-%' AND attribute.creation_time > 0 AND last_update_time <= 5 AND tag.team = 'a' AND tags.`priority` != '2'",
        'experiments',
      ),
    ).toEqual([
      { type: 'attribute', key: 'name', op: 'LIKE', value: 'gold-%' },
      { type: 'attribute', key: 'creation_time', op: '>', value: 0 },
      { type: 'attribute', key: 'last_update_time', op: '<=', value: 5 },
      { type: 'tag', key: 'team', op: '=', value: 'a' },
      { type: 'tag', key: 'priority', op: '!=', value: '2' },
    ]);
  });

  it('refuses prefixes other than attribute, tag and tags', () => {
    for (const prefix of ['attributes', 'attr', 'run', 'params', 'metrics', 'datasets']) {
      expectRefused(`${prefix}.x = 'y'`, 'experiments', {
        message: `Invalid entity type '${prefix}'. Valid entity types are ('attribute', 'tag', 'tags')`,
        position: 0,
        length: prefix.length,
        underlined: prefix,
      });
    }
    expectRefused("name LIKE 'a%' AND attributes.last_update_time >= 1", 'experiments', {
      message: /^Invalid entity type 'attributes'/,
      position: 19,
      length: 10,
      underlined: 'attributes',
    });
  });

  it('refuses unknown attributes, lists and bad comparators', () => {
    expectRefused("foo = 'x'", 'experiments', {
      message: "Invalid attribute key 'foo' specified. Valid keys are '{'creation_time', 'last_update_time', 'name'}'",
      position: 0,
      length: 3,
      underlined: 'foo',
    });
    expectRefused("experiment_id = '1'", 'experiments', {
      message: /^Invalid attribute key 'experiment_id'/,
      position: 0,
      length: 13,
      underlined: 'experiment_id',
    });
    expectRefused("name > 'x'", 'experiments', {
      message: "Invalid comparator '>' not one of '{'!=', '=', 'ILIKE', 'LIKE'}'",
      position: 5,
      length: 1,
      underlined: '>',
    });
    expectRefused("name IN ('a')", 'experiments', {
      message: /^Only the 'run_id' attribute supports comparison with a list/,
      position: 5,
      length: 2,
      underlined: 'IN',
    });
    expectRefused("creation_time > '1'", 'experiments', {
      message: "Expected numeric value type for numeric attribute: creation_time. Found '1'",
      position: 16,
      length: 3,
      underlined: "'1'",
    });
  });
});

describe('parseFilter: registered models', () => {
  it('accepts name and tags', () => {
    expect(
      clauses("name ILIKE 'gold-%' AND tags.fruit = 'yes' AND attribute.name != 'x'", 'registered_models'),
    ).toEqual([
      { type: 'attribute', key: 'name', op: 'ILIKE', value: 'gold-%' },
      { type: 'tag', key: 'fruit', op: '=', value: 'yes' },
      { type: 'attribute', key: 'name', op: '!=', value: 'x' },
    ]);
  });

  it('refuses other attributes, numbers and lists', () => {
    expectRefused("description = 'x'", 'registered_models', {
      message: "Invalid attribute key 'description' specified. Valid keys are '{'name'}'",
      position: 0,
      length: 11,
      underlined: 'description',
    });
    expectRefused('name = 5', 'registered_models', {
      message: /^Expected a quoted string value for attributes/,
      position: 7,
      length: 1,
      underlined: '5',
    });
    expectRefused("tags.a IN ('x')", 'registered_models', {
      message: /^Invalid comparator 'IN'/,
      position: 7,
      length: 2,
      underlined: 'IN',
    });
    expectRefused("params.a = 'x'", 'registered_models', {
      message: /^Invalid entity type 'params'/,
      position: 0,
      length: 6,
      underlined: 'params',
    });
  });
});

describe('parseFilter: model versions', () => {
  it('accepts name, run_id (also IN), source_path, version_number and tags', () => {
    expect(
      clauses(
        "name = 'm' AND version_number > 1 AND run_id IN ('abc') AND source_path LIKE 'mlflow-artifacts:/%' AND tags.t = 'x'",
        'model_versions',
      ),
    ).toEqual([
      { type: 'attribute', key: 'name', op: '=', value: 'm' },
      { type: 'attribute', key: 'version_number', op: '>', value: 1 },
      { type: 'attribute', key: 'run_id', op: 'IN', value: ['abc'] },
      { type: 'attribute', key: 'source_path', op: 'LIKE', value: 'mlflow-artifacts:/%' },
      { type: 'tag', key: 't', op: '=', value: 'x' },
    ]);
  });

  it('refuses IN on other attributes and NOT IN altogether', () => {
    expectRefused("name IN ('a', 'b')", 'model_versions', {
      message: "Only the 'run_id' attribute supports comparison with a list of quoted string values.",
      position: 5,
      length: 2,
      underlined: 'IN',
    });
    expectRefused("run_id NOT IN ('a')", 'model_versions', {
      message: "Invalid comparator 'NOT IN' not one of '{'!=', '=', 'ILIKE', 'IN', 'LIKE'}'",
      position: 7,
      length: 6,
      underlined: 'NOT IN',
    });
  });

  it('refuses unknown attributes and mistyped values', () => {
    expectRefused("foo = 'x'", 'model_versions', {
      message:
        "Invalid attribute key 'foo' specified. Valid keys are '{'name', 'run_id', 'source_path', 'version_number'}'",
      position: 0,
      length: 3,
      underlined: 'foo',
    });
    expectRefused("source = 'x'", 'model_versions', {
      message: /^Invalid attribute key 'source'/,
      position: 0,
      length: 6,
      underlined: 'source',
    });
    expectRefused("version_number = '1'", 'model_versions', {
      message: "Expected numeric value type for numeric attribute: version_number. Found '1'",
      position: 17,
      length: 3,
      underlined: "'1'",
    });
    expectRefused('source_path = 5', 'model_versions', {
      message: /^Expected a quoted string value for attributes/,
      position: 14,
      length: 1,
      underlined: '5',
    });
  });
});

// Every filter string sent in shared/golden/mlflow-2.17.2 (04, 09, 10, 14, 16, 17) and whether the
// real server took it (true) or answered 400 INVALID_PARAMETER_VALUE (false). Placeholders are
// filled in: <uniq> = 'abc', run ids = 32 lower-case hex digits, experiment id 1.
const RUN_A = '0123456789abcdef0123456789abcdef';
const RUN_B = 'fedcba9876543210fedcba9876543210';
const GOLDEN: ReadonlyArray<readonly [SearchEntity, string, boolean]> = [
  ['experiments', "name = 'Default'", true],
  ['experiments', "name LIKE 'gold-abc-e04-%'", true],
  ['experiments', "name ILIKE 'gold-abc-E04-g%'", true],
  ['experiments', "name = 'gold-abc-e04-beta'", true],
  ['experiments', "name LIKE 'gold-abc-e04-%' AND tags.team = 'a'", true],
  ['experiments', "name LIKE 'gold-abc-e04-%' AND tags.`priority` = '1'", true],
  ['experiments', "name LIKE 'gold-abc-e04-%' AND tags.team LIKE 'b%' AND tags.priority != '2'", true],
  ['experiments', "name LIKE 'gold-abc-e04-%' AND creation_time > 0", true],
  ['experiments', "name LIKE 'gold-abc-e04-%' AND attributes.last_update_time >= 1", false],
  ['experiments', "name LIKE 'gold-abc-e04-%' AND tags.team = 'zzz'", true],
  ['experiments', 'name = ', false],
  ['experiments', "name = 'x' OR name = 'y'", false],
  ['experiments', "foo = 'x'", false],
  ['experiments', "name > 'x'", false],
  ['experiments', "params.x = 'y'", false],
  ['runs', '', true],
  ['runs', 'metrics.loss < 0.4', true],
  ['runs', 'metrics.loss <= 0.3 AND metrics.acc > 0.9', true],
  ['runs', 'metric.acc >= 0.7', true],
  ['runs', 'metrics.loss != 0.3', true],
  ['runs', "params.lr = '0.01'", true],
  ['runs', "param.opt != 'adam'", true],
  ['runs', "params.opt LIKE 'ad%'", true],
  ['runs', "params.opt IN ('sgd', 'rmsprop')", false],
  ['runs', "tags.team = 'red'", true],
  ['runs', "tag.team != 'red'", true],
  ['runs', "tags.team ILIKE 'BL%'", true],
  ['runs', 'tags."team" = \'red\'', true],
  ['runs', "tags.`mlflow.runName` LIKE '%-s09-%a'", true],
  ['runs', "attributes.status = 'FINISHED'", true],
  ['runs', "attributes.status IN ('FAILED', 'KILLED')", false],
  ['runs', "attributes.run_name = 'gold-abc-s09-alpha'", true],
  ['runs', "run_name LIKE 'gold-abc-s09-%a'", true],
  ['runs', "`Run name` = 'gold-abc-s09-zeta'", true],
  ['runs', `attributes.run_id = '${RUN_A}'`, true],
  ['runs', `attributes.run_id IN ('${RUN_A}', '${RUN_B}')`, true],
  ['runs', 'attributes.start_time >= 1700000003000 AND attributes.start_time <= 1700000005000', true],
  ['runs', "attributes.user_id = 'bob'", true],
  ['runs', "attributes.artifact_uri LIKE 'mlflow-artifacts:%'", true],
  ['runs', "attributes.lifecycle_stage = 'active'", false],
  ['runs', "params.lr = '0.1' AND tags.team = 'blue' AND metrics.acc > 0.1", true],
  ['runs', 'metrics.loss > 0.2', true],
  ['runs', 'metrics.missing > 0', true],
  ['runs', "metrics.loss > 'abc'", false],
  ['runs', "params.lr > '0.01'", false],
  ['runs', "foo.bar = 'x'", false],
  ['runs', "attributes.nope = 'x'", false],
  ['runs', 'metrics.loss > 0.1 OR metrics.acc > 0.1', false],
  ['runs', 'params.lr = 0.01', false],
  ['runs', 'params.lr = "0.01"', true],
  ['runs', 'metrics.loss < 1', true],
  ['runs', "datasets.name = 'gold-abc-iris-eval'", true],
  ['runs', "dataset.context = 'training'", true],
  ['runs', "datasets.digest IN ('0a0b0c0d')", true],
  ['registered_models', "name LIKE 'gold-abc-m15-%'", true],
  ['registered_models', "name ILIKE 'gold-abc-M15-b%'", true],
  ['registered_models', "name = 'gold-abc-m15-cherry'", true],
  ['registered_models', "name LIKE 'gold-abc-m15-%' AND tags.fruit = 'yes'", true],
  ['registered_models', "name LIKE 'gold-abc-m15-%' AND tags.fruit LIKE 'n%'", true],
  ['registered_models', 'name = ', false],
  ['registered_models', "description = 'x'", false],
  ['model_versions', "name = 'gold-abc-m15-apple'", true],
  ['model_versions', "name LIKE 'gold-abc-m15-%'", true],
  ['model_versions', `run_id = '${RUN_A}'`, true],
  ['model_versions', "name = 'gold-abc-m15-apple' AND version_number > 1", true],
  ['model_versions', `source_path = 'mlflow-artifacts:/1/${RUN_A}/artifacts/c0'`, true],
  ['model_versions', "name IN ('gold-abc-m15-apple', 'gold-abc-m15-cherry')", false],
  ['model_versions', `run_id IN ('${RUN_A}')`, true],
  ['model_versions', 'name = ', false],
  ['model_versions', "foo = 'x'", false],
];

describe('parseFilter: recorded MLflow 2.17.2 decisions', () => {
  it.each(GOLDEN)('%s: %s (accepted: %s)', (entity, filter, accepted) => {
    if (accepted) expect(() => parseFilter(filter, entity)).not.toThrow();
    else expect(() => parseFilter(filter, entity)).toThrow(FilterSyntaxError);
  });

  it('keeps the values the recorded searches rely on', () => {
    expect(clauses("datasets.digest IN ('0a0b0c0d')")).toEqual([
      { type: 'dataset', key: 'digest', op: 'IN', value: ['0a0b0c0d'] },
    ]);
    expect(clauses(`attributes.run_id IN ('${RUN_A}', '${RUN_B}')`)[0]?.value).toEqual([RUN_A, RUN_B]);
  });
});

describe('parseFilter: misuse', () => {
  it('throws a TypeError for an unknown entity', () => {
    expect(() => parseFilter("name = 'x'", 'jobs' as SearchEntity)).toThrow(TypeError);
  });

  it('makes FilterSyntaxError a real Error', () => {
    const error = refusal('name = ', 'experiments');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('FilterSyntaxError');
  });
});
