import type { AliasPointer, RegistryVersion } from '../../../entities/registry/registry-model';
import type { RegistryChange } from '../utils/registry-change';
import type { ActionMenuItem } from './action-menu';

export interface VersionMenuHandlers {
  onChange: (change: RegistryChange) => void;
  onNewAlias: (version: string) => void;
  onDelete?: (version: RegistryVersion) => void;
  /** Why stages and aliases may not be changed (a missing permission); the items are disabled. */
  updateDenied?: string;
  /** Why aliases and the version may not be removed. */
  deleteDenied?: string;
}

/** Promotion actions of one version: stages, alias moves and removals, delete. */
export function versionMenuItems(version: RegistryVersion, aliases: readonly AliasPointer[], handlers: VersionMenuHandlers): ActionMenuItem[] {
  const { updateDenied, deleteDenied } = handlers;
  const items: ActionMenuItem[] = updateDenied ? [{ kind: 'note', label: updateDenied }] : [];
  items.push({ kind: 'heading', label: 'Stage' });
  const stageItem = (label: string, change: RegistryChange): ActionMenuItem => ({
    kind: 'item',
    label,
    disabled: updateDenied !== undefined,
    onSelect: () => handlers.onChange(change),
  });
  if (version.stage !== 'Staging') items.push(stageItem('Move to Staging…', { kind: 'stage', version: version.version, stage: 'Staging', archiveExisting: true }));
  if (version.stage !== 'Production') items.push(stageItem('Move to Production…', { kind: 'stage', version: version.version, stage: 'Production', archiveExisting: true }));
  if (version.stage !== 'Archived') items.push(stageItem('Archive…', { kind: 'stage', version: version.version, stage: 'Archived', archiveExisting: false }));
  if (version.stage !== 'None') items.push(stageItem('Remove from stage…', { kind: 'stage', version: version.version, stage: 'None', archiveExisting: false }));

  items.push({ kind: 'separator' }, { kind: 'heading', label: 'Aliases' });
  for (const pointer of aliases) {
    if (pointer.version === version.version) continue;
    items.push({
      kind: 'item',
      label: `Move @${pointer.alias} here (now on v${pointer.version})…`,
      disabled: updateDenied !== undefined,
      onSelect: () => handlers.onChange({ kind: 'set-alias', alias: pointer.alias, version: version.version }),
    });
  }
  items.push({ kind: 'item', label: 'Set an alias…', disabled: updateDenied !== undefined, onSelect: () => handlers.onNewAlias(version.version) });
  for (const pointer of aliases) {
    if (pointer.version !== version.version) continue;
    items.push({
      kind: 'item',
      label: `Remove @${pointer.alias}…`,
      disabled: deleteDenied !== undefined,
      onSelect: () => handlers.onChange({ kind: 'delete-alias', alias: pointer.alias }),
    });
  }
  if (handlers.onDelete) {
    const onDelete = handlers.onDelete;
    items.push({ kind: 'separator' });
    if (deleteDenied && deleteDenied !== updateDenied) items.push({ kind: 'note', label: deleteDenied });
    items.push({ kind: 'item', label: 'Delete version…', danger: true, disabled: deleteDenied !== undefined, onSelect: () => onDelete(version) });
  }
  return items;
}
