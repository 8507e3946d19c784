import { describe, expect, it } from 'vitest';
import { applySuggestion, distinctValues, formatIdentifier, suggestFilterKeys, suggestFilterValues } from './filter-autocomplete';

const keys = { metrics: ['accuracy', 'val-loss'], params: ['lr', 'optimizer'], tags: ['team'] };

describe('filter autocomplete', () => {
  it('suggests keys of every kind for a bare word, prefix matches first', () => {
    const result = suggestFilterKeys('acc', 3, keys);
    expect(result?.from).toBe(0);
    expect(result?.suggestions[0]?.insert).toBe('metrics.accuracy');
  });

  it('narrows to one kind after a typed prefix, aliases included', () => {
    const result = suggestFilterKeys('params.o', 8, keys);
    expect(result?.suggestions.map((suggestion) => suggestion.insert)).toEqual(['params.optimizer']);
    const alias = suggestFilterKeys('metric.val', 10, keys);
    expect(alias?.suggestions.map((suggestion) => suggestion.insert)).toEqual(['metric.`val-loss`']);
    const attributes = suggestFilterKeys('attributes.st', 13, keys);
    expect(attributes?.suggestions.map((suggestion) => suggestion.insert)).toEqual(['attributes.status', 'attributes.start_time']);
  });

  it('suggests after AND but not in operator or value positions', () => {
    const text = "params.lr = '0.1' AND te";
    expect(suggestFilterKeys(text, text.length, keys)?.suggestions[0]?.insert).toBe('tags.team');
    expect(suggestFilterKeys('params.lr = ', 12, keys)).toBeNull();
    expect(suggestFilterKeys("params.lr = 'acc", 16, keys)).toBeNull();
    expect(suggestFilterKeys('params.lr ac', 12, keys)).toBeNull();
  });

  it('suggests keys after OR and after a group\'s opening parenthesis, not inside an IN list', () => {
    const text = "params.lr = '0.1' OR (te";
    expect(suggestFilterKeys(text, text.length, keys)?.suggestions[0]?.insert).toBe('tags.team');
    expect(suggestFilterKeys("params.lr = '0.1' or acc", 24, keys)?.suggestions[0]?.insert).toBe('metrics.accuracy');
    expect(suggestFilterKeys('attributes.run_id IN (te', 24, keys)).toBeNull();
  });

  it('offers AND and OR after a complete condition', () => {
    const inserts = (text: string, allowOr = true) => suggestFilterKeys(text, text.length, keys, 12, allowOr)?.suggestions.map((s) => s.insert);
    expect(inserts("params.lr = '0.1' ")).toEqual(['AND', 'OR']);
    expect(inserts('metrics.accuracy > 0.9 o')).toEqual(['OR']);
    expect(inserts("attributes.run_id IN ('a') a")).toEqual(['AND']);
    expect(inserts("params.lr = '0.1' ", false)).toEqual(['AND']);
    // Not after an identifier or an operator.
    expect(inserts('metrics.accuracy1 ')).toBeUndefined();
    expect(inserts('metrics.accuracy > ')).toBeUndefined();
  });

  it('replaces the whole word and adds a space', () => {
    const text = 'metrics.ac > 1';
    const result = suggestFilterKeys(text, 9, keys);
    expect(result).not.toBeNull();
    if (!result || !result.suggestions[0]) return;
    expect(applySuggestion(text, result, result.suggestions[0])).toEqual({ text: 'metrics.accuracy > 1', caret: 17 });
  });

  it('quotes keys that are not plain words', () => {
    expect(formatIdentifier('tags', 'mlflow.user')).toBe('tags.`mlflow.user`');
    expect(formatIdentifier('params', 'lr')).toBe('params.lr');
  });
});

describe('suggestFilterValues', () => {
  const lookup = (kind: 'params' | 'tags', key: string) =>
    kind === 'params' && key === 'optimizer' ? ['adam', 'adamw', 'sgd'] : kind === 'tags' && key === 'team name' ? ["o'neil", 'red'] : [];

  it('offers the values seen after a comparison, quoted', () => {
    const text = 'params.optimizer = ';
    const result = suggestFilterValues(text, text.length, lookup);
    expect(result?.suggestions.map((suggestion) => suggestion.insert)).toEqual(["'adam'", "'adamw'", "'sgd'"]);
    expect(result?.suggestions[0]?.kind).toBe('value');
  });

  it('narrows by what was typed inside the quote and replaces the whole quoted value', () => {
    const text = "metrics.acc > 0.5 AND param.optimizer != 'ad' AND tags.x = 'y'";
    const caret = text.indexOf("'ad'") + 3;
    const result = suggestFilterValues(text, caret, lookup);
    expect(result?.suggestions.map((suggestion) => suggestion.key)).toEqual(['adam', 'adamw']);
    const applied = applySuggestion(text, result!, result!.suggestions[1]!);
    expect(applied.text).toBe("metrics.acc > 0.5 AND param.optimizer != 'adamw' AND tags.x = 'y'");
  });

  it('reads quoted keys, and quotes values holding a quote with double quotes', () => {
    const text = 'tags.`team name` LIKE ';
    expect(suggestFilterValues(text, text.length, lookup)?.suggestions.map((suggestion) => suggestion.insert)).toEqual(['"o\'neil"', "'red'"]);
  });

  it('offers nothing for metrics, unknown keys or outside a comparison', () => {
    expect(suggestFilterValues('metrics.acc > ', 14, lookup)).toBeNull();
    expect(suggestFilterValues('params.nope = ', 14, lookup)).toBeNull();
    expect(suggestFilterValues('params.optimizer', 16, lookup)).toBeNull();
  });

  it('collects distinct values, sorted naturally', () => {
    const runs: { params: Record<string, string>; tags: Record<string, string> }[] = [{ params: { set: 'run-10' }, tags: {} }, { params: { set: 'run-2' }, tags: {} }, { params: { set: 'run-10' }, tags: {} }, { params: {}, tags: {} }];
    expect(distinctValues(runs, 'params', 'set')).toEqual(['run-2', 'run-10']);
  });
});
