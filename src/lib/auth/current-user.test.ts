import { describe, expect, it } from 'vitest';
import { accessTo, experimentResource, modelResource, toAuthState } from './current-user';

const ann = (
  permissions: { experiments?: Record<string, string>; models?: Record<string, string> },
  isAdmin = false,
  defaultPermission = 'READ',
) =>
  toAuthState({
    auth_enabled: true,
    default_permission: defaultPermission,
    user: {
      id: 2,
      username: 'ann',
      is_admin: isAdmin,
      experiment_permissions: Object.entries(permissions.experiments ?? {}).map(([experiment_id, permission]) => ({
        experiment_id,
        user_id: 2,
        permission,
      })),
      registered_model_permissions: Object.entries(permissions.models ?? {}).map(([name, permission]) => ({
        name,
        user_id: 2,
        permission,
      })),
    },
  });

describe('toAuthState', () => {
  it('tells auth off, nobody signed in and a signed-in user apart', () => {
    expect(toAuthState({ auth_enabled: false })).toEqual({ kind: 'off' });
    expect(toAuthState({ auth_enabled: true })).toEqual({ kind: 'signed-out' });
    expect(ann({}).kind).toBe('signed-in');
  });
});

describe('accessTo', () => {
  it('allows everything without auth and for admins', () => {
    expect(accessTo({ kind: 'off' }, [modelResource('m')], 'delete').allowed).toBe(true);
    expect(accessTo(undefined, [modelResource('m')], 'delete').allowed).toBe(true);
    expect(accessTo(ann({ models: { m: 'NO_PERMISSIONS' } }, true), [modelResource('m')], 'delete').allowed).toBe(true);
  });

  it('uses the grant, else the default, and says why not', () => {
    const state = ann({ models: { edit: 'EDIT' }, experiments: { '1': 'MANAGE' } });
    expect(accessTo(state, [modelResource('edit')], 'update').allowed).toBe(true);
    expect(accessTo(state, [modelResource('edit')], 'delete')).toEqual({
      allowed: false,
      reason: 'You have EDIT permission on this model; this needs MANAGE. Ask an admin or the owner for access.',
    });
    expect(accessTo(state, [modelResource('other')], 'update')).toEqual({
      allowed: false,
      reason: 'You have READ permission on this model; this needs EDIT. Ask an admin or the owner for access.',
    });
    expect(accessTo(state, [experimentResource('1')], 'delete').allowed).toBe(true);
    // Several runs at once: every experiment must allow it.
    expect(accessTo(state, [experimentResource('1'), experimentResource('2')], 'delete').allowed).toBe(false);
    const none = ann({}, false, 'NO_PERMISSIONS');
    expect(accessTo(none, [experimentResource('9')], 'read').reason).toContain('You have no permission on this experiment');
  });
});
