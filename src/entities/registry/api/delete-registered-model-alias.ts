import { apiSend } from '../../../lib/api-client';

export interface DeleteRegisteredModelAliasInput {
  name: string;
  alias: string;
}

/** DELETE registered-models/alias */
export async function deleteRegisteredModelAlias({ name, alias }: DeleteRegisteredModelAliasInput): Promise<void> {
  await apiSend('DELETE', '/registered-models/alias', { name, alias });
}
