import { describe, expect, it } from 'vitest';
import {
  buildOrderBy,
  buildSearchFilter,
  createdClauses,
  looksLikeFilterExpression,
  quoteFilterString,
  statusClauses,
  translateFilterText,
} from './filter-translation';
import { childRunsFilter, runIdsFilter } from '../../../entities/runs/run-search-params';

describe('translateFilterText', () => {
  it('keeps a valid MLflow filter as typed', () => {
    expect(translateFilterText("metrics.acc > 0.9 AND params.opt = 'adam'")).toEqual({
      kind: 'mlflow',
      filter: "metrics.acc > 0.9 AND params.opt = 'adam'",
      usesOr: false,
    });
  });

  it('accepts OR and parentheses, and wraps a top-level OR so quick filters AND the whole of it', () => {
    expect(translateFilterText("params.opt = 'adam' or params.opt = 'sgd'")).toEqual({
      kind: 'mlflow',
      filter: "(params.opt = 'adam' or params.opt = 'sgd')",
      usesOr: true,
    });
    expect(translateFilterText("metrics.acc > 0.9 AND (params.opt = 'adam' OR params.opt = 'sgd')")).toEqual({
      kind: 'mlflow',
      filter: "metrics.acc > 0.9 AND (params.opt = 'adam' OR params.opt = 'sgd')",
      usesOr: true,
    });
    expect(translateFilterText("attributes.run_id IN ('a', 'b')")).toMatchObject({ usesOr: false });
    const built = buildSearchFilter({ filter: "tags.t = 'a' OR tags.t = 'b'", statuses: ['FAILED'], created: null }, 0);
    expect(built).toEqual({ ok: true, filter: "(tags.t = 'a' OR tags.t = 'b') AND attributes.status = 'FAILED'" });
  });

  it('underlines an unclosed parenthesis', () => {
    const result = translateFilterText("metrics.acc > 0.9 AND (params.opt = 'adam'");
    expect(result).toMatchObject({ kind: 'error', problem: { position: 22, message: "Unclosed '(' in filter string" } });
  });

  it('reads plain text as "run name contains"', () => {
    expect(translateFilterText('  resnet  ')).toEqual({ kind: 'plain', filter: "attributes.run_name ILIKE '%resnet%'" });
    expect(translateFilterText('my-run 2')).toEqual({ kind: 'plain', filter: "attributes.run_name ILIKE '%my-run 2%'" });
  });

  it('quotes plain text that contains quotes', () => {
    expect(translateFilterText("bob's run")).toEqual({ kind: 'plain', filter: `attributes.run_name ILIKE "%bob's run%"` });
  });

  it('reports syntax errors with their position when the text looks like a filter', () => {
    const result = translateFilterText('metrics.acc >');
    expect(result.kind).toBe('error');
    if (result.kind !== 'error') return;
    expect(result.problem.position).toBeGreaterThanOrEqual(12);
    expect(result.problem.message).toMatch(/./);

    const unknown = translateFilterText("nope = 'x'");
    expect(unknown.kind).toBe('error');
    if (unknown.kind === 'error') expect(unknown.problem.position).toBe(0);

    const danglingOr = translateFilterText("params.a = '1' OR");
    expect(danglingOr.kind).toBe('error');
    if (danglingOr.kind === 'error') expect(danglingOr.problem.position).toBe(15);
  });

  it('treats a bare prefixed key as an incomplete filter', () => {
    expect(translateFilterText('metrics.acc').kind).toBe('error');
  });

  it('is empty for blank text', () => {
    expect(translateFilterText('   ')).toEqual({ kind: 'empty' });
  });
});

describe('looksLikeFilterExpression', () => {
  it.each([
    ['a = 1', true],
    ["name LIKE 'x%'", true],
    ["run_id IN ('a')", true],
    ['tags.team', true],
    ['resnet 50', false],
    ['likely winner', false],
  ])('%s -> %s', (text, expected) => {
    expect(looksLikeFilterExpression(text)).toBe(expected);
  });
});

describe('quick filter clauses', () => {
  it('writes one status as =, several as != of the others', () => {
    expect(statusClauses([])).toEqual([]);
    expect(statusClauses(['RUNNING'])).toEqual(["attributes.status = 'RUNNING'"]);
    expect(statusClauses(['RUNNING', 'FAILED'])).toEqual([
      "attributes.status != 'SCHEDULED'",
      "attributes.status != 'FINISHED'",
      "attributes.status != 'KILLED'",
    ]);
    expect(statusClauses(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'])).toEqual([]);
  });

  it('turns created-within into start_time bounds', () => {
    expect(createdClauses({ within: '1h' }, 10_000_000)).toEqual(['attributes.start_time >= 6400000']);
    expect(createdClauses({ within: '7d' }, 1_000_000_000)).toEqual([`attributes.start_time >= ${1_000_000_000 - 7 * 86_400_000}`]);
    expect(createdClauses({ within: 'custom', from: 5, to: 9 }, 0)).toEqual(['attributes.start_time >= 5', 'attributes.start_time <= 9']);
    expect(createdClauses(null, 0)).toEqual([]);
  });

  it('joins typed text and quick filters with AND, producing a filter the parser accepts', () => {
    const result = buildSearchFilter({ filter: 'resnet', statuses: ['FINISHED'], created: { within: '24h' } }, 100_000_000);
    expect(result).toEqual({
      ok: true,
      filter: "attributes.run_name ILIKE '%resnet%' AND attributes.status = 'FINISHED' AND attributes.start_time >= 13600000",
    });
    if (result.ok) expect(translateFilterText(result.filter).kind).toBe('mlflow');
  });

  it('refuses to build a filter from invalid text', () => {
    expect(buildSearchFilter({ filter: 'metrics.a >> 1', statuses: [], created: null }, 0).ok).toBe(false);
  });
});

describe('order_by and helper filters', () => {
  it('builds order_by entries for metric, param, attribute and tag columns', () => {
    expect(buildOrderBy({ columnId: 'metrics.acc', descending: true })).toEqual(['metrics.`acc` DESC']);
    expect(buildOrderBy({ columnId: 'params.learning rate', descending: false })).toEqual(['params.`learning rate` ASC']);
    expect(buildOrderBy({ columnId: 'created', descending: false })).toEqual(['attributes.start_time ASC']);
    expect(buildOrderBy({ columnId: 'user', descending: true })).toEqual(['tags.`mlflow.user` DESC']);
    expect(buildOrderBy({ columnId: 'duration', descending: true })).toEqual([]);
    expect(buildOrderBy(null)).toEqual([]);
  });

  it('builds child and run-id filters the parser accepts', () => {
    const child = childRunsFilter('abc', "metrics.acc > 1");
    expect(child).toBe("metrics.acc > 1 AND tags.`mlflow.parentRunId` = 'abc'");
    expect(translateFilterText(child).kind).toBe('mlflow');
    const ids = runIdsFilter(['a1', 'b2']);
    expect(ids).toBe("attributes.run_id IN ('a1', 'b2')");
    expect(translateFilterText(ids).kind).toBe('mlflow');
  });

  it('quotes strings with either quote kind', () => {
    expect(quoteFilterString('plain')).toBe("'plain'");
    expect(quoteFilterString("it's")).toBe(`"it's"`);
    expect(quoteFilterString(`it's "x"`, true)).toBe(`'it_s "x"'`);
  });
});
