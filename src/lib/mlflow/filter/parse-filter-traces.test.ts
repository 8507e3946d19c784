// The trace search grammar (MLflow's SearchTraceUtils): attributes with their aliases, tags and
// request metadata (`metadata.` as MLflow 3 writes it), AND only, and order_by over the same fields.
import { describe, expect, it } from 'vitest';
import { FilterSyntaxError, OrderBySyntaxError } from './filter-syntax-error.js';
import { parseFilter } from './parse-filter.js';
import { parseOrderBy } from './parse-order-by.js';
import { printFilter } from './print-filter.js';

const traces = (input: string) => parseFilter(input, 'traces').clauses;

function refused(input: string): string {
  try {
    parseFilter(input, 'traces');
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error.message;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

describe('trace filters', () => {
  it('reads attributes and folds their aliases', () => {
    expect(
      traces("attributes.status = 'OK' AND timestamp > 5 AND execution_time <= 10 AND trace_id = 'tr-1' AND state != 'ERROR'"),
    ).toEqual([
      { type: 'attribute', key: 'status', op: '=', value: 'OK' },
      { type: 'attribute', key: 'timestamp_ms', op: '>', value: 5 },
      { type: 'attribute', key: 'execution_time_ms', op: '<=', value: 10 },
      { type: 'attribute', key: 'request_id', op: '=', value: 'tr-1' },
      { type: 'attribute', key: 'status', op: '!=', value: 'ERROR' },
    ]);
  });

  it('keeps upper-case statuses in IN lists (run ids are lower-cased, statuses are not)', () => {
    expect(traces("status IN ('OK', 'ERROR')")).toEqual([{ type: 'attribute', key: 'status', op: 'IN', value: ['OK', 'ERROR'] }]);
  });

  it('reads tags, request metadata and the name / run_id shortcuts', () => {
    expect(
      traces(
        "tags.`mlflow.traceName` LIKE 'qa%' AND request_metadata.`mlflow.sourceRun` = 'r1' AND metadata.user ILIKE 'A%' AND name = 'x' AND run_id = 'r2'",
      ),
    ).toEqual([
      { type: 'tag', key: 'mlflow.traceName', op: 'LIKE', value: 'qa%' },
      { type: 'request_metadata', key: 'mlflow.sourceRun', op: '=', value: 'r1' },
      { type: 'request_metadata', key: 'user', op: 'ILIKE', value: 'A%' },
      { type: 'attribute', key: 'name', op: '=', value: 'x' },
      { type: 'attribute', key: 'run_id', op: '=', value: 'r2' },
    ]);
  });

  it('prints request metadata clauses back to a filter it reads the same', () => {
    const parsed = traces("request_metadata.`mlflow.sourceRun` = 'r1' AND tags.team = 'a'");
    expect(traces(printFilter(parsed))).toEqual(parsed);
  });

  it('refuses what MLflow refuses', () => {
    expect(refused('metrics.loss > 1')).toMatch(/Invalid entity type 'metrics'/);
    expect(refused('attributes.colour = 1')).toMatch(/Invalid attribute key 'colour'/);
    expect(refused("timestamp_ms > '5'")).toMatch(/Expected numeric value type for numeric attribute: timestamp_ms/);
    expect(refused('tags.team = 5')).toMatch(/Expected a quoted string value for tag/);
    expect(refused("tags.team > 'a'")).toMatch(/Invalid comparator '>'/);
    expect(refused("status = 'OK' OR status = 'ERROR'")).toMatch(/'OR' is not supported/);
  });
});

describe('trace order_by', () => {
  it('orders by attributes, tags and metadata', () => {
    expect(
      parseOrderBy(['timestamp DESC', 'attributes.execution_time_ms', 'tags.team ASC', 'request_metadata.user DESC', 'name'], 'traces'),
    ).toEqual([
      { type: 'attribute', key: 'timestamp_ms', ascending: false },
      { type: 'attribute', key: 'execution_time_ms', ascending: true },
      { type: 'tag', key: 'team', ascending: true },
      { type: 'request_metadata', key: 'user', ascending: false },
      { type: 'attribute', key: 'name', ascending: true },
    ]);
  });

  it('refuses unknown fields and duplicates', () => {
    expect(() => parseOrderBy(['params.x'], 'traces')).toThrow(OrderBySyntaxError);
    expect(() => parseOrderBy(['colour'], 'traces')).toThrow(/Invalid attribute key 'colour'/);
    expect(() => parseOrderBy(['timestamp_ms', 'timestamp_ms DESC'], 'traces')).toThrow(/duplicate/);
  });
});
