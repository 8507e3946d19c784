// Registered models: create / get / update / rename / delete / tags / aliases / search /
// get-latest-versions, success and error paths, against MLflow's recorded semantics.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API, createModel, createVersion, get, send, sleep, startServer, type TestServer } from './registry-helpers.js';

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

const app = () => server.app;

describe('registered-models/create', () => {
  it('creates a model with only a name (no description key, no empty lists)', async () => {
    const reply = await send(app(), 'POST', `${API}/registered-models/create`, { name: 'm1' });
    expect(reply.status).toBe(200);
    const model = reply.json.registered_model;
    expect(Object.keys(model).sort()).toEqual(['creation_timestamp', 'last_updated_timestamp', 'name']);
    expect(model.creation_timestamp).toBe(model.last_updated_timestamp);
    expect(typeof model.creation_timestamp).toBe('number');
  });

  it('keeps description and tags; the last of duplicate tag keys wins', async () => {
    const reply = await send(app(), 'POST', `${API}/registered-models/create`, {
      name: 'm2',
      description: 'desc',
      tags: [
        { key: 'a', value: '1' },
        { key: 'empty', value: '' },
        { key: 'a', value: '2' },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.json.registered_model.description).toBe('desc');
    expect(reply.json.registered_model.tags).toEqual([
      { key: 'a', value: '2' },
      { key: 'empty', value: '' },
    ]);
  });

  it('refuses a duplicate name with 400 RESOURCE_ALREADY_EXISTS', async () => {
    await createModel(app(), 'dup');
    const reply = await send(app(), 'POST', `${API}/registered-models/create`, { name: 'dup' });
    expect(reply.status).toBe(400);
    expect(reply.json.error_code).toBe('RESOURCE_ALREADY_EXISTS');
  });

  it('refuses a missing or empty name', async () => {
    for (const body of [{}, { name: '' }]) {
      const reply = await send(app(), 'POST', `${API}/registered-models/create`, body);
      expect(reply.status).toBe(400);
      expect(reply.json.error_code).toBe('INVALID_PARAMETER_VALUE');
      expect(reply.json.message).toContain("'name'");
    }
  });

  it('refuses bad tags (no key, too long key or value) and creates nothing', async () => {
    const bad = [[{ value: 'v' }], [{ key: 'k'.repeat(251), value: 'v' }], [{ key: 'k', value: 'v'.repeat(5001) }]];
    for (const tags of bad) {
      const reply = await send(app(), 'POST', `${API}/registered-models/create`, { name: 'badtags', tags });
      expect(reply.status).toBe(400);
      expect(reply.json.error_code).toBe('INVALID_PARAMETER_VALUE');
    }
    expect((await get(app(), `${API}/registered-models/get`, { name: 'badtags' })).status).toBe(404);
  });

  it('needs Content-Type application/json', async () => {
    const response = await app().inject({ method: 'POST', url: `${API}/registered-models/create`, payload: '{"name":"x"}' });
    expect(response.statusCode).toBe(400);
  });
});

describe('registered-models/get', () => {
  it('answers the model under both prefixes', async () => {
    await createModel(app(), 'g1');
    for (const prefix of ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow']) {
      const reply = await get(app(), `${prefix}/registered-models/get`, { name: 'g1' });
      expect(reply.status).toBe(200);
      expect(reply.json.registered_model.name).toBe('g1');
    }
  });

  it('404 for an unknown model, 400 without a name', async () => {
    const missing = await get(app(), `${API}/registered-models/get`, { name: 'nope' });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Registered Model with name=nope not found' });
    const noName = await get(app(), `${API}/registered-models/get`);
    expect(noName.status).toBe(400);
    expect(noName.json.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('is GET only', async () => {
    const reply = await send(app(), 'POST', `${API}/registered-models/get`, { name: 'x' });
    expect(reply.status).toBe(405);
  });
});

describe('registered-models/update (PATCH)', () => {
  it('sets the description and bumps last_updated_timestamp; an omitted description clears it', async () => {
    const created = (await createModel(app(), 'u1')).json.registered_model;
    await sleep(2);
    const updated = await send(app(), 'PATCH', `${API}/registered-models/update`, { name: 'u1', description: 'new' });
    expect(updated.status).toBe(200);
    expect(updated.json.registered_model.description).toBe('new');
    expect(updated.json.registered_model.last_updated_timestamp).toBeGreaterThan(created.last_updated_timestamp);
    expect(updated.json.registered_model.creation_timestamp).toBe(created.creation_timestamp);

    const cleared = await send(app(), 'PATCH', `${API}/registered-models/update`, { name: 'u1' });
    expect(cleared.status).toBe(200);
    expect(cleared.json.registered_model).not.toHaveProperty('description');
    const fetched = await get(app(), `${API}/registered-models/get`, { name: 'u1' });
    expect(fetched.json.registered_model).not.toHaveProperty('description');
  });

  it('reads the body whatever the content type', async () => {
    await createModel(app(), 'u2');
    const response = await app().inject({
      method: 'PATCH',
      url: `${API}/registered-models/update`,
      payload: JSON.stringify({ name: 'u2', description: 'd' }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(response.statusCode).toBe(200);
  });

  it('404 for an unknown model, 400 without a name', async () => {
    expect((await send(app(), 'PATCH', `${API}/registered-models/update`, { name: 'nope', description: 'x' })).status).toBe(404);
    expect((await send(app(), 'PATCH', `${API}/registered-models/update`, { description: 'x' })).status).toBe(400);
  });
});

describe('registered-models/rename', () => {
  it('renames the model with its versions, tags and aliases', async () => {
    await createModel(app(), 'old', { tags: [{ key: 't', value: 'v' }] });
    await createVersion(app(), 'old', 's3://b/m', { tags: [{ key: 'vt', value: '1' }] });
    await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'old', alias: 'champ', version: '1' });

    const reply = await send(app(), 'POST', `${API}/registered-models/rename`, { name: 'old', new_name: 'new' });
    expect(reply.status).toBe(200);
    const model = reply.json.registered_model;
    expect(model.name).toBe('new');
    expect(model.tags).toEqual([{ key: 't', value: 'v' }]);
    expect(model.aliases).toEqual([{ alias: 'champ', version: '1' }]);
    expect(model.latest_versions[0]?.name).toBe('new');

    expect((await get(app(), `${API}/registered-models/get`, { name: 'old' })).status).toBe(404);
    const version = await get(app(), `${API}/model-versions/get`, { name: 'new', version: '1' });
    expect(version.status).toBe(200);
    expect(version.json.model_version.tags).toEqual([{ key: 'vt', value: '1' }]);
    expect(version.json.model_version.aliases).toEqual(['champ']);
    const byAlias = await get(app(), `${API}/registered-models/alias`, { name: 'new', alias: 'champ' });
    expect(byAlias.json.model_version.version).toBe('1');
  });

  it('refuses a name that is taken, an unknown model and a missing new_name', async () => {
    await createModel(app(), 'a');
    await createModel(app(), 'b');
    const taken = await send(app(), 'POST', `${API}/registered-models/rename`, { name: 'a', new_name: 'b' });
    expect(taken.status).toBe(400);
    expect(taken.json.error_code).toBe('RESOURCE_ALREADY_EXISTS');
    const unknown = await send(app(), 'POST', `${API}/registered-models/rename`, { name: 'zz', new_name: 'c' });
    expect(unknown.status).toBe(404);
    const missing = await send(app(), 'POST', `${API}/registered-models/rename`, { name: 'a' });
    expect(missing.status).toBe(400);
    expect(missing.json.message).toContain("'new_name'");
  });
});

describe('registered-models/delete (DELETE)', () => {
  it('hard deletes the model with versions, tags and aliases; the name can be reused', async () => {
    await createModel(app(), 'd1', { tags: [{ key: 't', value: 'v' }] });
    await createVersion(app(), 'd1', 's3://b/1');
    await createVersion(app(), 'd1', 's3://b/2');
    await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'd1', alias: 'a', version: '2' });

    const reply = await send(app(), 'DELETE', `${API}/registered-models/delete`, { name: 'd1' });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({});
    expect((await get(app(), `${API}/registered-models/get`, { name: 'd1' })).status).toBe(404);
    expect((await get(app(), `${API}/model-versions/get`, { name: 'd1', version: '1' })).status).toBe(404);

    const again = await send(app(), 'DELETE', `${API}/registered-models/delete`, { name: 'd1' });
    expect(again.status).toBe(404);

    const recreated = await createModel(app(), 'd1');
    expect(recreated.json.registered_model).not.toHaveProperty('tags');
    expect(recreated.json.registered_model).not.toHaveProperty('aliases');
    // Versions were removed for good, so numbering starts again.
    expect((await createVersion(app(), 'd1', 's3://b/3')).json.model_version.version).toBe('1');
  });

  it('400 without a name; the query string is ignored', async () => {
    await createModel(app(), 'd2');
    const response = await app().inject({ method: 'DELETE', url: `${API}/registered-models/delete?name=d2` });
    expect(response.statusCode).toBe(400);
  });
});

describe('registered-models/set-tag and delete-tag', () => {
  it('upserts without bumping last_updated_timestamp', async () => {
    const created = (await createModel(app(), 't1')).json.registered_model;
    await sleep(2);
    expect((await send(app(), 'POST', `${API}/registered-models/set-tag`, { name: 't1', key: 'k', value: 'a' })).status).toBe(200);
    expect((await send(app(), 'POST', `${API}/registered-models/set-tag`, { name: 't1', key: 'k', value: 'b' })).status).toBe(200);
    const emptyValue = await send(app(), 'POST', `${API}/registered-models/set-tag`, { name: 't1', key: 'e' });
    expect(emptyValue.status).toBe(200);
    const model = (await get(app(), `${API}/registered-models/get`, { name: 't1' })).json.registered_model;
    // Tags are a set on the wire.
    expect([...model.tags].sort((a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key))).toEqual([
      { key: 'e', value: '' },
      { key: 'k', value: 'b' },
    ]);
    expect(model.last_updated_timestamp).toBe(created.last_updated_timestamp);
  });

  it('set-tag refuses long keys and values, unknown models and missing keys', async () => {
    await createModel(app(), 't2');
    const longKey = await send(app(), 'POST', `${API}/registered-models/set-tag`, { name: 't2', key: 'k'.repeat(251), value: 'x' });
    expect(longKey.status).toBe(400);
    expect(longKey.json.message).toContain('exceeded length limit of 250');
    const longValue = await send(app(), 'POST', `${API}/registered-models/set-tag`, { name: 't2', key: 'k', value: 'v'.repeat(5001) });
    expect(longValue.status).toBe(400);
    expect(longValue.json.message).toContain('exceeded length limit of 5000');
    const badKey = await send(app(), 'POST', `${API}/registered-models/set-tag`, { name: 't2', key: '../x', value: 'v' });
    expect(badKey.status).toBe(400);
    expect((await send(app(), 'POST', `${API}/registered-models/set-tag`, { name: 'nope', key: 'a', value: 'b' })).status).toBe(404);
    expect((await send(app(), 'POST', `${API}/registered-models/set-tag`, { name: 't2', value: 'b' })).status).toBe(400);
  });

  it('delete-tag removes a tag, succeeds for a missing one, needs the model and a key', async () => {
    await createModel(app(), 't3', { tags: [{ key: 'k', value: 'v' }] });
    expect((await send(app(), 'DELETE', `${API}/registered-models/delete-tag`, { name: 't3', key: 'k' })).status).toBe(200);
    expect((await get(app(), `${API}/registered-models/get`, { name: 't3' })).json.registered_model).not.toHaveProperty('tags');
    expect((await send(app(), 'DELETE', `${API}/registered-models/delete-tag`, { name: 't3', key: 'never' })).status).toBe(200);
    expect((await send(app(), 'DELETE', `${API}/registered-models/delete-tag`, { name: 'nope', key: 'k' })).status).toBe(404);
    const noKey = await send(app(), 'DELETE', `${API}/registered-models/delete-tag`, { name: 't3' });
    expect(noKey.status).toBe(400);
    expect(noKey.json.message).toContain("'key'");
  });
});

describe('registered-models/alias', () => {
  beforeEach(async () => {
    await createModel(app(), 'al');
    await createVersion(app(), 'al', 's3://b/1');
    await createVersion(app(), 'al', 's3://b/2');
  });

  it('sets, resolves, moves and deletes aliases', async () => {
    expect((await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'al', alias: 'champion', version: '1' })).json).toEqual({});
    await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'al', alias: 'Challenger', version: '2' });

    const resolved = await get(app(), `${API}/registered-models/alias`, { name: 'al', alias: 'champion' });
    expect(resolved.status).toBe(200);
    expect(resolved.json.model_version).toMatchObject({ name: 'al', version: '1', aliases: ['champion'] });

    const model = (await get(app(), `${API}/registered-models/get`, { name: 'al' })).json.registered_model;
    expect(model.aliases).toEqual([
      { alias: 'Challenger', version: '2' },
      { alias: 'champion', version: '1' },
    ]);
    // latest_versions entries carry no aliases.
    expect(model.latest_versions[0]).not.toHaveProperty('aliases');

    await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'al', alias: 'champion', version: '2' });
    const version2 = (await get(app(), `${API}/model-versions/get`, { name: 'al', version: '2' })).json.model_version;
    expect(version2.aliases).toEqual(['Challenger', 'champion']);
    expect((await get(app(), `${API}/model-versions/get`, { name: 'al', version: '1' })).json.model_version).not.toHaveProperty('aliases');

    expect((await send(app(), 'DELETE', `${API}/registered-models/alias`, { name: 'al', alias: 'champion' })).status).toBe(200);
    // Deleting again succeeds.
    expect((await send(app(), 'DELETE', `${API}/registered-models/alias`, { name: 'al', alias: 'champion' })).status).toBe(200);
    const gone = await get(app(), `${API}/registered-models/alias`, { name: 'al', alias: 'champion' });
    expect(gone.status).toBe(400);
    expect(gone.json).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: 'Registered model alias champion not found.' });
  });

  it('does not bump the model timestamp', async () => {
    const before = (await get(app(), `${API}/registered-models/get`, { name: 'al' })).json.registered_model.last_updated_timestamp;
    await sleep(2);
    await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'al', alias: 'x', version: '1' });
    const after = (await get(app(), `${API}/registered-models/get`, { name: 'al' })).json.registered_model.last_updated_timestamp;
    expect(after).toBe(before);
  });

  it('refuses reserved and malformed alias names', async () => {
    const cases: [string, string][] = [
      ['latest', "'latest' alias name (case insensitive) is reserved."],
      ['LATEST', "'latest' alias name (case insensitive) is reserved."],
      ['v7', "Version alias name 'v7' is reserved."],
      ['V12', "Version alias name 'V12' is reserved."],
      ['bad alias!', "Invalid alias name: 'bad alias!'. Names may only contain alphanumerics, underscores (_), and dashes (-)."],
    ];
    for (const [alias, message] of cases) {
      const reply = await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'al', alias, version: '1' });
      expect(reply.status).toBe(400);
      expect(reply.json).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message });
    }
    const tooLong = await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'al', alias: 'a'.repeat(256), version: '1' });
    expect(tooLong.status).toBe(400);
    // `v` alone and `version1` are fine.
    expect((await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'al', alias: 'v', version: '1' })).status).toBe(200);
    expect((await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'al', alias: 'version1', version: '1' })).status).toBe(200);
  });

  it('needs an existing version; an unknown model reads as a missing version', async () => {
    const missingVersion = await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'al', alias: 'x', version: '99' });
    expect(missingVersion.status).toBe(404);
    expect(missingVersion.json.message).toBe('Model Version (name=al, version=99) not found');
    const unknownModel = await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'none', alias: 'x', version: '1' });
    expect(unknownModel.status).toBe(404);
    expect(unknownModel.json.message).toBe('Model Version (name=none, version=1) not found');
    const notInt = await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'al', alias: 'x', version: 'one' });
    expect(notInt.status).toBe(400);
    const missingField = await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'al', alias: 'x' });
    expect(missingField.status).toBe(400);
    expect(missingField.json.message).toContain("'version'");
  });

  it('delete needs the model; get of an unknown model is an unknown alias', async () => {
    expect((await send(app(), 'DELETE', `${API}/registered-models/alias`, { name: 'none', alias: 'x' })).status).toBe(404);
    const unknown = await get(app(), `${API}/registered-models/alias`, { name: 'none', alias: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect((await get(app(), `${API}/registered-models/alias`, { name: 'al' })).status).toBe(400);
  });

  it('deleting a version removes the aliases that point at it', async () => {
    await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'al', alias: 'prod', version: '2' });
    await send(app(), 'DELETE', `${API}/model-versions/delete`, { name: 'al', version: '2' });
    expect((await get(app(), `${API}/registered-models/get`, { name: 'al' })).json.registered_model).not.toHaveProperty('aliases');
    const resolved = await get(app(), `${API}/registered-models/alias`, { name: 'al', alias: 'prod' });
    expect(resolved.status).toBe(400);
  });
});

describe('registered-models/get-latest-versions', () => {
  beforeEach(async () => {
    await createModel(app(), 'lv');
    for (let i = 1; i <= 4; i += 1) await createVersion(app(), 'lv', `s3://b/${i}`);
    await send(app(), 'POST', `${API}/model-versions/transition-stage`, { name: 'lv', version: '1', stage: 'Production' });
    await send(app(), 'POST', `${API}/model-versions/transition-stage`, { name: 'lv', version: '2', stage: 'Staging' });
    await send(app(), 'POST', `${API}/model-versions/transition-stage`, { name: 'lv', version: '3', stage: 'Production' });
  });

  const versionsOf = (reply: { json: { model_versions?: { version: string; current_stage: string }[] } }) =>
    (reply.json.model_versions ?? []).map((version) => `${version.version}:${version.current_stage}`);

  it('answers the newest version per stage (GET, all stages by default)', async () => {
    const reply = await get(app(), `${API}/registered-models/get-latest-versions`, { name: 'lv' });
    expect(reply.status).toBe(200);
    // MLflow's order: stages in the order the oldest versions first show them (Production: v1).
    expect(versionsOf(reply)).toEqual(['3:Production', '2:Staging', '4:None']);
    expect(reply.json.model_versions[0]).not.toHaveProperty('aliases');
  });

  it('filters by stages, case-insensitively, from repeated query keys or a POST body', async () => {
    const viaGet = await get(app(), `${API}/registered-models/get-latest-versions`, { name: 'lv', stages: ['production', 'NONE'] });
    expect(versionsOf(viaGet)).toEqual(['3:Production', '4:None']);
    const viaPost = await send(app(), 'POST', `${API}/registered-models/get-latest-versions`, { name: 'lv', stages: ['Archived'] });
    expect(viaPost.status).toBe(200);
    expect(viaPost.json).toEqual({});
  });

  it('refuses an unknown stage, an unknown model and a missing name', async () => {
    const stage = await send(app(), 'POST', `${API}/registered-models/get-latest-versions`, { name: 'lv', stages: ['Nope'] });
    expect(stage.status).toBe(400);
    expect(stage.json.message).toBe('Invalid Model Version stage: Nope. Value must be one of None, Staging, Production, Archived.');
    expect((await send(app(), 'POST', `${API}/registered-models/get-latest-versions`, { name: 'zz' })).status).toBe(404);
    expect((await get(app(), `${API}/registered-models/get-latest-versions`)).status).toBe(400);
  });
});

describe('registered-models/search', () => {
  const search = (query: Record<string, string | string[] | number>) => get(app(), `${API}/registered-models/search`, query);
  const names = (reply: { json: { registered_models?: { name: string }[] } }) => (reply.json.registered_models ?? []).map((model) => model.name);

  beforeEach(async () => {
    await createModel(app(), 'apple', { tags: [{ key: 'fruit', value: 'yes' }] });
    await createModel(app(), 'Banana', { tags: [{ key: 'fruit', value: 'yes' }] });
    await createModel(app(), 'cherry', { tags: [{ key: 'fruit', value: 'no' }] });
    await createModel(app(), 'carrot');
    await createVersion(app(), 'apple', 's3://b/apple');
  });

  it('orders by name ASC (case-sensitive) by default and includes latest_versions, tags, aliases', async () => {
    const reply = await search({});
    expect(reply.status).toBe(200);
    expect(names(reply)).toEqual(['Banana', 'apple', 'carrot', 'cherry']);
    const apple = reply.json.registered_models[1];
    expect(apple?.latest_versions).toHaveLength(1);
    expect(apple?.tags).toEqual([{ key: 'fruit', value: 'yes' }]);
    expect(reply.json).not.toHaveProperty('next_page_token');
  });

  it('filters on name (=, !=, LIKE case-sensitive, ILIKE) and tags', async () => {
    expect(names(await search({ filter: "name = 'apple'" }))).toEqual(['apple']);
    expect(names(await search({ filter: "name != 'apple'" }))).toEqual(['Banana', 'carrot', 'cherry']);
    expect(names(await search({ filter: "name LIKE 'c%'" }))).toEqual(['carrot', 'cherry']);
    expect(names(await search({ filter: "name LIKE 'b%'" }))).toEqual([]);
    expect(names(await search({ filter: "name ILIKE 'b%'" }))).toEqual(['Banana']);
    expect(names(await search({ filter: "tags.fruit = 'yes'" }))).toEqual(['Banana', 'apple']);
    expect(names(await search({ filter: "tags.fruit != 'yes'" }))).toEqual(['cherry']);
    expect(names(await search({ filter: "tags.fruit LIKE '%o' AND name LIKE 'c%'" }))).toEqual(['cherry']);
  });

  it('answers {} when nothing matches', async () => {
    const reply = await search({ filter: "name = 'zzz'" });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({});
  });

  it('orders by last_updated_timestamp (alias timestamp), name as tie-breaker', async () => {
    await sleep(2);
    await send(app(), 'PATCH', `${API}/registered-models/update`, { name: 'Banana', description: 'x' });
    expect(names(await search({ order_by: 'timestamp DESC' }))).toEqual(['Banana', 'apple', 'carrot', 'cherry']);
    expect(names(await search({ order_by: ['last_updated_timestamp ASC'] }))[3]).toBe('Banana');
    expect(names(await search({ order_by: ['name DESC'] }))).toEqual(['cherry', 'carrot', 'apple', 'Banana']);
  });

  it('pages with look-ahead tokens (no token on the last page)', async () => {
    const first = await search({ max_results: 3 });
    expect(names(first)).toEqual(['Banana', 'apple', 'carrot']);
    expect(typeof first.json.next_page_token).toBe('string');
    const second = await search({ max_results: 3, page_token: first.json.next_page_token });
    expect(names(second)).toEqual(['cherry']);
    expect(second.json).not.toHaveProperty('next_page_token');
    const exact = await search({ max_results: 4 });
    expect(exact.json).not.toHaveProperty('next_page_token');
  });

  it('defaults to 100 results and refuses more than 1000 or fewer than 1', async () => {
    for (let i = 0; i < 100; i += 1) await createModel(app(), `bulk-${String(i).padStart(3, '0')}`);
    const page = await search({});
    expect(page.json.registered_models).toHaveLength(100);
    expect(typeof page.json.next_page_token).toBe('string');

    const tooMany = await search({ max_results: 1001 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.message).toContain('"1001"');
    expect((await search({ max_results: 0 })).status).toBe(400);
    expect((await search({ max_results: 'abc' })).status).toBe(400);
    expect((await search({ max_results: 1000 })).status).toBe(200);
  });

  it('refuses bad filters, order_by keys and page tokens with 400', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ filter: 'name = ' }, 'Invalid clause(s) in filter string'],
      [{ filter: "description = 'x'" }, "Invalid attribute key 'description' specified. Valid keys are '{'name'}'"],
      [{ filter: "name = 'a' OR name = 'b'" }, 'Invalid clause'],
      [{ order_by: 'foo ASC' }, "Invalid order by key 'foo' specified. Valid keys are '{'name', 'timestamp'}'"],
      [{ page_token: 'bogus' }, 'Invalid page token'],
    ];
    for (const [query, message] of cases) {
      const reply = await search(query);
      expect(reply.status).toBe(400);
      expect(reply.json.error_code).toBe('INVALID_PARAMETER_VALUE');
      expect(reply.json.message).toContain(message);
    }
  });

  it('hides prompts unless the filter asks for them', async () => {
    await createModel(app(), 'prompt-1', { tags: [{ key: 'mlflow.prompt.is_prompt', value: 'true' }] });
    await createModel(app(), 'not-prompt', { tags: [{ key: 'mlflow.prompt.is_prompt', value: 'false' }] });
    expect(names(await search({}))).not.toContain('prompt-1');
    expect(names(await search({}))).toContain('not-prompt');
    expect(names(await search({ filter: "tags.`mlflow.prompt.is_prompt` = 'true'" }))).toEqual(['prompt-1']);
    expect(names(await search({ filter: "tags.`mlflow.prompt.is_prompt` != 'false'" }))).toEqual(['prompt-1']);
    // Asking for non-prompts drops the clause: models without the tag match too.
    expect(names(await search({ filter: "tags.`mlflow.prompt.is_prompt` = 'false'" }))).toEqual([
      'Banana',
      'apple',
      'carrot',
      'cherry',
      'not-prompt',
    ]);
  });

  it('is GET only', async () => {
    expect((await send(app(), 'POST', `${API}/registered-models/search`, {})).status).toBe(405);
  });
});
