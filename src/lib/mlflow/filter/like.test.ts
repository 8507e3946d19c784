import { describe, expect, it } from 'vitest';
import { likeToRegExp, matchesLike } from './like.js';

describe('likeToRegExp', () => {
  it('treats % as any run of characters, including none and newlines', () => {
    const regexp = likeToRegExp('gold-%-e04', false);
    expect(regexp.test('gold--e04')).toBe(true);
    expect(regexp.test('gold-abc-e04')).toBe(true);
    expect(regexp.test('gold-a\nb-e04')).toBe(true);
    expect(regexp.test('gold-abc-e04x')).toBe(false);
  });

  it('treats _ as exactly one character, even outside the BMP', () => {
    const regexp = likeToRegExp('a_c', false);
    expect(regexp.test('abc')).toBe(true);
    expect(regexp.test('a😀c')).toBe(true);
    expect(regexp.test('ac')).toBe(false);
    expect(regexp.test('abbc')).toBe(false);
  });

  it('anchors the whole value', () => {
    expect(likeToRegExp('b', false).test('abc')).toBe(false);
    expect(likeToRegExp('%b%', false).test('abc')).toBe(true);
    expect(likeToRegExp('', false).test('')).toBe(true);
    expect(likeToRegExp('', false).test('x')).toBe(false);
  });

  it.each(['.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '^', '$', '\\', '/', '-'])(
    'matches %s literally',
    (ch) => {
      const regexp = likeToRegExp(`a${ch}b`, false);
      expect(regexp.test(`a${ch}b`)).toBe(true);
      expect(regexp.test('axb')).toBe(false);
    },
  );

  it('has no escape character: a backslash stays literal and % stays a wildcard', () => {
    const regexp = likeToRegExp('100\\%', false);
    expect(regexp.test('100\\ percent')).toBe(true);
    expect(regexp.test('100%')).toBe(false);
  });

  it('is case-sensitive for LIKE and case-insensitive for ILIKE', () => {
    expect(likeToRegExp('gold-%-g%', false).test('gold-abc-Gamma')).toBe(false);
    expect(likeToRegExp('gold-%-g%', true).test('gold-abc-Gamma')).toBe(true);
    expect(likeToRegExp('BL%', true).test('blue')).toBe(true);
    expect(likeToRegExp('STRASSE_', true).test('straße1')).toBe(false);
    expect(likeToRegExp('É%', true).test('école')).toBe(true);
  });

  it('has a one-call helper', () => {
    expect(matchesLike('mlflow-artifacts:/1/abc', 'mlflow-artifacts:%', false)).toBe(true);
    expect(matchesLike('MLflow', 'ml%', false)).toBe(false);
    expect(matchesLike('MLflow', 'ml%', true)).toBe(true);
  });
});
