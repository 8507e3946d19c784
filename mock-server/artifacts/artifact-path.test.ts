// Path safety of artifact routes, and the MIME types downloads are sent with.
import { describe, expect, it } from 'vitest';
import { artifactBasename, artifactPathFromUrl, fullyDecode, joinArtifactPath, percentDecode, safeArtifactPath } from './artifact-path.js';
import { guessMimeType } from './mime-types.js';

describe('safeArtifactPath', () => {
  it.each([
    ['a/b.txt', 'a/b.txt'],
    ['a//b/./c/', 'a/b/c'],
    ['.', ''],
    ['', ''],
    ['dir/..data', 'dir/..data'],
    ['..hidden', '..hidden'],
    ['name with spaces.txt', 'name with spaces.txt'],
    ['ünïcödé/файл.txt', 'ünïcödé/файл.txt'],
    ['50%.txt', '50%.txt'],
  ])('accepts %j as %j', (input, expected) => {
    expect(safeArtifactPath(input)).toBe(expected);
  });

  it.each([
    '..',
    '../x',
    'a/../../x',
    'a/..',
    '/etc/passwd',
    '//server/share',
    'C:\\x',
    'C:x',
    'c:/x',
    'a\\..\\x',
    'a\\b',
    'a\u0000b',
    'a\nb',
    'a\u007fb',
    'a#b',
    'file:///etc/passwd',
    'FILE:/etc',
    '%2e%2e/x',
    '%2E%2E%2Fx',
    'a/%2e%2e',
    '%252e%252e/x',
    '%25252e%25252e/x',
    '%2fetc%2fpasswd',
    '%5c..%5cx',
    'a%00b',
    'a%23b',
  ])('refuses %j with 400 INVALID_PARAMETER_VALUE', (input) => {
    expect(() => safeArtifactPath(input)).toThrow(
      expect.objectContaining({ errorCode: 'INVALID_PARAMETER_VALUE', status: 400, message: 'Invalid path' }),
    );
  });

  it('refuses paths encoded more times than it is willing to decode', () => {
    let deep = '..';
    for (let i = 0; i < 12; i += 1) deep = encodeURIComponent(deep).replace(/\./g, '%2E');
    expect(() => safeArtifactPath(deep)).toThrow('Invalid path');
  });
});

describe('artifactPathFromUrl', () => {
  it('decodes the raw URL path once and keeps what it names', () => {
    expect(artifactPathFromUrl('1/run/artifacts/a%20b.txt')).toBe('1/run/artifacts/a b.txt');
    expect(artifactPathFromUrl('1/run/artifacts/%E2%82%AC.txt')).toBe('1/run/artifacts/€.txt');
  });

  it.each(['1/r/%2E%2E/%2E%2E/x.txt', '1/r/%2e%2e', '..%2Fx', '%2Fetc', '1/r/%5C..%5Cx', '1/r/a%00', '1/r/%252E%252E/x', '1/r/..'])(
    'refuses %j',
    (raw) => {
      expect(() => artifactPathFromUrl(raw)).toThrow('Invalid path');
    },
  );
});

describe('decoding helpers', () => {
  it('leaves malformed escapes alone like Python unquote', () => {
    expect(percentDecode('100%')).toBe('100%');
    expect(percentDecode('%zz%41')).toBe('%zzA');
    expect(percentDecode('%ff')).toBe('\ufffd');
  });

  it('decodes until stable', () => {
    expect(fullyDecode('%252E%252E')).toBe('..');
  });

  it('joins and splits paths', () => {
    expect(joinArtifactPath('a', '', 'b/c')).toBe('a/b/c');
    expect(artifactBasename('a/b/c.txt')).toBe('c.txt');
    expect(artifactBasename('c.txt')).toBe('c.txt');
  });
});

describe('guessMimeType', () => {
  it.each([
    ['hello.txt', 'text/plain'],
    ['data.json', 'text/plain'],
    ['conda.yaml', 'text/plain'],
    ['MLmodel', 'text/plain'],
    ['MLproject', 'text/plain'],
    ['dir/image.png', 'image/png'],
    ['photo.JPG', 'image/jpeg'],
    ['plot.svg', 'image/svg+xml'],
    ['report.html', 'text/html'],
    ['model.pkl', 'application/octet-stream'],
    ['notes', 'application/octet-stream'],
    ['.env', 'application/octet-stream'],
    ['archive.zip', 'application/zip'],
  ])('%s is %s', (name, type) => {
    expect(guessMimeType(name)).toBe(type);
  });
});
