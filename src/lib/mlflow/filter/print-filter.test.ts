import { describe, expect, it } from 'vitest';
import { parseFilter } from './parse-filter.js';
import { printFilter, quoteName, quoteString } from './print-filter.js';
import type { FilterClause, FilterOp, SearchEntity } from './types.js';

function roundTrip(input: string, entity: SearchEntity): void {
  const { clauses } = parseFilter(input, entity);
  expect(parseFilter(printFilter(clauses), entity).clauses).toEqual(clauses);
}

describe('printFilter: canonical output', () => {
  it('prints nothing for no clauses', () => {
    expect(printFilter([])).toBe('');
  });

  it('uses plural prefixes, bare attributes, upper-case operators and single spaces', () => {
    const { clauses } = parseFilter(
      "metric.loss<0.4 and param.lr='0.01' AND tag.team ilike 'b%' AND attr.status = 'FINISHED' and dataset.name not in ('a','b')",
      'runs',
    );
    expect(printFilter(clauses)).toBe(
      "metrics.loss < 0.4 AND params.lr = '0.01' AND tags.team ILIKE 'b%' AND status = 'FINISHED' AND datasets.name NOT IN ('a', 'b')",
    );
  });

  it('prints canonical attribute keys for aliases', () => {
    const { clauses } = parseFilter("`Run name` = 'x' AND Created > 5", 'runs');
    expect(printFilter(clauses)).toBe("run_name = 'x' AND start_time > 5");
  });

  it('prints experiment attributes without the attributes. prefix MLflow refuses there', () => {
    const { clauses } = parseFilter("attribute.name = 'x' AND attribute.creation_time > 0", 'experiments');
    expect(printFilter(clauses)).toBe("name = 'x' AND creation_time > 0");
  });

  it('prints hand-built clauses', () => {
    const clauses: FilterClause[] = [
      { type: 'metric', key: 'model-acc', op: '>=', value: 0.9 },
      { type: 'tag', key: 'mlflow.runName', op: 'LIKE', value: "it's %" },
      { type: 'attribute', key: 'run_id', op: 'IN', value: ['a', 'b'] },
    ];
    expect(printFilter(clauses)).toBe(
      "metrics.`model-acc` >= 0.9 AND tags.`mlflow.runName` LIKE \"it's %\" AND run_id IN ('a', 'b')",
    );
  });
});

describe('printFilter: quoting', () => {
  it.each([
    ['loss', 'loss'],
    ['_x1', '_x1'],
    ['mlflow.runName', '`mlflow.runName`'],
    ['model-acc', '`model-acc`'],
    ['my key', '`my key`'],
    ['1st', '`1st`'],
    ['größe', '`größe`'],
    ['and', '`and`'],
    ['NOT', '`NOT`'],
    ['a`b', '"a`b"'],
    ['a`b"c', '`a``b"c`'],
  ])('writes key %j as %s', (key, printed) => {
    expect(quoteName(key)).toBe(printed);
  });

  it.each([
    ['plain', "'plain'"],
    ['', "''"],
    ["it's", '"it\'s"'],
    ['say "hi"', '\'say "hi"\''],
    ['it\'s "x"', "'it''s \"x\"'"],
    ['C:\\temp\\', "'C:\\temp\\'"],
  ])('writes string %j as %s', (value, printed) => {
    expect(quoteString(value)).toBe(printed);
  });

  it('always single-quotes list items, doubling embedded quotes', () => {
    expect(printFilter([{ type: 'dataset', key: 'name', op: 'IN', value: ["o'k", 'x"y'] }])).toBe(
      "datasets.name IN ('o''k', 'x\"y')",
    );
  });

  it.each([
    [-0, '-0'],
    [1e21, '1e+21'],
    [1e-7, '1e-7'],
    [-1.5, '-1.5'],
    [1700000003000, '1700000003000'],
  ])('writes the number %s as %s', (value, printed) => {
    expect(printFilter([{ type: 'metric', key: 'm', op: '=', value }])).toBe(`metrics.m = ${printed}`);
  });

  it('refuses values no filter can express', () => {
    expect(() => printFilter([{ type: 'attribute', key: 'run_id', op: 'IN', value: [] }])).toThrow(RangeError);
    expect(() => printFilter([{ type: 'metric', key: 'm', op: '=', value: Number.NaN }])).toThrow(RangeError);
    expect(() => printFilter([{ type: 'metric', key: 'm', op: '>', value: Number.POSITIVE_INFINITY }])).toThrow(
      RangeError,
    );
  });
});

describe('printFilter: round trips', () => {
  it.each([
    ['runs', 'metrics.loss <= 0.3 AND metrics.acc > 0.9'],
    ['runs', "tags.`mlflow.runName` LIKE '%-s09-%a'"],
    ['runs', 'tags."team" = \'red\''],
    ['runs', "attributes.run_id IN ('abc', 'def') AND run_id NOT IN ('x')"],
    ['runs', "`Run name` = 'zeta' AND created >= 1700000003000 AND end_time < -1.5e+2"],
    ['runs', "datasets.digest IN ('0a0b0c0d') AND dataset.context = 'training'"],
    ['runs', 'tags.x = \'it\'\'s\' AND tags.y = "say ""hi""" AND params.`a b` != \'\''],
    ['experiments', "name LIKE 'gold-%' AND tags.`priority` = '1' AND creation_time > 0"],
    ['registered_models', "name ILIKE 'x%' AND tags.fruit = 'yes'"],
    ['model_versions', "name = 'm' AND version_number > 1 AND run_id IN ('abc') AND source_path LIKE 's3://%'"],
  ] as const)('%s: %s', (entity, input) => {
    roundTrip(input, entity);
  });

  it('round-trips random clauses with awkward keys and values', () => {
    const random = mulberry32(20241117);
    for (let i = 0; i < 500; i += 1) {
      const clauses = Array.from({ length: 1 + Math.floor(random() * 4) }, () => randomRunClause(random));
      const printed = printFilter(clauses);
      expect(parseFilter(printed, 'runs').clauses, printed).toEqual(clauses);
    }
  });
});

// Small deterministic PRNG so a failing case can be replayed.
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEY_CHARS = ['a', 'Z', '_', '1', '.', '-', ' ', '/', ':', '`', '"', "'", 'ä', '😀'];
const VALUE_CHARS = [...KEY_CHARS, '%', '\\', '\n', '(', ')', ',', 'AND', ' OR '];
const LOWER_LIST_CHARS = ['a', 'b', '0', '9', '-', "'", '"', ' ', '%'];
const NUMBERS = [0, -0, 1, -3, 0.1, 1e21, 1e-7, 123456789012, -2.5e-300];
const STRING_OPS: readonly FilterOp[] = ['=', '!=', 'LIKE', 'ILIKE'];
const NUMBER_OPS: readonly FilterOp[] = ['=', '!=', '<', '<=', '>', '>='];

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function randomText(random: () => number, chars: readonly string[], minLength: number): string {
  const length = minLength + Math.floor(random() * 6);
  return Array.from({ length }, () => pick(random, chars)).join('');
}

function randomRunClause(random: () => number): FilterClause {
  switch (pick(random, ['metric', 'param', 'tag', 'number-attribute', 'string-attribute', 'dataset'] as const)) {
    case 'metric':
      return {
        type: 'metric',
        key: randomText(random, KEY_CHARS, 1),
        op: pick(random, NUMBER_OPS),
        value: pick(random, NUMBERS),
      };
    case 'param':
    case 'tag':
      return {
        type: pick(random, ['param', 'tag'] as const),
        key: randomText(random, KEY_CHARS, 1),
        op: pick(random, STRING_OPS),
        value: randomText(random, VALUE_CHARS, 0),
      };
    case 'number-attribute':
      return {
        type: 'attribute',
        key: pick(random, ['start_time', 'end_time']),
        op: pick(random, NUMBER_OPS),
        value: pick(random, NUMBERS),
      };
    case 'string-attribute':
      return {
        type: 'attribute',
        key: pick(random, ['run_id', 'run_name', 'status', 'user_id', 'artifact_uri']),
        op: pick(random, STRING_OPS),
        value: randomText(random, VALUE_CHARS, 0),
      };
    case 'dataset': {
      const key = pick(random, ['name', 'digest', 'context']);
      if (random() < 0.5)
        return { type: 'dataset', key, op: pick(random, STRING_OPS), value: randomText(random, VALUE_CHARS, 0) };
      const values = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
        randomText(random, LOWER_LIST_CHARS, 0),
      );
      return { type: 'dataset', key, op: pick(random, ['IN', 'NOT IN'] as const), value: values };
    }
  }
}
