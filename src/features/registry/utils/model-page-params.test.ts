import { describe, expect, it } from 'vitest';
import { ANY_ALIAS, comparePath, filterVersions, readCompareVersions, readModelPageParams, writeModelPageParams } from './model-page-params';
import { testVersion } from './test-versions';

describe('model page params', () => {
  it('reads and writes filters', () => {
    expect(readModelPageParams(new URLSearchParams('stage=Production&alias=champion&metric=acc'))).toEqual({ stage: 'Production', alias: 'champion', metric: 'acc', allHistory: false });
    expect(writeModelPageParams(new URLSearchParams(), { allHistory: true }).toString()).toBe('history=all');
    expect(readModelPageParams(new URLSearchParams('stage=bogus')).stage).toBeUndefined();
    expect(writeModelPageParams(new URLSearchParams('stage=Staging'), { alias: 'x' }).toString()).toBe('stage=Staging&alias=x');
    expect(writeModelPageParams(new URLSearchParams('stage=Staging'), { stage: undefined }).toString()).toBe('');
  });

  it('filters versions by stage and alias', () => {
    const versions = [testVersion('1', { stage: 'Production' }), testVersion('2'), testVersion('3', { stage: 'Production' })];
    const aliases = [{ alias: 'champion', version: '3' }];
    expect(filterVersions(versions, aliases, { stage: 'Production', alias: undefined }).map((v) => v.version)).toEqual(['1', '3']);
    expect(filterVersions(versions, aliases, { stage: undefined, alias: 'champion' }).map((v) => v.version)).toEqual(['3']);
    expect(filterVersions(versions, aliases, { stage: 'None', alias: ANY_ALIAS })).toEqual([]);
  });

  it('reads the compared versions', () => {
    expect(readCompareVersions(new URLSearchParams('versions=3,1,x,3'))).toEqual(['3', '1']);
    expect(comparePath('my model', ['1', '2'])).toBe('/models/my%20model/compare?versions=1,2');
  });
});
