import { describe, expect, it } from 'vitest';
import { validateWebhookFields } from './validate-webhook';

describe('validateWebhookFields', () => {
  it('accepts a named http(s) webhook with an event', () => {
    expect(validateWebhookFields({ name: 'ci', url: 'https://ci.example.com/hook', events: ['model_version.created'] })).toEqual({});
    expect(validateWebhookFields({ name: 'ci', url: ' http://10.0.0.1:8080/x ', events: ['model_version.created'] })).toEqual({});
  });

  it('names each problem', () => {
    expect(validateWebhookFields({ name: '  ', url: '', events: [] })).toEqual({
      name: 'Give the webhook a name.',
      url: 'Enter the URL that receives the events.',
      events: 'Choose at least one event.',
    });
    expect(validateWebhookFields({ name: 'a', url: 'ci.example.com/hook', events: ['x'] }).url).toMatch(/absolute URL/);
    expect(validateWebhookFields({ name: 'a', url: 'ftp://example.com/', events: ['x'] }).url).toBe(
      'Only http:// and https:// URLs can receive webhooks, not ftp://.',
    );
  });
});
