import { describe, expect, it } from 'vitest';
import { safeUrl } from './markdown-view';

describe('safeUrl', () => {
  it.each(['https://example.com', 'http://x.y/z?q=1', 'mailto:a@b.c', '#anchor', '/experiments/1', './a.png', 'relative/path'])('keeps %s', (url) => {
    expect(safeUrl(url)).toBe(url);
  });

  it.each(['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html;base64,AAA', 'vbscript:x'])('drops %s', (url) => {
    expect(safeUrl(url)).toBe('');
  });
});
