// Unit tests of the golden replay harness itself: proves it can fail, and that each README rule
// (placeholders, set-like arrays, quirk alternatives, request sending) does what it says.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  type ActualResponse,
  compareJson,
  createReplayState,
  evaluateExchange,
  type Exchange,
  type GoldenFile,
  type GoldenResponse,
  randomUniq,
  replayFile,
} from './golden-replay.js';

const UNIQ = 'abcdefgh';

const jsonAnswer = (status: number, body: unknown): ActualResponse => ({
  status,
  contentType: 'application/json',
  contentDisposition: null,
  body: new TextEncoder().encode(JSON.stringify(body)),
});

function exchangeOf(seq: number, response: GoldenResponse, requestPath = '/api/2.0/mlflow/x'): Exchange {
  return {
    seq,
    request: {
      method: 'GET',
      path: requestPath,
      query: [],
      body_kind: 'none',
      body: null,
    },
    response,
  };
}

const jsonResponse = (status: number, body: GoldenResponse['body']): GoldenResponse => ({
  status,
  content_type: 'application/json',
  body_kind: 'json',
  body,
});

describe('compareJson', () => {
  it('fails on a missing key, an extra key and a different value, with JSON paths', () => {
    const diffs = compareJson(
      { run: { info: { status: 'RUNNING', end_time: 5 } } },
      { run: { info: { status: 'FINISHED', extra: 1 } } },
      UNIQ,
      new Map(),
    );
    expect(diffs).toEqual([
      '$.run.info.status: expected "RUNNING", got "FINISHED"',
      '$.run.info.end_time: missing key (expected 5)',
      '$.run.info.extra: unexpected key (got 1)',
    ]);
  });

  it('tells a missing key from an empty value', () => {
    expect(compareJson({}, { runs: [] }, UNIQ, new Map())).toEqual(['$.runs: unexpected key (got [])']);
  });

  it('compares numbers by value', () => {
    expect(compareJson({ value: 1.0 }, { value: 1 }, UNIQ, new Map())).toEqual([]);
    expect(compareJson({ value: 1 }, { value: '1' }, UNIQ, new Map())).toHaveLength(1);
  });

  it('ignores the order of set-like arrays, matching items by key', () => {
    const expected = {
      run: {
        data: {
          tags: [
            { key: 'a', value: '1' },
            { key: 'b', value: '2' },
          ],
          metrics: [
            { key: 'm1', value: 1 },
            { key: 'm2', value: 2 },
          ],
        },
      },
    };
    const actual = {
      run: {
        data: {
          tags: [
            { key: 'b', value: '2' },
            { key: 'a', value: '1' },
          ],
          metrics: [
            { key: 'm2', value: 2 },
            { key: 'm1', value: 1 },
          ],
        },
      },
    };
    expect(compareJson(expected, actual, UNIQ, new Map())).toEqual([]);
    expect(compareJson({ aliases: ['x', 'y'] }, { aliases: ['y', 'x'] }, UNIQ, new Map())).toEqual([]);
  });

  it('still checks set-like items, and keeps other arrays ordered', () => {
    const tagDiffs = compareJson(
      { tags: [{ key: 'a', value: '1' }] },
      {
        tags: [
          { key: 'a', value: '2' },
          { key: 'c', value: '3' },
        ],
      },
      UNIQ,
      new Map(),
    );
    expect(tagDiffs).toEqual([
      '$.tags["a"].value: expected "1", got "2"',
      '$.tags: unexpected item "c": {"key":"c","value":"3"}',
    ]);
    // A metric history is ordered (metrics outside a run's data).
    const history = compareJson(
      { metrics: [{ step: 0 }, { step: 1 }] },
      { metrics: [{ step: 1 }, { step: 0 }] },
      UNIQ,
      new Map(),
    );
    expect(history).toEqual(['$.metrics[0].step: expected 0, got 1', '$.metrics[1].step: expected 1, got 0']);
  });

  it('binds a placeholder inside a longer string, then demands the bound value', () => {
    const bindings = new Map<string, string>();
    expect(
      compareJson(
        {
          artifact_uri: 'mlflow-artifacts:/<exp_id:1>/<run_id:1>/artifacts',
          name: 'gold-<uniq>-x',
        },
        {
          artifact_uri: 'mlflow-artifacts:/42/0123abcd/artifacts',
          name: 'gold-abcdefgh-x',
        },
        UNIQ,
        bindings,
      ),
    ).toEqual([]);
    expect(bindings.get('<exp_id:1>')).toBe('42');
    expect(bindings.get('<run_id:1>')).toBe('0123abcd');
    expect(compareJson({ run_id: '<run_id:1>' }, { run_id: 'other' }, UNIQ, bindings)).toEqual([
      '$.run_id: expected "0123abcd", got "other"',
    ]);
    expect(compareJson({ filter: "run_id = '<run_id:1>'" }, { filter: "run_id = '0123abcd'" }, UNIQ, bindings)).toEqual(
      [],
    );
  });

  it('refuses the same value for two different ids of a kind', () => {
    const bindings = new Map([['<exp_id:1>', '7']]);
    expect(compareJson({ experiment_id: '<exp_id:2>' }, { experiment_id: '7' }, UNIQ, bindings)).toEqual([
      '$.experiment_id: <exp_id:2> came back as "7", the value already bound to <exp_id:1>',
    ]);
  });

  it('lets <ts> match any integer and nothing else', () => {
    const bindings = new Map<string, string>();
    expect(compareJson({ creation_time: '<ts>' }, { creation_time: 1700000000123 }, UNIQ, bindings)).toEqual([]);
    expect(compareJson({ creation_time: '<ts>' }, { creation_time: '1700000000123' }, UNIQ, bindings)).toHaveLength(1);
    expect(compareJson({ creation_time: '<ts>' }, { creation_time: 1.5 }, UNIQ, bindings)).toHaveLength(1);
    expect(compareJson({ creation_time: '<ts>' }, {}, UNIQ, bindings)).toHaveLength(1);
    expect(bindings.size).toBe(0);
  });

  it('accepts ±Infinity as the recorded ±DBL_MAX or as strings', () => {
    const expected = {
      metrics: [{ value: 1.7976931348623157e308 }, { value: -1.7976931348623157e308 }],
    };
    expect(
      compareJson(expected, { metrics: [{ value: 'Infinity' }, { value: '-Infinity' }] }, UNIQ, new Map()),
    ).toEqual([]);
    expect(compareJson(expected, expected, UNIQ, new Map())).toEqual([]);
    expect(
      compareJson(expected, { metrics: [{ value: '-Infinity' }, { value: 'Infinity' }] }, UNIQ, new Map()),
    ).toHaveLength(2);
  });

  it('compares error_code but not the wording of an error message', () => {
    const expected = {
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: 'Run with id=x not found',
    };
    expect(
      compareJson(expected, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no such run' }, UNIQ, new Map()),
    ).toEqual([]);
    expect(compareJson(expected, { error_code: 'INVALID_PARAMETER_VALUE', message: 'x' }, UNIQ, new Map())).toEqual([
      '$.error_code: expected "RESOURCE_DOES_NOT_EXIST", got "INVALID_PARAMETER_VALUE"',
    ]);
  });
});

describe('evaluateExchange', () => {
  const file = (name: string, exchanges: Exchange[]): GoldenFile => ({
    name,
    exchanges,
  });

  it('accepts the alternative a quirk names, and only that', () => {
    // 09_runs_search.json #60 is a quirk: a trailing AND is tolerated; 400 INVALID_PARAMETER_VALUE is fine.
    const exchange = exchangeOf(60, jsonResponse(200, {}));
    const golden = file('09_runs_search.json', [exchange]);
    const accepted = evaluateExchange(
      exchange,
      jsonAnswer(400, {
        error_code: 'INVALID_PARAMETER_VALUE',
        message: 'bad filter',
      }),
      createReplayState(golden, UNIQ),
    );
    expect(accepted).toMatchObject({ seq: 60, ok: true });
    expect(accepted.matched).toContain('INVALID_PARAMETER_VALUE');

    const refused = evaluateExchange(
      exchange,
      jsonAnswer(400, { error_code: 'BAD_REQUEST', message: 'bad filter' }),
      createReplayState(golden, UNIQ),
    );
    expect(refused.ok).toBe(false);
    expect(refused.diff).toContain('status: expected 200, got 400');
    expect(refused.diff).toContain('$.error_code: expected one of "INVALID_PARAMETER_VALUE", got "BAD_REQUEST"');

    // Another exchange of the same file is not a quirk: no alternative.
    const elsewhere = evaluateExchange(
      exchangeOf(59, jsonResponse(200, {})),
      jsonAnswer(400, {
        error_code: 'INVALID_PARAMETER_VALUE',
        message: 'bad filter',
      }),
      createReplayState(golden, UNIQ),
    );
    expect(elsewhere.ok).toBe(false);
  });

  it('keeps the bindings of the answer that matched, and best-effort bindings on failure', () => {
    const exchange = exchangeOf(1, jsonResponse(200, { experiment_id: '<exp_id:1>', name: 'gold-<uniq>-e' }));
    const state = createReplayState(file('99_test.json', [exchange]), UNIQ);
    const result = evaluateExchange(exchange, jsonAnswer(200, { experiment_id: '5', name: 'wrong' }), state);
    expect(result.ok).toBe(false);
    expect(result.diff).toContain('$.name: expected "gold-abcdefgh-e", got "wrong"');
    expect(state.bindings.get('<exp_id:1>')).toBe('5');
  });

  it('accepts a JSON error in place of an HTML error page with the same status', () => {
    const page: GoldenResponse = {
      status: 404,
      content_type: 'text/html; charset=utf-8',
      body_kind: 'html',
      body: null,
      body_summary: '404 Not Found',
    };
    const state = createReplayState(file('99_test.json', []), UNIQ);
    const error = jsonAnswer(404, {
      error_code: 'ENDPOINT_NOT_FOUND',
      message: 'no route',
    });
    expect(evaluateExchange(exchangeOf(1, page), error, state).ok).toBe(true);
    const wrongStatus = evaluateExchange(exchangeOf(1, page), jsonAnswer(405, { error_code: 'X', message: '' }), state);
    expect(wrongStatus.ok).toBe(false);
    expect(wrongStatus.diff).toContain('status: expected 404, got 405');
    expect(evaluateExchange(exchangeOf(1, page), jsonAnswer(404, { nope: 1 }), state).ok).toBe(false);
  });

  it('compares the media type only, and allows text/plain and any version on /version', () => {
    const version: GoldenResponse = {
      status: 200,
      content_type: 'text/html; charset=utf-8',
      body_kind: 'text',
      body: '2.17.2',
    };
    const state = createReplayState(file('99_test.json', []), UNIQ);
    const answer = (contentType: string, text: string): ActualResponse => ({
      status: 200,
      contentType,
      contentDisposition: null,
      body: new TextEncoder().encode(text),
    });
    const ex = exchangeOf(2, version, '/version');
    expect(evaluateExchange(ex, answer('text/plain; charset=utf-8', '0.1.0'), state).ok).toBe(true);
    expect(evaluateExchange(ex, answer('text/html', '2.17.2'), state).ok).toBe(true);
    expect(evaluateExchange(ex, answer('application/json', '"0.1.0"'), state).ok).toBe(false);
    expect(evaluateExchange(ex, answer('text/plain', ''), state).ok).toBe(false);
    const health = exchangeOf(1, { ...version, body: 'OK' }, '/health');
    expect(evaluateExchange(health, answer('text/plain', 'OK'), state).ok).toBe(true);
    expect(evaluateExchange(health, answer('text/plain', 'ok'), state).ok).toBe(false);
  });

  it('accepts 400 alias-not-found where 2.17.2 gives 404 for an alias of a deleted version', () => {
    const ex: Exchange = {
      seq: 7,
      request: {
        method: 'GET',
        path: '/api/2.0/mlflow/registered-models/alias',
        query: [
          ['name', 'm'],
          ['alias', 'prod'],
        ],
        body_kind: 'none',
        body: null,
      },
      response: jsonResponse(404, {
        error_code: 'RESOURCE_DOES_NOT_EXIST',
        message: 'Model Version not found',
      }),
    };
    const state = createReplayState(file('99_test.json', [ex]), UNIQ);
    expect(
      evaluateExchange(
        ex,
        jsonAnswer(400, {
          error_code: 'INVALID_PARAMETER_VALUE',
          message: 'x',
        }),
        state,
      ).ok,
    ).toBe(true);
    expect(evaluateExchange(ex, jsonAnswer(400, { error_code: 'BAD_REQUEST', message: 'x' }), state).ok).toBe(false);
  });
});

describe('replayFile against a stub server', () => {
  interface Seen {
    method: string;
    url: string;
    contentType: string | undefined;
    contentLength: string | undefined;
    body: string;
  }
  const seen: Seen[] = [];
  let server: http.Server;
  let baseUrl = '';

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen.push({
          method: request.method ?? '',
          url: request.url ?? '',
          contentType: request.headers['content-type'],
          contentLength: request.headers['content-length'],
          body: Buffer.concat(chunks).toString('utf8'),
        });
        response.setHeader('Content-Type', 'application/json');
        if (request.url === '/create') response.end(JSON.stringify({ experiment_id: '17' }));
        else response.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends requests as written and binds ids for later requests', async () => {
    const ok = jsonResponse(200, {});
    const exchanges: Exchange[] = [
      {
        seq: 1,
        request: {
          method: 'POST',
          path: '/create',
          query: [],
          headers: { 'Content-Type': 'application/json' },
          body_kind: 'json',
          body: { name: 'gold-<uniq>-a' },
        },
        response: jsonResponse(200, { experiment_id: '<exp_id:1>' }),
      },
      {
        seq: 2,
        request: {
          method: 'GET',
          path: '/a/<exp_id:1>/%2E%2E/../b',
          query: [
            ['q', "x = '<uniq>' & y"],
            ['s', 'a'],
            ['s', 'b'],
          ],
          body_kind: 'none',
          body: null,
        },
        response: ok,
      },
      {
        seq: 3,
        request: {
          method: 'DELETE',
          path: '/d',
          query: [],
          body_kind: 'none',
          body: null,
        },
        response: ok,
      },
      {
        seq: 4,
        delay_ms: 5,
        request: {
          method: 'POST',
          path: '/t',
          query: [],
          body_kind: 'text',
          body: '{"id": "<exp_id:1>", NaN',
        },
        response: ok,
      },
      {
        seq: 5,
        request: {
          method: 'GET',
          path: '/g',
          query: [],
          headers: { 'Content-Type': 'application/json' },
          body_kind: 'json',
          body: { experiment_id: '<exp_id:1>' },
        },
        response: ok,
      },
      {
        seq: 6,
        request: {
          method: 'PUT',
          path: '/p',
          query: [],
          body_kind: 'base64',
          body: 'AAEC/w==',
        },
        response: ok,
      },
      // Expected to fail: the stub answers {} where an id is recorded.
      {
        seq: 7,
        request: {
          method: 'PATCH',
          path: '/x',
          query: [],
          body_kind: 'none',
          body: null,
        },
        response: jsonResponse(200, { id: 'x' }),
      },
    ];
    const results = await replayFile(baseUrl, { name: '99_stub.json', exchanges }, UNIQ);
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true, true, false]);
    expect(results[6]?.diff).toContain('$.id: missing key (expected "x")');

    expect(seen[0]).toMatchObject({
      method: 'POST',
      contentType: 'application/json',
      body: '{"name":"gold-abcdefgh-a"}',
    });
    expect(seen[1]).toMatchObject({
      method: 'GET',
      url: '/a/17/%2E%2E/../b?q=x+%3D+%27abcdefgh%27+%26+y&s=a&s=b',
      contentType: undefined,
      body: '',
    });
    expect(seen[2]).toMatchObject({
      method: 'DELETE',
      contentLength: '0',
      contentType: undefined,
    });
    expect(seen[3]).toMatchObject({
      method: 'POST',
      contentType: undefined,
      body: '{"id": "17", NaN',
    });
    expect(seen[4]).toMatchObject({
      method: 'GET',
      contentType: 'application/json',
      body: '{"experiment_id":"17"}',
    });
    expect(seen[5]).toMatchObject({
      method: 'PUT',
      contentType: undefined,
      contentLength: '4',
    });
    expect(seen[6]).toMatchObject({ method: 'PATCH', contentLength: '0' });
  });
});

describe('randomUniq', () => {
  it('is 8 lower-case letters', () => {
    expect(randomUniq()).toMatch(/^[a-z]{8}$/);
  });
});
