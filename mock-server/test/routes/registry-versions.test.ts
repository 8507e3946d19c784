// Model versions: create (sources, numbering, models:/ sources) / get / update / delete / search /
// get-download-uri / transition-stage / tags, and the UI's /model-versions/get-artifact.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  API,
  createModel,
  createRun,
  createVersion,
  get,
  send,
  sleep,
  startServer,
  uploadArtifact,
  type TestServer,
} from './registry-helpers.js';

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

const app = () => server.app;
const getVersion = (name: string, version: string) => get(app(), `${API}/model-versions/get`, { name, version });

describe('model-versions/create', () => {
  it('numbers versions from 1, READY at once, stage None, empty strings kept', async () => {
    await createModel(app(), 'm');
    const reply = await send(app(), 'POST', `${API}/model-versions/create`, { name: 'm', source: 's3://bucket/model' });
    expect(reply.status).toBe(200);
    const version = reply.json.model_version;
    expect(version).toMatchObject({
      name: 'm',
      version: '1',
      current_stage: 'None',
      description: '',
      source: 's3://bucket/model',
      run_id: '',
      status: 'READY',
      run_link: '',
    });
    expect(version).not.toHaveProperty('tags');
    expect(version).not.toHaveProperty('aliases');
    expect(version).not.toHaveProperty('user_id');
    expect((await createVersion(app(), 'm', 's3://bucket/model2')).json.model_version.version).toBe('2');
  });

  it('keeps runs:/ sources as given, with description, run_link and tags', async () => {
    const run = await createRun(app(), 'exp');
    await createModel(app(), 'm');
    const reply = await send(app(), 'POST', `${API}/model-versions/create`, {
      name: 'm',
      source: `runs:/${run.runId}/model`,
      run_id: run.runId,
      description: 'desc',
      run_link: 'http://example.com/run',
      tags: [{ key: 'candidate', value: 'yes' }],
    });
    expect(reply.status).toBe(200);
    expect(reply.json.model_version).toMatchObject({
      source: `runs:/${run.runId}/model`,
      run_id: run.runId,
      description: 'desc',
      run_link: 'http://example.com/run',
      tags: [{ key: 'candidate', value: 'yes' }],
    });
    const uri = await get(app(), `${API}/model-versions/get-download-uri`, { name: 'm', version: '1' });
    expect(uri.json).toEqual({ artifact_uri: `runs:/${run.runId}/model` });
  });

  it('bumps the model last_updated_timestamp', async () => {
    const created = (await createModel(app(), 'm')).json.registered_model;
    await sleep(2);
    const version = (await createVersion(app(), 'm', 's3://b/x')).json.model_version;
    const model = (await get(app(), `${API}/registered-models/get`, { name: 'm' })).json.registered_model;
    expect(model.last_updated_timestamp).toBe(version.creation_timestamp);
    expect(model.last_updated_timestamp).toBeGreaterThan(created.last_updated_timestamp);
  });

  it('refuses an unknown model (404), a missing source or name (400)', async () => {
    const unknown = await send(app(), 'POST', `${API}/model-versions/create`, { name: 'nope', source: 's3://b/x' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.message).toBe('Registered Model with name=nope not found');
    await createModel(app(), 'm');
    const noSource = await send(app(), 'POST', `${API}/model-versions/create`, { name: 'm' });
    expect(noSource.status).toBe(400);
    expect(noSource.json.message).toContain("'source'");
    expect((await send(app(), 'POST', `${API}/model-versions/create`, { source: 's3://b/x' })).status).toBe(400);
  });

  it('refuses relative path references in a source, however encoded', async () => {
    await createModel(app(), 'm');
    const sources = [
      's3://bucket/../etc',
      'mlflow-artifacts:/1/abc/artifacts/../../../x',
      'mlflow-artifacts:/1/abc/artifacts/%2E%2E/%2e%2e/x',
      'http://host/api/2.0/mlflow-artifacts/artifacts/%252e%252e/x',
      's3://bucket/a/./b',
      's3://bucket/a%00b',
    ];
    for (const source of sources) {
      const reply = await send(app(), 'POST', `${API}/model-versions/create`, { name: 'm', source });
      expect(reply.status, source).toBe(400);
      expect(reply.json.message).toContain('Invalid model version source');
    }
    // Nothing was created: the next version is still 1.
    expect((await createVersion(app(), 'm', 's3://bucket/ok//double/slash/')).json.model_version.version).toBe('1');
  });

  it('accepts a local path only inside the artifact folder of the given run', async () => {
    const localRoot = path.join(server.artifactsDir, 'local-exp');
    const run = await createRun(app(), 'local', localRoot);
    expect(run.artifactUri.startsWith(localRoot)).toBe(true);
    await createModel(app(), 'm');

    const inside = await send(app(), 'POST', `${API}/model-versions/create`, { name: 'm', source: `${run.artifactUri}/model`, run_id: run.runId });
    expect(inside.status).toBe(200);

    const withoutRun = await send(app(), 'POST', `${API}/model-versions/create`, { name: 'm', source: `${run.artifactUri}/model` });
    expect(withoutRun.status).toBe(400);
    const outside = await send(app(), 'POST', `${API}/model-versions/create`, { name: 'm', source: '/tmp/local/model', run_id: run.runId });
    expect(outside.status).toBe(400);
    expect(outside.json.message).toContain('To use a local path as a model version source');
    const unknownRun = await send(app(), 'POST', `${API}/model-versions/create`, { name: 'm', source: '/tmp/x', run_id: '0'.repeat(32) });
    expect(unknownRun.status).toBe(404);

    // A run with proxied (mlflow-artifacts:) storage has no local folder to be inside of.
    const proxied = await createRun(app(), 'proxied');
    const local = await send(app(), 'POST', `${API}/model-versions/create`, { name: 'm', source: '/tmp/model', run_id: proxied.runId });
    expect(local.status).toBe(400);
  });

  it('does not check run_id against the tracking store for remote sources', async () => {
    await createModel(app(), 'm');
    const reply = await send(app(), 'POST', `${API}/model-versions/create`, { name: 'm', source: 's3://b/x', run_id: '0'.repeat(32) });
    expect(reply.status).toBe(200);
    expect(reply.json.model_version.run_id).toBe('0'.repeat(32));
  });

  it('refuses bad version tags', async () => {
    await createModel(app(), 'm');
    const longValue = await send(app(), 'POST', `${API}/model-versions/create`, { name: 'm', source: 's3://b/x', tags: [{ key: 'k', value: 'v'.repeat(5001) }] });
    expect(longValue.status).toBe(400);
    const noKey = await send(app(), 'POST', `${API}/model-versions/create`, { name: 'm', source: 's3://b/x', tags: [{ value: 'v' }] });
    expect(noKey.status).toBe(400);
  });
});

describe('model-versions/create from models:/ sources (MLflow 3)', () => {
  async function insertLoggedModel(modelId: string, runId: string | null): Promise<void> {
    await server.context.db
      .insertInto('logged_models')
      .values({
        model_id: modelId,
        experiment_id: 0,
        name: 'logged',
        artifact_location: `mlflow-artifacts:/0/models/${modelId}/artifacts`,
        creation_timestamp_ms: 1,
        last_updated_timestamp_ms: 1,
        status: 'LOGGED_MODEL_READY',
        lifecycle_stage: 'active',
        model_type: null,
        source_run_id: runId,
        status_message: null,
      })
      .execute();
  }

  it('resolves models:/<model_id> to the logged model location and run, and tags the logged model', async () => {
    const modelId = 'm-0123456789abcdef0123456789abcdef';
    await insertLoggedModel(modelId, 'a'.repeat(32));
    await createModel(app(), 'reg');
    const reply = await send(app(), 'POST', `${API}/model-versions/create`, { name: 'reg', source: `models:/${modelId}`, model_id: modelId });
    expect(reply.status).toBe(200);
    expect(reply.json.model_version).toMatchObject({ source: `models:/${modelId}`, run_id: 'a'.repeat(32), model_id: modelId });
    const uri = await get(app(), `${API}/model-versions/get-download-uri`, { name: 'reg', version: '1' });
    expect(uri.json.artifact_uri).toBe(`mlflow-artifacts:/0/models/${modelId}/artifacts`);

    await createVersion(app(), 'reg', `models:/${modelId}`, { model_id: modelId });
    const tag = await server.context.db
      .selectFrom('logged_model_tags')
      .select('value')
      .where('model_id', '=', modelId)
      .where('key', '=', 'mlflow.modelVersions')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(tag.value)).toEqual([
      { name: 'reg', version: '1' },
      { name: 'reg', version: '2' },
    ]);
  });

  it('a given run_id wins over the logged model run', async () => {
    const modelId = 'm-11111111111111111111111111111111';
    await insertLoggedModel(modelId, 'a'.repeat(32));
    await createModel(app(), 'reg');
    const reply = await createVersion(app(), 'reg', `models:/${modelId}`, { run_id: 'b'.repeat(32) });
    expect(reply.json.model_version.run_id).toBe('b'.repeat(32));
  });

  it('resolves models:/<name>/<version> through that version', async () => {
    await createModel(app(), 'base');
    await createVersion(app(), 'base', 's3://bucket/base');
    await createModel(app(), 'copy');
    await createVersion(app(), 'copy', 'models:/base/1');
    const uri = await get(app(), `${API}/model-versions/get-download-uri`, { name: 'copy', version: '1' });
    expect(uri.json.artifact_uri).toBe('s3://bucket/base');
  });

  it('refuses models:/ sources that cannot be resolved with 400', async () => {
    await createModel(app(), 'reg');
    for (const source of ['models:/m-doesnotexist', 'models:/reg/7', 'models:/reg/Production', 'models:/reg@champ']) {
      const reply = await send(app(), 'POST', `${API}/model-versions/create`, { name: 'reg', source });
      expect(reply.status, source).toBe(400);
      expect(reply.json.message).toContain('Unable to fetch model from model URI source');
    }
    const unknownModelId = await send(app(), 'POST', `${API}/model-versions/create`, { name: 'reg', source: 's3://b/x', model_id: 'm-missing' });
    expect(unknownModelId.status).toBe(404);
    expect((await get(app(), `${API}/model-versions/get`, { name: 'reg', version: '1' })).status).toBe(404);
  });
});

describe('model-versions/get and update', () => {
  beforeEach(async () => {
    await createModel(app(), 'm');
    await createVersion(app(), 'm', 's3://b/1', { description: 'first' });
  });

  it('gets a version; 404 for a missing one; 400 for a bad or missing version', async () => {
    expect((await getVersion('m', '1')).json.model_version.description).toBe('first');
    const missing = await getVersion('m', '99');
    expect(missing.status).toBe(404);
    expect(missing.json.message).toBe('Model Version (name=m, version=99) not found');
    const bad = await getVersion('m', 'abc');
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe("Model version must be an integer, got 'abc'");
    expect((await get(app(), `${API}/model-versions/get`, { name: 'm' })).status).toBe(400);
    expect((await getVersion('zz', '1')).status).toBe(404);
  });

  it('PATCH sets the description, an omitted one clears it (key absent), bumps only the version', async () => {
    const before = (await get(app(), `${API}/registered-models/get`, { name: 'm' })).json.registered_model;
    await sleep(2);
    const updated = await send(app(), 'PATCH', `${API}/model-versions/update`, { name: 'm', version: '1', description: 'second' });
    expect(updated.status).toBe(200);
    expect(updated.json.model_version.description).toBe('second');
    expect(updated.json.model_version.last_updated_timestamp).toBeGreaterThan(updated.json.model_version.creation_timestamp);
    const cleared = await send(app(), 'PATCH', `${API}/model-versions/update`, { name: 'm', version: '1' });
    expect(cleared.json.model_version).not.toHaveProperty('description');
    const empty = await send(app(), 'PATCH', `${API}/model-versions/update`, { name: 'm', version: '1', description: '' });
    expect(empty.json.model_version.description).toBe('');
    const after = (await get(app(), `${API}/registered-models/get`, { name: 'm' })).json.registered_model;
    expect(after.last_updated_timestamp).toBe(before.last_updated_timestamp);
  });

  it('update refuses unknown versions and missing fields', async () => {
    expect((await send(app(), 'PATCH', `${API}/model-versions/update`, { name: 'm', version: '99', description: 'x' })).status).toBe(404);
    expect((await send(app(), 'PATCH', `${API}/model-versions/update`, { name: 'm', description: 'x' })).status).toBe(400);
  });
});

describe('model-versions/delete', () => {
  it('soft deletes: gone from get, search and latest versions; numbers never reused', async () => {
    await createModel(app(), 'm');
    await createVersion(app(), 'm', 's3://b/1');
    await createVersion(app(), 'm', 's3://b/2');
    const modelBefore = (await get(app(), `${API}/registered-models/get`, { name: 'm' })).json.registered_model;
    await sleep(2);
    const reply = await send(app(), 'DELETE', `${API}/model-versions/delete`, { name: 'm', version: '2' });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({});
    expect((await getVersion('m', '2')).status).toBe(404);
    const model = (await get(app(), `${API}/registered-models/get`, { name: 'm' })).json.registered_model;
    expect(model.latest_versions.map((version: { version: string }) => version.version)).toEqual(['1']);
    expect(model.last_updated_timestamp).toBeGreaterThan(modelBefore.last_updated_timestamp);
    const search = await get(app(), `${API}/model-versions/search`, { filter: "name = 'm'" });
    expect(search.json.model_versions.map((version: { version: string }) => version.version)).toEqual(['1']);
    expect((await get(app(), `${API}/model-versions/get-download-uri`, { name: 'm', version: '2' })).status).toBe(404);

    const again = await send(app(), 'DELETE', `${API}/model-versions/delete`, { name: 'm', version: '2' });
    expect(again.status).toBe(404);
    expect((await createVersion(app(), 'm', 's3://b/3')).json.model_version.version).toBe('3');
  });

  it('refuses missing fields and unknown models', async () => {
    expect((await send(app(), 'DELETE', `${API}/model-versions/delete`, { name: 'm' })).status).toBe(400);
    expect((await send(app(), 'DELETE', `${API}/model-versions/delete`, { name: 'zz', version: '1' })).status).toBe(404);
  });
});

describe('model-versions/transition-stage', () => {
  beforeEach(async () => {
    await createModel(app(), 'm');
    for (let i = 1; i <= 3; i += 1) await createVersion(app(), 'm', `s3://b/${i}`);
  });
  const transition = (body: Record<string, unknown>) => send(app(), 'POST', `${API}/model-versions/transition-stage`, { name: 'm', ...body });

  it('moves a version to a stage given in any case, and bumps the model', async () => {
    const before = (await get(app(), `${API}/registered-models/get`, { name: 'm' })).json.registered_model;
    await sleep(2);
    const reply = await transition({ version: '1', stage: 'staging' });
    expect(reply.status).toBe(200);
    expect(reply.json.model_version.current_stage).toBe('Staging');
    const model = (await get(app(), `${API}/registered-models/get`, { name: 'm' })).json.registered_model;
    expect(model.last_updated_timestamp).toBe(reply.json.model_version.last_updated_timestamp);
    expect(model.last_updated_timestamp).toBeGreaterThan(before.last_updated_timestamp);
  });

  it('archive_existing_versions moves the other versions in that stage to Archived', async () => {
    await transition({ version: '1', stage: 'Production' });
    await transition({ version: '2', stage: 'Production', archive_existing_versions: false });
    expect((await getVersion('m', '1')).json.model_version.current_stage).toBe('Production');
    const reply = await transition({ version: '3', stage: 'Production', archive_existing_versions: true });
    expect(reply.status).toBe(200);
    expect(reply.json.model_version.current_stage).toBe('Production');
    const one = (await getVersion('m', '1')).json.model_version;
    const two = (await getVersion('m', '2')).json.model_version;
    expect([one.current_stage, two.current_stage]).toEqual(['Archived', 'Archived']);
    expect(one.last_updated_timestamp).toBe(reply.json.model_version.last_updated_timestamp);
  });

  it('includes the aliases of the version', async () => {
    await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'm', alias: 'champ', version: '1' });
    const reply = await transition({ version: '1', stage: 'Archived' });
    expect(reply.json.model_version.aliases).toEqual(['champ']);
  });

  it('refuses unknown stages, archiving into None/Archived, non-bool flags, unknown versions', async () => {
    const bogus = await transition({ version: '1', stage: 'Bogus' });
    expect(bogus.status).toBe(400);
    expect(bogus.json.message).toBe('Invalid Model Version stage: Bogus. Value must be one of None, Staging, Production, Archived.');
    for (const stage of ['None', 'Archived']) {
      const archive = await transition({ version: '1', stage, archive_existing_versions: true });
      expect(archive.status).toBe(400);
      expect(archive.json.error_code).toBe('INVALID_PARAMETER_VALUE');
    }
    const flag = await transition({ version: '1', stage: 'Staging', archive_existing_versions: 'yes' });
    expect(flag.status).toBe(400);
    expect(flag.json.message).toContain("parameter 'archive_existing_versions'");
    expect((await transition({ version: '9', stage: 'Staging' })).status).toBe(404);
    expect((await transition({ version: '1' })).status).toBe(400);
    expect((await getVersion('m', '1')).json.model_version.current_stage).toBe('None');
  });
});

describe('model-versions/set-tag and delete-tag', () => {
  beforeEach(async () => {
    await createModel(app(), 'm');
    await createVersion(app(), 'm', 's3://b/1');
  });

  it('upserts and deletes tags without bumping timestamps; deleting a missing tag succeeds', async () => {
    const before = (await getVersion('m', '1')).json.model_version;
    await sleep(2);
    expect((await send(app(), 'POST', `${API}/model-versions/set-tag`, { name: 'm', version: '1', key: 'k', value: 'a' })).status).toBe(200);
    expect((await send(app(), 'POST', `${API}/model-versions/set-tag`, { name: 'm', version: '1', key: 'k', value: 'b' })).status).toBe(200);
    const tagged = (await getVersion('m', '1')).json.model_version;
    expect(tagged.tags).toEqual([{ key: 'k', value: 'b' }]);
    expect(tagged.last_updated_timestamp).toBe(before.last_updated_timestamp);
    expect((await send(app(), 'DELETE', `${API}/model-versions/delete-tag`, { name: 'm', version: '1', key: 'k' })).status).toBe(200);
    expect((await getVersion('m', '1')).json.model_version).not.toHaveProperty('tags');
    expect((await send(app(), 'DELETE', `${API}/model-versions/delete-tag`, { name: 'm', version: '1', key: 'never' })).status).toBe(200);
  });

  it('refuses long values, unknown versions and missing fields', async () => {
    const long = await send(app(), 'POST', `${API}/model-versions/set-tag`, { name: 'm', version: '1', key: 'k', value: 'x'.repeat(5001) });
    expect(long.status).toBe(400);
    expect(long.json.message).toContain('Model version value');
    expect((await send(app(), 'POST', `${API}/model-versions/set-tag`, { name: 'm', version: '9', key: 'k', value: 'v' })).status).toBe(404);
    expect((await send(app(), 'POST', `${API}/model-versions/set-tag`, { name: 'm', version: '1', value: 'v' })).status).toBe(400);
    expect((await send(app(), 'DELETE', `${API}/model-versions/delete-tag`, { name: 'm', version: '9', key: 'k' })).status).toBe(404);
    expect((await send(app(), 'DELETE', `${API}/model-versions/delete-tag`, { name: 'm', version: '1' })).status).toBe(400);
  });
});

describe('model-versions/get-download-uri', () => {
  it('answers the stored location; refuses missing names and versions', async () => {
    await createModel(app(), 'm');
    await createVersion(app(), 'm', 'mlflow-artifacts:/1/abc/artifacts/model');
    const reply = await get(app(), `${API}/model-versions/get-download-uri`, { name: 'm', version: '1' });
    expect(reply.json).toEqual({ artifact_uri: 'mlflow-artifacts:/1/abc/artifacts/model' });
    const noName = await get(app(), `${API}/model-versions/get-download-uri`, { version: '1' });
    expect(noName.status).toBe(400);
    const noVersion = await get(app(), `${API}/model-versions/get-download-uri`, { name: 'm' });
    expect(noVersion.status).toBe(400);
    expect((await get(app(), `${API}/model-versions/get-download-uri`, { name: 'm', version: '5' })).status).toBe(404);
  });
});

describe('model-versions/search', () => {
  const search = (query: Record<string, string | string[] | number>) => get(app(), `${API}/model-versions/search`, query);
  const ids = (reply: { json: { model_versions?: { name: string; version: string }[] } }) =>
    (reply.json.model_versions ?? []).map((version) => `${version.name}/${version.version}`);
  let runId = '';

  beforeEach(async () => {
    runId = (await createRun(app(), 'exp')).runId;
    await createModel(app(), 'apple');
    await createModel(app(), 'cherry');
    for (let i = 0; i < 3; i += 1) {
      await createVersion(app(), 'apple', `s3://b/apple/${i}`, { run_id: runId, tags: [{ key: 'i', value: String(i) }] });
    }
    await createVersion(app(), 'cherry', 's3://b/cherry/0');
  });

  it('orders by last_updated_timestamp DESC by default, without aliases', async () => {
    await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'apple', alias: 'a', version: '3' });
    const reply = await search({ filter: "name = 'apple'" });
    expect(ids(reply)).toEqual(['apple/3', 'apple/2', 'apple/1']);
    expect(reply.json.model_versions[0]).not.toHaveProperty('aliases');
    expect(reply.json.model_versions[0]?.tags).toEqual([{ key: 'i', value: '2' }]);
    expect(ids(await search({}))).toEqual(['cherry/1', 'apple/3', 'apple/2', 'apple/1']);
  });

  it('orders by the given keys with name ASC / version DESC tie-breakers', async () => {
    expect(ids(await search({ order_by: 'version_number ASC' }))).toEqual(['apple/1', 'cherry/1', 'apple/2', 'apple/3']);
    expect(ids(await search({ order_by: ['name DESC', 'version_number ASC'] }))).toEqual(['cherry/1', 'apple/1', 'apple/2', 'apple/3']);
    expect(ids(await search({ order_by: 'creation_timestamp ASC' }))).toEqual(['apple/1', 'apple/2', 'apple/3', 'cherry/1']);
  });

  it('filters on name, run_id (incl. IN), source_path, version_number and tags', async () => {
    expect(ids(await search({ filter: "name LIKE 'ch%'" }))).toEqual(['cherry/1']);
    expect(ids(await search({ filter: `run_id = '${runId}'`, order_by: 'version_number ASC' }))).toEqual(['apple/1', 'apple/2', 'apple/3']);
    expect(ids(await search({ filter: `run_id IN ('${runId}', 'other')`, order_by: 'version_number ASC' }))).toEqual([
      'apple/1',
      'apple/2',
      'apple/3',
    ]);
    expect(ids(await search({ filter: "source_path = 's3://b/cherry/0'" }))).toEqual(['cherry/1']);
    expect(ids(await search({ filter: "name = 'apple' AND version_number > 1" }))).toEqual(['apple/3', 'apple/2']);
    expect(ids(await search({ filter: "tags.i = '1'" }))).toEqual(['apple/2']);
    expect(ids(await search({ filter: "tags.i != '1'", order_by: 'version_number ASC' }))).toEqual(['apple/1', 'apple/3']);
    const none = await search({ filter: "name = 'zzz'" });
    expect(none.status).toBe(200);
    expect(none.json).toEqual({});
  });

  it('pages with look-ahead tokens', async () => {
    const first = await search({ max_results: 3, order_by: ['name ASC', 'version_number ASC'] });
    expect(ids(first)).toEqual(['apple/1', 'apple/2', 'apple/3']);
    const second = await search({ max_results: 3, order_by: ['name ASC', 'version_number ASC'], page_token: first.json.next_page_token });
    expect(ids(second)).toEqual(['cherry/1']);
    expect(second.json).not.toHaveProperty('next_page_token');
  });

  it('refuses bad filters, order keys, tokens and max_results', async () => {
    const cases: [Record<string, string | string[] | number>, string][] = [
      [{ filter: 'name = ' }, 'Invalid clause(s) in filter string'],
      [{ filter: "foo = 'x'" }, "Invalid attribute key 'foo' specified. Valid keys are '{'name', 'run_id', 'source_path', 'version_number'}'"],
      [{ filter: "name IN ('a', 'b')" }, "Only the 'run_id' attribute supports comparison with a list of quoted string values."],
      [{ order_by: 'foo' }, "'foo'"],
      [{ order_by: ['name', 'name DESC'] }, 'duplicate'],
      [{ page_token: 'bogus' }, 'Invalid page token'],
      [{ max_results: 200001 }, 'Invalid value "200001" for parameter \'max_results\''],
      [{ max_results: 0 }, 'max_results'],
    ];
    for (const [query, message] of cases) {
      const reply = await search(query);
      expect(reply.status, JSON.stringify(query)).toBe(400);
      expect(reply.json.error_code).toBe('INVALID_PARAMETER_VALUE');
      expect(reply.json.message).toContain(message);
    }
  });

  it('hides versions of prompts unless the filter asks for them', async () => {
    await createModel(app(), 'prompt');
    await createVersion(app(), 'prompt', 'ignored', { tags: [{ key: 'mlflow.prompt.is_prompt', value: 'true' }] });
    expect(ids(await search({ filter: "name = 'prompt'" }))).toEqual([]);
    expect(ids(await search({ filter: "tags.`mlflow.prompt.is_prompt` = 'true'" }))).toEqual(['prompt/1']);
  });
});

describe('/model-versions/get-artifact', () => {
  it('serves a file of a version with an mlflow-artifacts: source', async () => {
    const run = await createRun(app(), 'exp');
    await uploadArtifact(app(), `${run.experimentId}/${run.runId}/artifacts/model/MLmodel`, 'artifact_path: model\n');
    await createModel(app(), 'm');
    await createVersion(app(), 'm', `${run.artifactUri}/model`, { run_id: run.runId });
    const reply = await get(app(), '/model-versions/get-artifact', { name: 'm', version: '1', path: 'MLmodel' });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('artifact_path: model\n');
    expect(String(reply.headers['content-type'])).toMatch(/^text\/plain/);
    expect(reply.headers['content-disposition']).toBe('attachment; filename=MLmodel');
  });

  it('resolves runs:/ sources through the run', async () => {
    const run = await createRun(app(), 'exp');
    await uploadArtifact(app(), `${run.experimentId}/${run.runId}/artifacts/model/conda.yaml`, 'name: env\n');
    await createModel(app(), 'm');
    await createVersion(app(), 'm', `runs:/${run.runId}/model`, { run_id: run.runId });
    const reply = await get(app(), '/model-versions/get-artifact', { name: 'm', version: '1', path: 'conda.yaml' });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('name: env\n');
  });

  it('refuses traversal, missing paths, unknown versions, missing files and foreign storage', async () => {
    const run = await createRun(app(), 'exp');
    await createModel(app(), 'm');
    await createVersion(app(), 'm', `${run.artifactUri}/model`, { run_id: run.runId });
    await createVersion(app(), 'm', 's3://bucket/model');
    expect((await get(app(), '/model-versions/get-artifact', { name: 'm', version: '1', path: '../../secret' })).status).toBe(400);
    expect((await get(app(), '/model-versions/get-artifact', { name: 'm', version: '1', path: '%2e%2e/x' })).status).toBe(400);
    expect((await get(app(), '/model-versions/get-artifact', { name: 'm', version: '1' })).status).toBe(400);
    expect((await get(app(), '/model-versions/get-artifact', { name: 'm', version: '9', path: 'MLmodel' })).status).toBe(404);
    expect((await get(app(), '/model-versions/get-artifact', { name: 'm', version: '1', path: 'nothing-here' })).status).toBe(404);
    expect((await get(app(), '/model-versions/get-artifact', { name: 'm', version: '2', path: 'MLmodel' })).status).toBe(400);
  });
});
