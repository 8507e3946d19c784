import { describe, expect, it, vi } from 'vitest';
import { MlflowApiError } from './api-client';
import { createQueryClient, shouldRetry } from './query-client';

describe('shouldRetry', () => {
  it('never retries client errors', () => {
    expect(shouldRetry(0, new MlflowApiError(404, 'RESOURCE_DOES_NOT_EXIST', 'nope'))).toBe(false);
    expect(shouldRetry(0, new MlflowApiError(400, 'INVALID_PARAMETER_VALUE', 'bad'))).toBe(false);
  });
  it('retries server and network errors twice', () => {
    const error = new MlflowApiError(503, 'TEMPORARILY_UNAVAILABLE', 'busy');
    expect(shouldRetry(0, error)).toBe(true);
    expect(shouldRetry(1, error)).toBe(true);
    expect(shouldRetry(2, error)).toBe(false);
    expect(shouldRetry(0, new TypeError('Failed to fetch'))).toBe(true);
    expect(shouldRetry(0, new MlflowApiError(429, 'REQUEST_LIMIT_EXCEEDED', 'slow down'))).toBe(true);
  });
});

describe('mutation toasts', () => {
  it('reports success and failure through meta messages', async () => {
    const notifier = { success: vi.fn(), error: vi.fn() };
    const client = createQueryClient(() => notifier);
    const ok = client.getMutationCache().build(client, {
      mutationFn: (name: string) => Promise.resolve(name.toUpperCase()),
      meta: { successMessage: (data) => `Saved ${String(data)}` },
    });
    await ok.execute('x');
    expect(notifier.success).toHaveBeenCalledWith('Saved X');

    const failing = client.getMutationCache().build(client, {
      mutationFn: () => Promise.reject(new MlflowApiError(400, 'INVALID_PARAMETER_VALUE', 'Name is taken')),
      meta: { errorMessage: 'Could not rename' },
    });
    await expect(failing.execute(undefined)).rejects.toThrow('Name is taken');
    expect(notifier.error).toHaveBeenCalledWith('Could not rename: Name is taken');
  });
});
