import { describe, expect, it } from 'vitest';
import { paths } from '../config/paths';
import { runsPageOf } from './start-early';

describe('runsPageOf', () => {
  it('reads the experiment ids of a runs table address, as the router does', () => {
    expect(runsPageOf('/experiments/1')).toBe('1');
    expect(runsPageOf('/experiments/1,2/')).toBe('1,2');
    expect(runsPageOf(paths.experimentRuns(['3', '4']))).toBe('3,4');
    expect(runsPageOf('/experiments/a%2Cb')).toBe('a,b');
  });

  it('leaves every other page alone', () => {
    expect(runsPageOf('/')).toBeUndefined();
    expect(runsPageOf('/experiments')).toBeUndefined();
    expect(runsPageOf('/experiments/1/charts')).toBeUndefined();
    expect(runsPageOf('/experiments/1/runs/abc')).toBeUndefined();
    expect(runsPageOf('/models/experiments')).toBeUndefined();
  });

  it('gives up on an address that does not decode (the router shows its error page)', () => {
    expect(runsPageOf('/experiments/%E0%A4%A')).toBeUndefined();
  });
});
