import { ConfirmDialog } from '../../../components/dialog';
import { useDeleteModelVersion } from '../../../entities/registry/api/delete-model-version';
import { aliasesOf, type AliasPointer, type RegistryVersion } from '../../../entities/registry/registry-model';

export interface DeleteVersionDialogProps {
  version: RegistryVersion;
  aliases: readonly AliasPointer[];
  onClose: () => void;
  onDeleted?: () => void;
}

export function DeleteVersionDialog({ version, aliases, onClose, onDeleted }: DeleteVersionDialogProps) {
  const remove = useDeleteModelVersion();
  const pointing = aliasesOf(version.version, aliases);
  return (
    <ConfirmDialog
      title={`Delete version ${version.version}?`}
      confirmLabel="Delete version"
      danger
      busy={remove.isPending}
      onCancel={onClose}
      onConfirm={() =>
        remove.mutate(
          { name: version.name, version: version.version },
          {
            onSuccess: () => {
              onClose();
              onDeleted?.();
            },
          },
        )
      }
    >
      <p>
        Version {version.version} of “{version.name}”{version.stage !== 'None' ? `, now ${version.stage === 'Archived' ? 'archived' : `in ${version.stage}`},` : ''} will be deleted.
        Its number is never reused.
      </p>
      {pointing.length > 0 && <p>Aliases removed with it: {pointing.map((alias) => `@${alias}`).join(', ')}.</p>}
      <p className="muted">The source run and its artifacts are kept.</p>
    </ConfirmDialog>
  );
}
