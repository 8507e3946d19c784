import { describe, expect, it } from 'vitest';
import { FilterSyntaxError, OrderBySyntaxError } from './filter-syntax-error.js';
import { parseOrderBy } from './parse-order-by.js';
import type { SearchEntity } from './types.js';

function refusal(clauses: string[], entity: SearchEntity): OrderBySyntaxError {
  try {
    parseOrderBy(clauses, entity);
  } catch (error) {
    if (error instanceof OrderBySyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(clauses)} to be refused for ${entity}`);
}

interface ExpectedError {
  message: string | RegExp;
  clauseIndex: number;
  position: number;
  length: number;
  underlined: string;
}

function expectRefused(clauses: string[], entity: SearchEntity, expected: ExpectedError): void {
  const error = refusal(clauses, entity);
  if (typeof expected.message === 'string') expect(error.message).toBe(expected.message);
  else expect(error.message).toMatch(expected.message);
  expect({ clauseIndex: error.clauseIndex, position: error.position, length: error.length }).toEqual({
    clauseIndex: expected.clauseIndex,
    position: expected.position,
    length: expected.length,
  });
  const text = clauses[error.clauseIndex] ?? '';
  expect(text.slice(error.position, error.position + error.length)).toBe(expected.underlined);
}

describe('parseOrderBy: syntax', () => {
  it('returns nothing for an empty list', () => {
    expect(parseOrderBy([], 'runs')).toEqual([]);
  });

  it('defaults to ascending and reads ASC / DESC in any case', () => {
    expect(parseOrderBy(['metrics.loss', 'params.lr asc', 'tags.team DESC', 'attributes.status Desc'], 'runs')).toEqual(
      [
        { type: 'metric', key: 'loss', ascending: true },
        { type: 'param', key: 'lr', ascending: true },
        { type: 'tag', key: 'team', ascending: false },
        { type: 'attribute', key: 'status', ascending: false },
      ],
    );
  });

  it('accepts quoted keys and surrounding whitespace', () => {
    expect(parseOrderBy(['  metrics.`loss` DESC ', 'tags."my key"', 'tags.mlflow.runName ASC'], 'runs')).toEqual([
      { type: 'metric', key: 'loss', ascending: false },
      { type: 'tag', key: 'my key', ascending: true },
      { type: 'tag', key: 'mlflow.runName', ascending: true },
    ]);
  });

  it('refuses an unknown direction', () => {
    expectRefused(['metrics.loss SIDEWAYS'], 'runs', {
      message: "Invalid ordering key in order_by clause 'metrics.loss SIDEWAYS'.",
      clauseIndex: 0,
      position: 13,
      length: 8,
      underlined: 'SIDEWAYS',
    });
  });

  it('refuses two fields in one entry', () => {
    expectRefused(['metrics.loss ASC, params.lr DESC'], 'runs', {
      message: "Invalid order_by clause 'metrics.loss ASC, params.lr DESC'. Could not be parsed.",
      clauseIndex: 0,
      position: 16,
      length: 16,
      underlined: ', params.lr DESC',
    });
  });

  it('refuses empty entries and entries that do not start with a name', () => {
    expectRefused([''], 'runs', {
      message: "Invalid order_by clause ''. Could not be parsed.",
      clauseIndex: 0,
      position: 0,
      length: 0,
      underlined: '',
    });
    expectRefused(['start_time', "'x' ASC"], 'runs', {
      message: "Invalid order_by clause ''x' ASC'. Could not be parsed.",
      clauseIndex: 1,
      position: 0,
      length: 3,
      underlined: "'x'",
    });
  });

  it('turns tokenizer errors into OrderBySyntaxError for the right entry', () => {
    const error = refusal(['start_time', 'metrics.`loss'], 'runs');
    expect(error).toBeInstanceOf(FilterSyntaxError);
    expect(error.name).toBe('OrderBySyntaxError');
    expect(error.message).toBe('Unterminated quoted name: missing closing `');
    expect([error.clauseIndex, error.position, error.length]).toEqual([1, 8, 5]);
  });
});

describe('parseOrderBy: runs', () => {
  it.each(['run_id', 'run_name', 'status', 'user_id', 'artifact_uri', 'start_time', 'end_time'])(
    'orders by attribute %s with or without prefix',
    (key) => {
      expect(parseOrderBy([key], 'runs')).toEqual([{ type: 'attribute', key, ascending: true }]);
      expect(parseOrderBy([`attr.${key} DESC`], 'runs')).toEqual([{ type: 'attribute', key, ascending: false }]);
    },
  );

  it.each(['created', 'Created', 'attributes.created'])('reads %s as start_time', (identifier) => {
    expect(parseOrderBy([`${identifier} DESC`], 'runs')).toEqual([
      { type: 'attribute', key: 'start_time', ascending: false },
    ]);
  });

  it('accepts every run prefix alias', () => {
    expect(parseOrderBy(['metric.a', 'parameters.b', 'tag.c', 'run.run_id'], 'runs')).toEqual([
      { type: 'metric', key: 'a', ascending: true },
      { type: 'param', key: 'b', ascending: true },
      { type: 'tag', key: 'c', ascending: true },
      { type: 'attribute', key: 'run_id', ascending: true },
    ]);
  });

  it('refuses the `Run name` alias (filters only)', () => {
    expectRefused(['`Run name` ASC'], 'runs', {
      message:
        "Invalid attribute key 'Run name' specified. Valid keys are '{'Created', 'artifact_uri', 'created', 'end_time', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'",
      clauseIndex: 0,
      position: 0,
      length: 10,
      underlined: '`Run name`',
    });
  });

  it('refuses datasets and unknown prefixes', () => {
    expectRefused(['datasets.name'], 'runs', {
      message: 'Invalid order_by entity: dataset',
      clauseIndex: 0,
      position: 0,
      length: 13,
      underlined: 'datasets.name',
    });
    expectRefused(['foo.bar'], 'runs', {
      message: /^Invalid entity type 'foo'/,
      clauseIndex: 0,
      position: 0,
      length: 3,
      underlined: 'foo',
    });
    expectRefused(['attributes.lifecycle_stage'], 'runs', {
      message: /^Invalid attribute key 'lifecycle_stage'/,
      clauseIndex: 0,
      position: 11,
      length: 15,
      underlined: 'lifecycle_stage',
    });
  });

  it('refuses the same field twice, also through aliases', () => {
    expectRefused(['metrics.loss ASC', 'metrics.`loss` DESC'], 'runs', {
      message: "`order_by` contains duplicate fields: ['metrics.loss ASC', 'metrics.`loss` DESC']",
      clauseIndex: 1,
      position: 0,
      length: 14,
      underlined: 'metrics.`loss`',
    });
    expectRefused(['start_time', 'metrics.x', 'created DESC'], 'runs', {
      message: /^`order_by` contains duplicate fields/,
      clauseIndex: 2,
      position: 0,
      length: 7,
      underlined: 'created',
    });
  });

  it('allows the same key under different types', () => {
    expect(parseOrderBy(['metrics.x', 'params.x', 'tags.x'], 'runs')).toHaveLength(3);
  });
});

describe('parseOrderBy: experiments', () => {
  it('orders by name, experiment_id, creation_time and last_update_time', () => {
    expect(
      parseOrderBy(
        ['name ASC', 'experiment_id DESC', 'attribute.creation_time', 'last_update_time desc'],
        'experiments',
      ),
    ).toEqual([
      { type: 'attribute', key: 'name', ascending: true },
      { type: 'attribute', key: 'experiment_id', ascending: false },
      { type: 'attribute', key: 'creation_time', ascending: true },
      { type: 'attribute', key: 'last_update_time', ascending: false },
    ]);
  });

  it('refuses tags, unknown keys and the attributes. prefix', () => {
    expectRefused(['tags.team ASC'], 'experiments', {
      message: 'Invalid order_by entity: tag',
      clauseIndex: 0,
      position: 0,
      length: 9,
      underlined: 'tags.team',
    });
    expectRefused(['foo'], 'experiments', {
      message:
        "Invalid attribute key 'foo' specified. Valid keys are '{'creation_time', 'experiment_id', 'last_update_time', 'name'}'",
      clauseIndex: 0,
      position: 0,
      length: 3,
      underlined: 'foo',
    });
    expectRefused(['name sideways'], 'experiments', {
      message: "Invalid ordering key in order_by clause 'name sideways'.",
      clauseIndex: 0,
      position: 5,
      length: 8,
      underlined: 'sideways',
    });
    expectRefused(['attributes.name'], 'experiments', {
      message: "Invalid entity type 'attributes'. Valid entity types are ('attribute', 'tag', 'tags')",
      clauseIndex: 0,
      position: 0,
      length: 10,
      underlined: 'attributes',
    });
  });

  it('lets a field repeat, as MLflow does for experiments', () => {
    expect(parseOrderBy(['name ASC', 'name DESC'], 'experiments')).toHaveLength(2);
  });
});

describe('parseOrderBy: registered models', () => {
  it('orders by name and last_updated_timestamp (alias timestamp)', () => {
    expect(parseOrderBy(['last_updated_timestamp DESC', 'name ASC'], 'registered_models')).toEqual([
      { type: 'attribute', key: 'last_updated_timestamp', ascending: false },
      { type: 'attribute', key: 'name', ascending: true },
    ]);
    expect(parseOrderBy(['timestamp ASC'], 'registered_models')).toEqual([
      { type: 'attribute', key: 'last_updated_timestamp', ascending: true },
    ]);
  });

  it('refuses other keys, including creation_timestamp and prefixed names', () => {
    expectRefused(['foo ASC'], 'registered_models', {
      message: "Invalid order by key 'foo' specified. Valid keys are '{'name', 'timestamp'}'",
      clauseIndex: 0,
      position: 0,
      length: 3,
      underlined: 'foo',
    });
    expectRefused(['creation_timestamp'], 'registered_models', {
      message: /^Invalid order by key 'creation_timestamp'/,
      clauseIndex: 0,
      position: 0,
      length: 18,
      underlined: 'creation_timestamp',
    });
    expectRefused(['name', 'attribute.name DESC'], 'registered_models', {
      message: /^Invalid order by key 'attribute\.name'/,
      clauseIndex: 1,
      position: 0,
      length: 14,
      underlined: 'attribute.name',
    });
  });

  it('refuses timestamp together with last_updated_timestamp', () => {
    expectRefused(['timestamp ASC', 'last_updated_timestamp desc'], 'registered_models', {
      message: /^`order_by` contains duplicate fields/,
      clauseIndex: 1,
      position: 0,
      length: 22,
      underlined: 'last_updated_timestamp',
    });
  });
});

describe('parseOrderBy: model versions', () => {
  it('orders by name, version_number, creation_timestamp and last_updated_timestamp', () => {
    expect(
      parseOrderBy(
        ['name DESC', 'version_number ASC', 'creation_timestamp', 'attribute.last_updated_timestamp DESC'],
        'model_versions',
      ),
    ).toEqual([
      { type: 'attribute', key: 'name', ascending: false },
      { type: 'attribute', key: 'version_number', ascending: true },
      { type: 'attribute', key: 'creation_timestamp', ascending: true },
      { type: 'attribute', key: 'last_updated_timestamp', ascending: false },
    ]);
  });

  it('refuses tags, unknown keys and duplicates', () => {
    expectRefused(['tags.t'], 'model_versions', {
      message: 'Invalid order_by entity: tag',
      clauseIndex: 0,
      position: 0,
      length: 6,
      underlined: 'tags.t',
    });
    expectRefused(['version'], 'model_versions', {
      message:
        "Invalid attribute key 'version' specified. Valid keys are '{'creation_timestamp', 'last_updated_timestamp', 'name', 'version_number'}'",
      clauseIndex: 0,
      position: 0,
      length: 7,
      underlined: 'version',
    });
    expectRefused(['name', 'attribute.name DESC'], 'model_versions', {
      message: /^`order_by` contains duplicate fields/,
      clauseIndex: 1,
      position: 0,
      length: 14,
      underlined: 'attribute.name',
    });
  });
});
