import { describe, expect, it } from 'vitest';
import type { RegistryEvent } from '../../../lib/mlflow/wire-types';
import { testVersion } from './test-versions';
import { buildTimeline, eventText, fallbackTimeline } from './timeline';

let nextId = 1;
function event(type: RegistryEvent['event_type'], patch: Partial<RegistryEvent> = {}): RegistryEvent {
  return { id: nextId++, timestamp: 1000 + nextId, event_type: type, name: 'm', ...patch };
}

describe('eventText', () => {
  it('says what happened for every event type', () => {
    expect(eventText(event('MODEL_CREATED'))).toBe('Model created');
    expect(eventText(event('MODEL_RENAMED', { from_value: 'a', to_value: 'b' }))).toBe('Model renamed from “a” to “b”');
    expect(eventText(event('MODEL_DESCRIPTION_CHANGED', { to_value: 'x' }))).toBe('Model description added');
    expect(eventText(event('MODEL_DESCRIPTION_CHANGED', { from_value: 'x', to_value: 'y' }))).toBe('Model description edited');
    expect(eventText(event('MODEL_DESCRIPTION_CHANGED', { from_value: 'x' }))).toBe('Model description removed');
    expect(eventText(event('MODEL_TAG_SET', { key: 'team', to_value: 'nlp' }))).toBe('Model tag team set to “nlp”');
    expect(eventText(event('MODEL_TAG_SET', { key: 'team', from_value: 'cv', to_value: 'nlp' }))).toBe('Model tag team changed from “cv” to “nlp”');
    expect(eventText(event('MODEL_TAG_DELETED', { key: 'team', from_value: 'nlp' }))).toBe('Model tag team removed');
    expect(eventText(event('VERSION_CREATED', { version: '3', to_value: 'runs:/x/model' }))).toBe('Version 3 registered');
    expect(eventText(event('VERSION_DELETED', { version: '3' }))).toBe('Version 3 deleted');
    expect(eventText(event('VERSION_STAGE_CHANGED', { version: '3', from_value: 'None', to_value: 'Staging' }))).toBe('Version 3 moved to Staging (was no stage)');
    expect(eventText(event('VERSION_STAGE_CHANGED', { version: '3', from_value: 'Production', to_value: 'Archived' }))).toBe('Version 3 archived (was Production)');
    expect(eventText(event('VERSION_STAGE_CHANGED', { version: '3', from_value: 'Staging', to_value: 'None' }))).toBe('Version 3 removed from Staging');
    expect(eventText(event('VERSION_DESCRIPTION_CHANGED', { version: '3', to_value: 'd' }))).toBe('Version 3 description added');
    expect(eventText(event('VERSION_TAG_SET', { version: '3', key: 'k', to_value: 'v' }))).toBe('Version 3 tag k set to “v”');
    expect(eventText(event('VERSION_TAG_DELETED', { version: '3', key: 'k', from_value: 'v' }))).toBe('Version 3 tag k removed');
    expect(eventText(event('ALIAS_SET', { alias: 'champion', version: '3', to_value: '3' }))).toBe('@champion set on version 3');
    expect(eventText(event('ALIAS_SET', { alias: 'champion', version: '3', from_value: '2', to_value: '3' }))).toBe('@champion moved from version 2 to version 3');
    expect(eventText(event('ALIAS_DELETED', { alias: 'champion', version: '3', from_value: '3' }))).toBe('@champion removed from version 3');
    expect(eventText(event('MODEL_TAG_SET', { key: 'k', to_value: 'x'.repeat(200) })).length).toBeLessThan(120);
  });
});

describe('buildTimeline', () => {
  it('folds the archiving of a promotion into one entry and offers to undo it', () => {
    const t = 5000;
    const archived = { id: 20, timestamp: t, event_type: 'VERSION_STAGE_CHANGED', name: 'm', version: '1', from_value: 'Production', to_value: 'Archived' } as const;
    const promoted = { id: 21, timestamp: t, event_type: 'VERSION_STAGE_CHANGED', name: 'm', version: '2', from_value: 'None', to_value: 'Production', user_id: 'ana' } as const;
    const earlier = { id: 10, timestamp: 4000, event_type: 'VERSION_STAGE_CHANGED', name: 'm', version: '1', from_value: 'None', to_value: 'Production' } as const;
    const state = { versions: [testVersion('1', { stage: 'Archived' }), testVersion('2', { stage: 'Production' })], aliases: [] };
    const entries = buildTimeline([promoted, archived, earlier], state);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      text: 'Version 2 moved to Production (was no stage), replacing version 1 (archived)',
      version: '2',
      replacedVersion: '1',
      user: 'ana',
      kind: 'stage',
      rollback: { change: { kind: 'stage', version: '1', stage: 'Production', archiveExisting: true }, label: 'Make version 1 Production again' },
    });
    // Version 1's own promotion replaced nothing earlier: no undo.
    expect(entries[1]).toMatchObject({ version: '1', replacedVersion: undefined, rollback: undefined });
  });

  it('finds the previous holder of a stage when nothing was archived', () => {
    const events: RegistryEvent[] = [
      { id: 3, timestamp: 3, event_type: 'VERSION_STAGE_CHANGED', name: 'm', version: '2', from_value: 'None', to_value: 'Production' },
      { id: 2, timestamp: 2, event_type: 'VERSION_STAGE_CHANGED', name: 'm', version: '1', from_value: 'None', to_value: 'Production' },
    ];
    const state = { versions: [testVersion('1', { stage: 'Production' }), testVersion('2', { stage: 'Production' })], aliases: [] };
    // Version 1 is still in Production: rolling back to it would change nothing.
    expect(buildTimeline(events, state)[0]).toMatchObject({ replacedVersion: '1', rollback: undefined });
    const archivedLater = { versions: [testVersion('1', { stage: 'Archived' }), testVersion('2', { stage: 'Production' })], aliases: [] };
    expect(buildTimeline(events, archivedLater)[0]?.rollback?.label).toBe('Make version 1 Production again');
  });

  it('offers to move an alias back, unless it is already there or the version is gone', () => {
    const moved: RegistryEvent = { id: 7, timestamp: 7, event_type: 'ALIAS_SET', name: 'm', alias: 'champion', version: '3', from_value: '2', to_value: '3' };
    const state = { versions: [testVersion('2'), testVersion('3')], aliases: [{ alias: 'champion', version: '3' }] };
    expect(buildTimeline([moved], state)[0]).toMatchObject({
      version: '3',
      replacedVersion: '2',
      kind: 'alias',
      rollback: { change: { kind: 'set-alias', alias: 'champion', version: '2' }, label: 'Move @champion back to version 2' },
    });
    expect(buildTimeline([moved], { ...state, aliases: [{ alias: 'champion', version: '2' }] })[0]?.rollback).toBeUndefined();
    expect(buildTimeline([moved], { ...state, versions: [testVersion('3')] })[0]?.rollback).toBeUndefined();
  });

  it('offers to restore a removed alias', () => {
    const removed: RegistryEvent = { id: 8, timestamp: 8, event_type: 'ALIAS_DELETED', name: 'm', alias: 'champion', version: '2', from_value: '2' };
    const entries = buildTimeline([removed], { versions: [testVersion('2')], aliases: [] });
    expect(entries[0]?.rollback).toEqual({ change: { kind: 'set-alias', alias: 'champion', version: '2' }, label: 'Restore @champion on version 2' });
  });
});

describe('fallbackTimeline', () => {
  it('derives entries from creation and update times and current aliases', () => {
    const versions = [
      testVersion('1', { creationTimestamp: 100, lastUpdatedTimestamp: 500, stage: 'Archived' }),
      testVersion('2', { creationTimestamp: 200, lastUpdatedTimestamp: 600, stage: 'Production' }),
      testVersion('3', { creationTimestamp: 300, lastUpdatedTimestamp: 300 }),
    ];
    const entries = fallbackTimeline({ creationTimestamp: 50, aliases: [{ alias: 'champion', version: '3' }] }, versions);
    expect(entries.map((entry) => entry.text)).toEqual([
      '@champion points to version 3',
      'Version 2 last changed; now in Production',
      'Version 1 last changed; now archived',
      'Version 3 registered',
      'Version 2 registered',
      'Version 1 registered',
      'Model created',
    ]);
    const registeredOne = entries.find((entry) => entry.key === 'registered-1');
    expect(registeredOne?.rollback).toEqual({ change: { kind: 'stage', version: '1', stage: 'Production', archiveExisting: true }, label: 'Make version 1 Production' });
    // Version 2 is Production; version 3 is newer: only the champion rollback could apply, and it points at 3 already.
    expect(entries.find((entry) => entry.key === 'registered-3')?.rollback).toBeUndefined();
    expect(entries.find((entry) => entry.key === 'registered-2')?.rollback).toEqual({
      change: { kind: 'set-alias', alias: 'champion', version: '2' },
      label: 'Move @champion to version 2',
    });
  });
});
