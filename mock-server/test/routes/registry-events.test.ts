// Runboard's registry extensions: GET /{api,ajax-api}/2.0/runboard/registry-events records every
// registry change, newest first, with the acting user from X-Runboard-User (or HTTP basic auth);
// GET .../runboard/model-versions/stage-counts counts the versions per stage of several models.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegistryEvent } from '../../../src/lib/mlflow/wire-types.js';
import { API, createModel, createVersion, get, send, startServer, type TestServer } from './registry-helpers.js';

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

const app = () => server.app;
const EVENTS = '/ajax-api/2.0/runboard/registry-events';
const AS_ALICE = { 'X-Runboard-User': 'alice' };

async function eventsOf(name: string, query: Record<string, string | number> = {}): Promise<RegistryEvent[]> {
  const reply = await get(app(), EVENTS, { name, ...query });
  expect(reply.status).toBe(200);
  return reply.json.events;
}

/** Events oldest first, without ids and timestamps, for readable expectations. */
async function historyOf(name: string): Promise<Omit<RegistryEvent, 'id' | 'timestamp'>[]> {
  return (await eventsOf(name)).reverse().map(({ id: _id, timestamp: _timestamp, ...rest }) => rest);
}

describe('registry events: registered models', () => {
  it('records creation (with description and tags), the user, and nothing for failed requests', async () => {
    await send(app(), 'POST', `${API}/registered-models/create`, { name: 'm', description: 'd', tags: [{ key: 'k', value: 'v' }] }, AS_ALICE);
    await send(app(), 'POST', `${API}/registered-models/create`, { name: 'm' }, AS_ALICE); // duplicate: 400
    expect(await historyOf('m')).toEqual([
      { event_type: 'MODEL_CREATED', name: 'm', user_id: 'alice' },
      { event_type: 'MODEL_DESCRIPTION_CHANGED', name: 'm', user_id: 'alice', to_value: 'd' },
      { event_type: 'MODEL_TAG_SET', name: 'm', user_id: 'alice', key: 'k', to_value: 'v' },
    ]);
    const events = await eventsOf('m');
    expect(events.every((event) => typeof event.id === 'number' && typeof event.timestamp === 'number')).toBe(true);
    // Newest first.
    expect(events.map((event) => event.id)).toEqual([...events.map((event) => event.id)].sort((a, b) => b - a));
  });

  it('records description changes and tag changes, skipping no-ops; no user without the header', async () => {
    await createModel(app(), 'm');
    await send(app(), 'PATCH', `${API}/registered-models/update`, { name: 'm', description: 'one' });
    await send(app(), 'PATCH', `${API}/registered-models/update`, { name: 'm', description: 'one' });
    await send(app(), 'PATCH', `${API}/registered-models/update`, { name: 'm' });
    await send(app(), 'POST', `${API}/registered-models/set-tag`, { name: 'm', key: 'k', value: 'a' });
    await send(app(), 'POST', `${API}/registered-models/set-tag`, { name: 'm', key: 'k', value: 'a' });
    await send(app(), 'POST', `${API}/registered-models/set-tag`, { name: 'm', key: 'k', value: 'b' });
    await send(app(), 'DELETE', `${API}/registered-models/delete-tag`, { name: 'm', key: 'k' });
    await send(app(), 'DELETE', `${API}/registered-models/delete-tag`, { name: 'm', key: 'k' });
    expect(await historyOf('m')).toEqual([
      { event_type: 'MODEL_CREATED', name: 'm' },
      { event_type: 'MODEL_DESCRIPTION_CHANGED', name: 'm', to_value: 'one' },
      { event_type: 'MODEL_DESCRIPTION_CHANGED', name: 'm', from_value: 'one' },
      { event_type: 'MODEL_TAG_SET', name: 'm', key: 'k', to_value: 'a' },
      { event_type: 'MODEL_TAG_SET', name: 'm', key: 'k', from_value: 'a', to_value: 'b' },
      { event_type: 'MODEL_TAG_DELETED', name: 'm', key: 'k', from_value: 'b' },
    ]);
  });

  it('reads the user percent-encoded as the UI sends it, else from HTTP basic auth', async () => {
    const basic = (credentials: string) => ({ Authorization: `Basic ${Buffer.from(credentials).toString('base64')}` });
    await send(app(), 'POST', `${API}/registered-models/create`, { name: 'm' }, { 'X-Runboard-User': encodeURIComponent('Zoë Müller 李') });
    await send(app(), 'POST', `${API}/registered-models/set-tag`, { name: 'm', key: 'a', value: '1' }, basic('bob:secret:with:colons'));
    await send(app(), 'POST', `${API}/registered-models/set-tag`, { name: 'm', key: 'b', value: '1' }, { ...basic('bob:pw'), ...AS_ALICE });
    await send(app(), 'POST', `${API}/registered-models/set-tag`, { name: 'm', key: 'c', value: '1' }, { 'X-Runboard-User': '100%' });
    await send(app(), 'POST', `${API}/registered-models/set-tag`, { name: 'm', key: 'd', value: '1' }, { 'X-Runboard-User': '   ' });
    expect((await historyOf('m')).map((event) => event.user_id)).toEqual(['Zoë Müller 李', 'bob', 'alice', '100%', undefined]);
  });

  it('keeps the history across a rename and records the rename', async () => {
    await createModel(app(), 'old');
    await createVersion(app(), 'old', 's3://b/1');
    await send(app(), 'POST', `${API}/registered-models/rename`, { name: 'old', new_name: 'new' }, AS_ALICE);
    expect(await eventsOf('old')).toEqual([]);
    expect(await historyOf('new')).toEqual([
      { event_type: 'MODEL_CREATED', name: 'new' },
      { event_type: 'VERSION_CREATED', name: 'new', version: '1', to_value: 's3://b/1' },
      { event_type: 'MODEL_RENAMED', name: 'new', user_id: 'alice', from_value: 'old', to_value: 'new' },
    ]);
  });

  it('records the deletion and keeps the history readable afterwards', async () => {
    await createModel(app(), 'm');
    await send(app(), 'DELETE', `${API}/registered-models/delete`, { name: 'm' });
    expect((await historyOf('m')).map((event) => event.event_type)).toEqual(['MODEL_CREATED', 'MODEL_DELETED']);
  });
});

describe('registry events: versions and aliases', () => {
  beforeEach(async () => {
    await createModel(app(), 'm');
  });

  it('records version creation with description and tags, updates, tags and deletion', async () => {
    await createVersion(app(), 'm', 's3://b/1', { description: 'first', tags: [{ key: 't', value: '1' }] });
    await send(app(), 'PATCH', `${API}/model-versions/update`, { name: 'm', version: '1', description: 'second' });
    await send(app(), 'POST', `${API}/model-versions/set-tag`, { name: 'm', version: '1', key: 't', value: '2' });
    await send(app(), 'DELETE', `${API}/model-versions/delete-tag`, { name: 'm', version: '1', key: 't' });
    await send(app(), 'DELETE', `${API}/model-versions/delete`, { name: 'm', version: '1' });
    expect((await historyOf('m')).slice(1)).toEqual([
      { event_type: 'VERSION_CREATED', name: 'm', version: '1', to_value: 's3://b/1' },
      { event_type: 'VERSION_DESCRIPTION_CHANGED', name: 'm', version: '1', to_value: 'first' },
      { event_type: 'VERSION_TAG_SET', name: 'm', version: '1', key: 't', to_value: '1' },
      { event_type: 'VERSION_DESCRIPTION_CHANGED', name: 'm', version: '1', from_value: 'first', to_value: 'second' },
      { event_type: 'VERSION_TAG_SET', name: 'm', version: '1', key: 't', from_value: '1', to_value: '2' },
      { event_type: 'VERSION_TAG_DELETED', name: 'm', version: '1', key: 't', from_value: '2' },
      { event_type: 'VERSION_DELETED', name: 'm', version: '1' },
    ]);
  });

  it('records stage changes, archiving by archive_existing_versions as events of their own', async () => {
    for (let i = 1; i <= 3; i += 1) await createVersion(app(), 'm', `s3://b/${i}`);
    const transition = (version: string, stage: string, archive = false) =>
      send(app(), 'POST', `${API}/model-versions/transition-stage`, { name: 'm', version, stage, archive_existing_versions: archive }, AS_ALICE);
    await transition('1', 'Production');
    await transition('2', 'production');
    await transition('2', 'Production'); // no change
    await transition('3', 'Production', true);
    const stages = (await historyOf('m')).filter((event) => event.event_type === 'VERSION_STAGE_CHANGED');
    expect(stages).toEqual([
      { event_type: 'VERSION_STAGE_CHANGED', name: 'm', version: '1', user_id: 'alice', from_value: 'None', to_value: 'Production' },
      { event_type: 'VERSION_STAGE_CHANGED', name: 'm', version: '2', user_id: 'alice', from_value: 'None', to_value: 'Production' },
      { event_type: 'VERSION_STAGE_CHANGED', name: 'm', version: '1', user_id: 'alice', from_value: 'Production', to_value: 'Archived' },
      { event_type: 'VERSION_STAGE_CHANGED', name: 'm', version: '2', user_id: 'alice', from_value: 'Production', to_value: 'Archived' },
      { event_type: 'VERSION_STAGE_CHANGED', name: 'm', version: '3', user_id: 'alice', from_value: 'None', to_value: 'Production' },
    ]);
    // The archive events and the transition share one timestamp (one change).
    const latest = (await eventsOf('m')).slice(0, 3);
    expect(new Set(latest.map((event) => event.timestamp)).size).toBe(1);
  });

  it('records alias set, move, delete, and aliases removed with their version', async () => {
    await createVersion(app(), 'm', 's3://b/1');
    await createVersion(app(), 'm', 's3://b/2');
    const setAlias = (alias: string, version: string) => send(app(), 'POST', `${API}/registered-models/alias`, { name: 'm', alias, version });
    await setAlias('champ', '1');
    await setAlias('champ', '1'); // no change
    await setAlias('champ', '2');
    await setAlias('other', '2');
    await send(app(), 'DELETE', `${API}/registered-models/alias`, { name: 'm', alias: 'other' });
    await setAlias('prod', '2');
    await send(app(), 'DELETE', `${API}/model-versions/delete`, { name: 'm', version: '2' });
    const aliasEvents = (await historyOf('m')).filter((event) => event.event_type.startsWith('ALIAS') || event.event_type === 'VERSION_DELETED');
    expect(aliasEvents).toEqual([
      { event_type: 'ALIAS_SET', name: 'm', alias: 'champ', version: '1', to_value: '1' },
      { event_type: 'ALIAS_SET', name: 'm', alias: 'champ', version: '2', from_value: '1', to_value: '2' },
      { event_type: 'ALIAS_SET', name: 'm', alias: 'other', version: '2', to_value: '2' },
      { event_type: 'ALIAS_DELETED', name: 'm', alias: 'other', version: '2', from_value: '2' },
      { event_type: 'ALIAS_SET', name: 'm', alias: 'prod', version: '2', to_value: '2' },
      { event_type: 'ALIAS_DELETED', name: 'm', alias: 'champ', version: '2', from_value: '2' },
      { event_type: 'ALIAS_DELETED', name: 'm', alias: 'prod', version: '2', from_value: '2' },
      { event_type: 'VERSION_DELETED', name: 'm', version: '2' },
    ]);
  });

  it('records nothing for refused changes', async () => {
    await createVersion(app(), 'm', 's3://b/1');
    const before = (await eventsOf('m')).length;
    await send(app(), 'POST', `${API}/model-versions/transition-stage`, { name: 'm', version: '1', stage: 'Bogus' });
    await send(app(), 'POST', `${API}/model-versions/set-tag`, { name: 'm', version: '1', key: 'k', value: 'x'.repeat(5001) });
    await send(app(), 'POST', `${API}/registered-models/alias`, { name: 'm', alias: 'latest', version: '1' });
    await send(app(), 'POST', `${API}/model-versions/create`, { name: 'm', source: 's3://b/../x' });
    expect((await eventsOf('m')).length).toBe(before);
  });
});

describe('GET runboard/registry-events', () => {
  it('is served under /api and /ajax-api, read-only', async () => {
    await createModel(app(), 'm');
    for (const prefix of ['/api/2.0', '/ajax-api/2.0']) {
      const reply = await get(app(), `${prefix}/runboard/registry-events`, { name: 'm' });
      expect(reply.status).toBe(200);
      expect(reply.json.events).toHaveLength(1);
    }
    expect((await send(app(), 'POST', EVENTS, { name: 'm' })).status).toBe(405);
  });

  it('answers an empty list for a name without history', async () => {
    const reply = await get(app(), EVENTS, { name: 'never' });
    expect(reply.json).toEqual({ events: [] });
  });

  it('pages newest first with tokens; no token on the last page', async () => {
    await createModel(app(), 'm');
    for (let i = 0; i < 4; i += 1) await send(app(), 'POST', `${API}/registered-models/set-tag`, { name: 'm', key: `k${i}`, value: 'v' });
    const all = await eventsOf('m');
    expect(all).toHaveLength(5);
    const first = await get(app(), EVENTS, { name: 'm', max_results: 2 });
    expect(first.json.events.map((event: RegistryEvent) => event.id)).toEqual(all.slice(0, 2).map((event) => event.id));
    // Events recorded while paging do not shift the next pages.
    await send(app(), 'POST', `${API}/registered-models/set-tag`, { name: 'm', key: 'late', value: 'v' });
    const second = await get(app(), EVENTS, { name: 'm', max_results: 2, page_token: first.json.next_page_token });
    expect(second.json.events.map((event: RegistryEvent) => event.id)).toEqual(all.slice(2, 4).map((event) => event.id));
    const third = await get(app(), EVENTS, { name: 'm', max_results: 2, page_token: second.json.next_page_token });
    expect(third.json.events.map((event: RegistryEvent) => event.id)).toEqual(all.slice(4).map((event) => event.id));
    expect(third.json).not.toHaveProperty('next_page_token');
  });

  it('refuses a missing name, bad max_results and bad tokens', async () => {
    const noName = await get(app(), EVENTS);
    expect(noName.status).toBe(400);
    expect(noName.json.message).toContain("'name'");
    for (const query of [{ max_results: 0 }, { max_results: 'x' }, { max_results: 100001 }, { page_token: 'bogus' }]) {
      const reply = await get(app(), EVENTS, { name: 'm', ...query });
      expect(reply.status, JSON.stringify(query)).toBe(400);
      expect(reply.json.error_code).toBe('INVALID_PARAMETER_VALUE');
    }
  });
});

describe('runboard/model-versions/stage-counts', () => {
  const COUNTS = '/ajax-api/2.0/runboard/model-versions/stage-counts';

  it('counts live versions per stage for several models in one request', async () => {
    await createModel(app(), 'a');
    await createModel(app(), 'b');
    for (let i = 1; i <= 4; i += 1) await createVersion(app(), 'a', `s3://a/${i}`);
    await createVersion(app(), 'b', 's3://b/1');
    const transition = (version: string, stage: string) =>
      send(app(), 'POST', `${API}/model-versions/transition-stage`, { name: 'a', version, stage });
    await transition('1', 'Production');
    await transition('2', 'Production');
    await transition('3', 'Archived');
    await send(app(), 'DELETE', `${API}/model-versions/delete`, { name: 'a', version: '4' });

    const reply = await get(app(), COUNTS, { name: ['b', 'a', 'unknown'] });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      models: [
        { name: 'b', stages: { None: 1, Staging: 0, Production: 0, Archived: 0 } },
        { name: 'a', stages: { None: 0, Staging: 0, Production: 2, Archived: 1 } },
        { name: 'unknown', stages: { None: 0, Staging: 0, Production: 0, Archived: 0 } },
      ],
    });
    // One name, and the client prefix.
    const single = await get(app(), '/api/2.0/runboard/model-versions/stage-counts', { name: 'b' });
    expect(single.json).toEqual({ models: [{ name: 'b', stages: { None: 1, Staging: 0, Production: 0, Archived: 0 } }] });
  });

  it('needs at least one name and at most 1000', async () => {
    expect((await get(app(), COUNTS)).status).toBe(400);
    const many = Array.from({ length: 1001 }, (_, i) => `m${i}`);
    const reply = await get(app(), COUNTS, { name: many });
    expect(reply.status).toBe(400);
    expect(reply.json.error_code).toBe('INVALID_PARAMETER_VALUE');
  });
});
