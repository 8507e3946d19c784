// Who is signed in, when the server has users at all (`--app-name basic-auth`), and what they may do.
// The bundled server answers `runboard/auth/current-user` with `auth_enabled` and the user, if any;
// a real MLflow behind --proxy-to answers 404, so every auth control stays hidden.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { MlflowApiError } from '../api-client';

export const AUTH_API_BASE = '/ajax-api/2.0/runboard/auth';

export const PERMISSION_NAMES = ['READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS'] as const;
export type PermissionName = (typeof PERMISSION_NAMES)[number];
/** read: view; update: change; delete: delete or restore; manage: grant permissions. */
export type Action = 'read' | 'update' | 'delete' | 'manage';

export interface ExperimentPermissionWire {
  experiment_id: string;
  user_id: number;
  permission: string;
}

export interface RegisteredModelPermissionWire {
  name: string;
  user_id: number;
  permission: string;
}

export interface UserWire {
  id: number;
  username: string;
  is_admin: boolean;
  experiment_permissions?: ExperimentPermissionWire[];
  registered_model_permissions?: RegisteredModelPermissionWire[];
}

export interface CurrentUserWire {
  auth_enabled?: boolean;
  user?: UserWire;
  default_permission?: string;
}

export interface AuthUser {
  id: number;
  username: string;
  isAdmin: boolean;
  experimentPermissions: ReadonlyMap<string, PermissionName>;
  modelPermissions: ReadonlyMap<string, PermissionName>;
}

export type AuthState = { kind: 'off' } | { kind: 'signed-out' } | { kind: 'signed-in'; user: AuthUser; defaultPermission: PermissionName };

export function isPermissionName(value: unknown): value is PermissionName {
  return typeof value === 'string' && (PERMISSION_NAMES as readonly string[]).includes(value);
}

export function toAuthState(wire: CurrentUserWire): AuthState {
  if (wire.auth_enabled === false) return { kind: 'off' };
  if (!wire.user) return { kind: 'signed-out' };
  const permissionOf = (value: string | undefined): PermissionName => (isPermissionName(value) ? value : 'NO_PERMISSIONS');
  return {
    kind: 'signed-in',
    defaultPermission: permissionOf(wire.default_permission),
    user: {
      id: wire.user.id,
      username: wire.user.username,
      isAdmin: wire.user.is_admin,
      experimentPermissions: new Map(
        (wire.user.experiment_permissions ?? []).map((row) => [row.experiment_id, permissionOf(row.permission)]),
      ),
      modelPermissions: new Map((wire.user.registered_model_permissions ?? []).map((row) => [row.name, permissionOf(row.permission)])),
    },
  };
}

async function fetchAuthState(signal: AbortSignal): Promise<AuthState> {
  const response = await fetch(`${AUTH_API_BASE}/current-user`, { signal });
  // A real MLflow behind --proxy-to has no such route.
  if (response.status === 404) return { kind: 'off' };
  if (!response.ok)
    throw new MlflowApiError(response.status, `HTTP_${response.status}`, `Could not check who is signed in (${response.status}).`);
  return toAuthState((await response.json()) as CurrentUserWire);
}

export const AUTH_QUERY_KEY = ['auth', 'current-user'] as const;

export const currentUserQuery = () =>
  queryOptions({ queryKey: AUTH_QUERY_KEY, queryFn: ({ signal }) => fetchAuthState(signal), staleTime: 60_000 });

/** The auth state; undefined while it loads. */
export function useAuthState(): AuthState | undefined {
  return useQuery(currentUserQuery()).data;
}

const ALLOWED: Record<PermissionName, readonly Action[]> = {
  READ: ['read'],
  EDIT: ['read', 'update'],
  MANAGE: ['read', 'update', 'delete', 'manage'],
  NO_PERMISSIONS: [],
};
const NEEDED: Record<Action, PermissionName> = { read: 'READ', update: 'EDIT', delete: 'MANAGE', manage: 'MANAGE' };

export type Resource = { kind: 'experiment'; id: string } | { kind: 'registered-model'; name: string };

/** Allowed, or the reason it is not, in words for a tooltip or hint. */
export type Access = { allowed: true; reason?: undefined } | { allowed: false; reason: string };

const ALLOWED_ACCESS: Access = { allowed: true };

export function accessTo(state: AuthState | undefined, resources: readonly Resource[], action: Action): Access {
  // Without auth (or before it is known) the server decides; nothing is disabled up front.
  if (state?.kind !== 'signed-in' || state.user.isAdmin) return ALLOWED_ACCESS;
  for (const resource of resources) {
    const granted =
      (resource.kind === 'experiment'
        ? state.user.experimentPermissions.get(resource.id)
        : state.user.modelPermissions.get(resource.name)) ?? state.defaultPermission;
    if (!ALLOWED[granted].includes(action)) {
      const what = resource.kind === 'experiment' ? 'this experiment' : 'this model';
      const has = granted === 'NO_PERMISSIONS' ? 'no permission' : `${granted} permission`;
      return { allowed: false, reason: `You have ${has} on ${what}; this needs ${NEEDED[action]}. Ask an admin or the owner for access.` };
    }
  }
  return ALLOWED_ACCESS;
}

/** Whether the signed-in user may do `action` on every one of `resources`. */
export function useAccess(resources: readonly Resource[], action: Action): Access {
  return accessTo(useAuthState(), resources, action);
}

export const experimentResource = (id: string): Resource => ({ kind: 'experiment', id });
export const modelResource = (name: string): Resource => ({ kind: 'registered-model', name });
