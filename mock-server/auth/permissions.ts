// MLflow's permission levels (mlflow/server/auth/permissions.py): what each allows.
import { invalidParameter } from '../http/mlflow-error.js';

export const PERMISSION_NAMES = ['READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS'] as const;
export type PermissionName = (typeof PERMISSION_NAMES)[number];

/** read: get and search; update: change; delete: delete and restore; manage: grant permissions. */
export type Action = 'read' | 'update' | 'delete' | 'manage';

const ALLOWED: Record<PermissionName, readonly Action[]> = {
  READ: ['read'],
  EDIT: ['read', 'update'],
  MANAGE: ['read', 'update', 'delete', 'manage'],
  NO_PERMISSIONS: [],
};

export function allows(permission: PermissionName, action: Action): boolean {
  return ALLOWED[permission].includes(action);
}

export function isPermissionName(value: unknown): value is PermissionName {
  return typeof value === 'string' && (PERMISSION_NAMES as readonly string[]).includes(value);
}

/** The permission named in a request, with MLflow's message for anything else. */
export function parsePermission(value: string): PermissionName {
  if (!isPermissionName(value)) {
    throw invalidParameter(`Invalid permission '${value}'. Valid permissions are: ('READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS')`);
  }
  return value;
}
