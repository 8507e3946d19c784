// The auth routes the UI calls: Runboard's sign-in/sign-out and user list, and MLflow's own
// users/* and */permissions/* routes (the same ones the Python client's auth API uses).
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost, apiSend, MlflowApiError } from '../../../lib/api-client';
import { searchExperiments } from '../../../entities/experiments/api/search-experiments';
import { searchRegisteredModels } from '../../../entities/registry/api/search-registered-models';
import {
  AUTH_API_BASE,
  AUTH_QUERY_KEY,
  toAuthState,
  type CurrentUserWire,
  type PermissionName,
  type UserWire,
} from '../../../lib/auth/current-user';

export async function signIn(username: string, password: string): Promise<CurrentUserWire> {
  return apiPost<CurrentUserWire>('/signin', { username, password }, { base: AUTH_API_BASE });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ username, password }: { username: string; password: string }) => signIn(username, password),
    onSuccess: (wire) => {
      // Whatever was cached belonged to nobody (or someone else): start clean as this user.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== AUTH_QUERY_KEY[0] });
      queryClient.setQueryData(AUTH_QUERY_KEY, toAuthState(wire));
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiPost<unknown>('/signout', {}, { base: AUTH_API_BASE }),
    onSuccess: () => {
      queryClient.clear();
      queryClient.setQueryData(AUTH_QUERY_KEY, { kind: 'signed-out' });
    },
    meta: { errorMessage: 'Could not sign out' },
  });
}

const USERS_KEY = ['auth', 'users'] as const;

export const usersQuery = () =>
  queryOptions({
    queryKey: USERS_KEY,
    queryFn: ({ signal }) => apiGet<{ users?: UserWire[] }>('/users', {}, { base: AUTH_API_BASE, signal }).then((body) => body.users ?? []),
  });

export function useUsers() {
  return useQuery(usersQuery());
}

/** Every change here may change what the signed-in user may do, so both are refetched. */
function useAuthMutation<T>(mutationFn: (variables: T) => Promise<unknown>, successMessage: string, errorMessage: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['auth'] }),
    meta: { successMessage, errorMessage },
  });
}

export const useCreateUser = () =>
  useAuthMutation(
    ({ username, password }: { username: string; password: string }) => apiPost('/users/create', { username, password }),
    'User created',
    'Could not create the user',
  );

export const useDeleteUser = () =>
  useAuthMutation((username: string) => apiSend('DELETE', '/users/delete', { username }), 'User deleted', 'Could not delete the user');

export const useUpdateAdmin = () =>
  useAuthMutation(
    ({ username, isAdmin }: { username: string; isAdmin: boolean }) =>
      apiSend('PATCH', '/users/update-admin', { username, is_admin: isAdmin }),
    'Admin rights changed',
    'Could not change admin rights',
  );

export const useUpdatePassword = () =>
  useAuthMutation(
    ({ username, password }: { username: string; password: string }) => apiSend('PATCH', '/users/update-password', { username, password }),
    'Password changed',
    'Could not change the password',
  );

export type GrantTarget = { kind: 'experiment'; experimentId: string } | { kind: 'registered-model'; name: string };

function grantPath(target: GrantTarget): string {
  return target.kind === 'experiment' ? '/experiments/permissions' : '/registered-models/permissions';
}

function grantBody(target: GrantTarget, username: string): Record<string, string> {
  return target.kind === 'experiment' ? { experiment_id: target.experimentId, username } : { name: target.name, username };
}

/** Creates the grant, or updates it when the user already has one there. */
export const useGrantPermission = () =>
  useAuthMutation(
    async ({ target, username, permission }: { target: GrantTarget; username: string; permission: PermissionName }) => {
      try {
        return await apiPost(`${grantPath(target)}/create`, { ...grantBody(target, username), permission });
      } catch (error) {
        if (error instanceof MlflowApiError && error.errorCode === 'RESOURCE_ALREADY_EXISTS') {
          return apiSend('PATCH', `${grantPath(target)}/update`, { ...grantBody(target, username), permission });
        }
        throw error;
      }
    },
    'Permission saved',
    'Could not save the permission',
  );

export const useRevokePermission = () =>
  useAuthMutation(
    ({ target, username }: { target: GrantTarget; username: string }) =>
      apiSend('DELETE', `${grantPath(target)}/delete`, grantBody(target, username)),
    'Permission removed',
    'Could not remove the permission',
  );

export interface NamedOption {
  id: string;
  name: string;
}

/** Experiments and models to grant permissions on (the first thousand of each, by name). */
export function useGrantTargets() {
  const experiments = useQuery({
    queryKey: ['auth', 'grant-targets', 'experiments'],
    queryFn: ({ signal }) =>
      searchExperiments({ filter: '', orderBy: ['name ASC'], viewType: 'ACTIVE_ONLY', maxResults: 1000 }, undefined, signal).then((page) =>
        page.experiments.map((experiment): NamedOption => ({ id: experiment.id, name: experiment.name })),
      ),
  });
  const models = useQuery({
    queryKey: ['auth', 'grant-targets', 'models'],
    queryFn: ({ signal }) =>
      searchRegisteredModels({ filter: undefined, orderBy: ['name ASC'], maxResults: 1000, pageToken: undefined }, signal).then((page) =>
        page.models.map((model): NamedOption => ({ id: model.name, name: model.name })),
      ),
  });
  return { experiments, models };
}
