import { describe, expect, it } from 'vitest';
import {
  applyChangeToAliases,
  applyChangeToLatest,
  applyChangeToVersion,
  changeDoneMessage,
  changeLines,
  changeTitle,
  isNoopChange,
  validateAliasName,
  versionsToArchive,
} from './registry-change';
import { testVersion } from './test-versions';

const versions = [
  testVersion('1', { stage: 'Archived' }),
  testVersion('2', { stage: 'Production', aliases: ['champion'] }),
  testVersion('3', { stage: 'Staging', aliases: ['challenger'] }),
  testVersion('4'),
];
const aliases = [
  { alias: 'challenger', version: '3' },
  { alias: 'champion', version: '2' },
];

describe('stage changes', () => {
  const promote = { kind: 'stage', version: '3', stage: 'Production', archiveExisting: true } as const;

  it('lists before → after for the target and the versions it archives', () => {
    expect(changeLines(promote, versions, aliases)).toEqual([
      { subject: 'Version 3', before: 'Staging', after: 'Production' },
      { subject: 'Version 2', before: 'Production', after: 'Archived' },
    ]);
    expect(changeLines({ ...promote, archiveExisting: false }, versions, aliases)).toHaveLength(1);
    expect(versionsToArchive(versions, { ...promote, stage: 'Archived' })).toEqual([]);
  });

  it('applies to each version optimistically', () => {
    const after = versions.map((version) => applyChangeToVersion(version, promote));
    expect(after.map((version) => version.stage)).toEqual(['Archived', 'Archived', 'Production', 'None']);
    const kept = versions.map((version) => applyChangeToVersion(version, { ...promote, archiveExisting: false }));
    expect(kept.map((version) => version.stage)).toEqual(['Archived', 'Production', 'Production', 'None']);
    // Untouched versions keep their identity (no needless re-render).
    expect(applyChangeToVersion(versions[3]!, promote)).toBe(versions[3]);
  });

  it('recomputes latest versions per stage', () => {
    const latest = applyChangeToLatest([], versions, promote);
    expect(latest.map((version) => [version.version, version.stage])).toEqual([
      ['2', 'Archived'],
      ['3', 'Production'],
      ['4', 'None'],
    ]);
  });

  it('names the change', () => {
    expect(changeTitle(promote)).toBe('Move version 3 to Production');
    expect(changeTitle({ ...promote, stage: 'Archived' })).toBe('Archive version 3');
    expect(changeTitle({ ...promote, stage: 'None' })).toBe('Remove version 3 from its stage');
    expect(changeDoneMessage(promote)).toBe('Version 3 is now in Production');
    expect(changeDoneMessage({ ...promote, stage: 'Archived' })).toBe('Version 3 is now archived');
  });

  it('detects no-ops', () => {
    expect(isNoopChange({ kind: 'stage', version: '2', stage: 'Production', archiveExisting: true }, versions, aliases)).toBe(true);
    expect(isNoopChange(promote, versions, aliases)).toBe(false);
  });
});

describe('alias changes', () => {
  const move = { kind: 'set-alias', alias: 'champion', version: '3' } as const;

  it('lists before → after', () => {
    expect(changeLines(move, versions, aliases)).toEqual([{ subject: '@champion', before: 'version 2', after: 'version 3' }]);
    expect(changeLines({ kind: 'set-alias', alias: 'new', version: '4' }, versions, aliases)).toEqual([{ subject: '@new', before: 'not set', after: 'version 4' }]);
    expect(changeLines({ kind: 'delete-alias', alias: 'champion' }, versions, aliases)).toEqual([{ subject: '@champion', before: 'version 2', after: 'removed' }]);
  });

  it('moves the alias between versions and in the model list', () => {
    const after = versions.map((version) => applyChangeToVersion(version, move));
    expect(after.map((version) => version.aliases)).toEqual([[], [], ['challenger', 'champion'], []]);
    expect(applyChangeToAliases(aliases, move)).toEqual([
      { alias: 'challenger', version: '3' },
      { alias: 'champion', version: '3' },
    ]);
    expect(applyChangeToAliases(aliases, { kind: 'delete-alias', alias: 'champion' })).toEqual([{ alias: 'challenger', version: '3' }]);
    expect(versions.map((version) => applyChangeToVersion(version, { kind: 'delete-alias', alias: 'champion' }).aliases)).toEqual([[], [], ['challenger'], []]);
  });

  it('names the change and detects no-ops', () => {
    expect(changeTitle(move, aliases)).toBe('Move @champion to version 3');
    expect(changeTitle({ kind: 'set-alias', alias: 'x', version: '1' }, aliases)).toBe('Set @x on version 1');
    expect(changeTitle({ kind: 'delete-alias', alias: 'x' })).toBe('Remove @x');
    expect(isNoopChange({ kind: 'set-alias', alias: 'champion', version: '2' }, versions, aliases)).toBe(true);
    expect(isNoopChange({ kind: 'delete-alias', alias: 'nope' }, versions, aliases)).toBe(true);
  });

  it('validates alias names like MLflow', () => {
    expect(validateAliasName('champion')).toBeUndefined();
    expect(validateAliasName('Camel-Case_2')).toBeUndefined();
    expect(validateAliasName('')).toMatch(/Enter/);
    expect(validateAliasName('bad alias!')).toMatch(/letters/);
    expect(validateAliasName('Latest')).toMatch(/reserved/);
    expect(validateAliasName('v7')).toMatch(/reserved/);
    expect(validateAliasName('x'.repeat(256))).toMatch(/255/);
  });
});
