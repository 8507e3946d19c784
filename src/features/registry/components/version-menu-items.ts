import type { AliasPointer, RegistryVersion } from '../../../entities/registry/registry-model';
import type { RegistryChange } from '../utils/registry-change';
import type { ActionMenuItem } from './action-menu';

export interface VersionMenuHandlers {
  onChange: (change: RegistryChange) => void;
  onNewAlias: (version: string) => void;
  onDelete?: (version: RegistryVersion) => void;
}

/** Promotion actions of one version: stages, alias moves and removals, delete. */
export function versionMenuItems(version: RegistryVersion, aliases: readonly AliasPointer[], handlers: VersionMenuHandlers): ActionMenuItem[] {
  const items: ActionMenuItem[] = [{ kind: 'heading', label: 'Stage' }];
  const stageItem = (label: string, change: RegistryChange): ActionMenuItem => ({ kind: 'item', label, onSelect: () => handlers.onChange(change) });
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
      onSelect: () => handlers.onChange({ kind: 'set-alias', alias: pointer.alias, version: version.version }),
    });
  }
  items.push({ kind: 'item', label: 'Set an alias…', onSelect: () => handlers.onNewAlias(version.version) });
  for (const pointer of aliases) {
    if (pointer.version !== version.version) continue;
    items.push({ kind: 'item', label: `Remove @${pointer.alias}…`, onSelect: () => handlers.onChange({ kind: 'delete-alias', alias: pointer.alias }) });
  }
  if (handlers.onDelete) {
    const onDelete = handlers.onDelete;
    items.push({ kind: 'separator' }, { kind: 'item', label: 'Delete version…', danger: true, onSelect: () => onDelete(version) });
  }
  return items;
}
