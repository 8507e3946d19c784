import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './webhook-dispatcher.js';
import { isNonPublicAddress, parseWebhookUrl, signPayload, WebhookTargetError } from './webhook-target.js';
import { DEFAULT_DELIVERY_POLICY } from './webhooks.js';

describe('signPayload', () => {
  it('is MLflow’s v1 signature: base64 HMAC-SHA256 of "{delivery_id}.{timestamp}.{payload}"', () => {
    // Expected value computed with Python's hmac module, as an MLflow receiver would.
    const payload = '{"entity":"model_version_alias","action":"created"}';
    expect(signPayload('whsec-test', '0b6c0f1e-1111-4222-8333-944455556666', '1765080000', payload)).toBe(
      'v1,szXm1K8fpuKUVePbIs0hufbgoQKWNA6Z0CJruT6Ab8Q=',
    );
    expect(signPayload('other', '0b6c0f1e-1111-4222-8333-944455556666', '1765080000', payload)).not.toBe(
      'v1,szXm1K8fpuKUVePbIs0hufbgoQKWNA6Z0CJruT6Ab8Q=',
    );
  });
});

describe('isNonPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.1.2.3',
    'not-an-ip',
  ])('%s is not public', (address) => expect(isNonPublicAddress(address)).toBe(true));
  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '192.169.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) =>
    expect(isNonPublicAddress(address)).toBe(false),
  );
});

describe('parseWebhookUrl', () => {
  it('takes absolute http(s) URLs only', () => {
    expect(parseWebhookUrl('https://ci.example.com/hook?x=1').hostname).toBe('ci.example.com');
    for (const url of [
      'ftp://x/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      '//x/y',
      'x',
      `https://x/${'a'.repeat(3000)}`,
      'http://u:p@x/',
    ]) {
      expect(() => parseWebhookUrl(url), url).toThrow(WebhookTargetError);
    }
  });
});

describe('retryDelayMs', () => {
  const failed = { statusCode: 503, latencyMs: 1, responseExcerpt: null, error: 'x', retryable: true };
  it('doubles from the base, with at most 10% jitter, capped', () => {
    const policy = { ...DEFAULT_DELIVERY_POLICY, backoffBaseMs: 1000, backoffMaxMs: 60_000 };
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(policy, attempt, failed, () => 0))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(policy, 2, failed, () => 1)).toBe(2200);
    expect(retryDelayMs(policy, 20, failed, () => 0)).toBe(60_000);
  });
  it('waits at least as long as Retry-After asks, up to the cap', () => {
    const policy = { ...DEFAULT_DELIVERY_POLICY, backoffBaseMs: 1000, backoffMaxMs: 60_000 };
    expect(retryDelayMs(policy, 1, { ...failed, retryAfterSeconds: 30 }, () => 0)).toBe(30_000);
    expect(retryDelayMs(policy, 1, { ...failed, retryAfterSeconds: 3600 }, () => 0)).toBe(60_000);
  });
});
