import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiGet, apiSend, readUserName, saveUserName, USER_NAME_STORAGE_KEY } from './api-client';

/** A minimal localStorage (unit tests run in Node). */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

const fetchMock = vi.fn<typeof fetch>();

function sentHeaders(): Record<string, string> {
  const init = fetchMock.mock.calls.at(-1)?.[1];
  return (init?.headers ?? {}) as Record<string, string>;
}

beforeEach(() => {
  vi.stubGlobal('localStorage', memoryStorage());
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockReset();
  fetchMock.mockImplementation(() => Promise.resolve(new Response('{}', { status: 200 })));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('X-Runboard-User', () => {
  it('is sent with writes once a name is saved, percent-encoded', async () => {
    await apiSend('POST', '/registered-models/create', { name: 'm' });
    expect(sentHeaders()).not.toHaveProperty('X-Runboard-User');

    saveUserName('  Zoë Müller  ');
    expect(readUserName()).toBe('Zoë Müller');
    await apiSend('PATCH', '/registered-models/update', { name: 'm' });
    expect(sentHeaders()).toMatchObject({ 'Content-Type': 'application/json', 'X-Runboard-User': 'Zo%C3%AB%20M%C3%BCller' });
    // Every character fits a Latin-1 header value.
    expect([...(sentHeaders()['X-Runboard-User'] ?? '')].every((char) => char.charCodeAt(0) < 128)).toBe(true);
  });

  it('is not sent with reads, and not after the name is forgotten', async () => {
    saveUserName('ada');
    await apiGet('/registered-models/get', { name: 'm' });
    expect(fetchMock.mock.calls.at(-1)?.[1]?.headers).toBeUndefined();

    saveUserName('   ');
    expect(localStorage.getItem(USER_NAME_STORAGE_KEY)).toBeNull();
    await apiSend('DELETE', '/registered-models/delete', { name: 'm' });
    expect(sentHeaders()).not.toHaveProperty('X-Runboard-User');
  });

  it('works without storage (switched off by the browser)', async () => {
    vi.stubGlobal('localStorage', undefined);
    expect(readUserName()).toBe('');
    saveUserName('ada');
    await apiSend('POST', '/registered-models/create', { name: 'm' });
    expect(sentHeaders()).not.toHaveProperty('X-Runboard-User');
  });
});
