import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-path';

describe('safeReturnPath', () => {
  it('keeps paths of this app', () => {
    expect(safeReturnPath('/models/m?tab=history')).toBe('/models/m?tab=history');
  });

  it('refuses other origins, the sign-in page itself and nothing', () => {
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'models', '/signin?next=/x', null, undefined, '']) {
      expect(safeReturnPath(next)).toBe('/experiments');
    }
  });
});
