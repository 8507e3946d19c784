import { apiPost } from '../../../lib/api-client';

export interface SetRegisteredModelAliasInput {
  name: string;
  alias: string;
  version: string;
}

/** POST registered-models/alias: points the alias at a version (moving it if set elsewhere). */
export async function setRegisteredModelAlias({ name, alias, version }: SetRegisteredModelAliasInput): Promise<void> {
  await apiPost('/registered-models/alias', { name, alias, version });
}
