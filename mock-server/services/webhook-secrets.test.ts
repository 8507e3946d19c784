import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret, WebhookSecretError, webhookSecretKeyFromEnv } from './webhook-secrets.js';

const key = webhookSecretKeyFromEnv({ RUNBOARD_WEBHOOK_SECRET_KEY: 'correct horse battery staple' });
const otherKey = webhookSecretKeyFromEnv({ RUNBOARD_WEBHOOK_SECRET_KEY: 'another key of sufficient length' });

describe('webhook secrets at rest', () => {
  it('seals with the key (a fresh IV each time) and opens back', () => {
    const first = sealSecret('whsec-1', key);
    const second = sealSecret('whsec-1', key);
    expect(first).toMatch(/^enc:v1:/);
    expect(first).not.toContain('whsec-1');
    expect(first).not.toBe(second);
    expect(openSecret(first, key)).toBe('whsec-1');
    expect(openSecret(second, key)).toBe('whsec-1');
  });

  it('refuses to open with a missing or different key, or a tampered value', () => {
    const sealed = sealSecret('whsec-1', key);
    expect(() => openSecret(sealed, undefined)).toThrow(WebhookSecretError);
    expect(() => openSecret(sealed, otherKey)).toThrow(/differs from the key/);
    const tampered = `${sealed.slice(0, -4)}AAA=`;
    expect(() => openSecret(tampered, key)).toThrow(WebhookSecretError);
  });

  it('stores secrets as given without a key, readable once a key is set', () => {
    expect(sealSecret('whsec-2', undefined)).toBe('plain:whsec-2');
    expect(openSecret('plain:whsec-2', key)).toBe('whsec-2');
  });

  it('checks the variable at boot', () => {
    expect(webhookSecretKeyFromEnv({})).toBeUndefined();
    expect(() => webhookSecretKeyFromEnv({ RUNBOARD_WEBHOOK_SECRET_KEY: 'short' })).toThrow(/at least 16 characters/);
  });
});
