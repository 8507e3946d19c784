import type { DragEvent } from 'react';

/** Drag data type of an alias chip; rows accept only this. */
export const ALIAS_DRAG_TYPE = 'application/x-runboard-alias';

export interface AliasChipProps {
  alias: string;
  /** Version the alias points to, shown after an arrow (aliases panel). */
  version?: string;
  /** Lets the chip be dragged onto a version row to move the alias there. */
  draggable?: boolean;
}

export function AliasChip({ alias, version, draggable = false }: AliasChipProps) {
  const onDragStart = (event: DragEvent<HTMLSpanElement>) => {
    event.dataTransfer.setData(ALIAS_DRAG_TYPE, alias);
    event.dataTransfer.setData('text/plain', `@${alias}`);
    event.dataTransfer.effectAllowed = 'move';
  };
  return (
    <span
      className={`alias-chip${draggable ? ' alias-chip-draggable' : ''}`}
      draggable={draggable || undefined}
      onDragStart={draggable ? onDragStart : undefined}
      title={draggable ? `Drag onto another version to move @${alias} there` : undefined}
      data-alias={alias}
    >
      <span aria-hidden="true">@</span>
      <span className="visually-hidden">alias </span>
      {alias}
      {version !== undefined && <span className="alias-chip-version">→ v{version}</span>}
    </span>
  );
}

/** Whether a drag carries an alias chip (data is readable only on drop; types always). */
export function dragHasAlias(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes(ALIAS_DRAG_TYPE);
}
