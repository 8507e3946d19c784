import type { AliasPointer, RegistryVersion } from '../../../entities/registry/registry-model';
import type { usePromotion } from '../hooks/use-promotion';
import { NewAliasDialog } from './new-alias-dialog';
import { PromotionDialog } from './promotion-dialog';

/** The confirmation dialogs of a page's promotion flow. */
export function PromotionDialogs({
  promotion,
  versions,
  aliases,
}: {
  promotion: ReturnType<typeof usePromotion>;
  versions: readonly RegistryVersion[];
  aliases: readonly AliasPointer[];
}) {
  return (
    <>
      {promotion.pending && (
        <PromotionDialog change={promotion.pending} versions={versions} aliases={aliases} onConfirm={promotion.confirm} onCancel={promotion.cancel} />
      )}
      {promotion.newAliasFor !== null && (
        <NewAliasDialog version={promotion.newAliasFor} versions={versions} aliases={aliases} onConfirm={promotion.confirm} onCancel={promotion.cancel} />
      )}
    </>
  );
}
