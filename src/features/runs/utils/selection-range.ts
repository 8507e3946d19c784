// Shift-click range selection over the rows as displayed.

/**
 * Selects (or deselects) every id between `anchorId` and `targetId` in `orderedIds`, both
 * included. Without a visible anchor only the target changes.
 */
export function selectRange(orderedIds: readonly string[], selected: readonly string[], anchorId: string | null, targetId: string, select: boolean): string[] {
  const anchorIndex = anchorId === null ? -1 : orderedIds.indexOf(anchorId);
  const targetIndex = orderedIds.indexOf(targetId);
  const range = anchorIndex < 0 || targetIndex < 0 ? [targetId] : orderedIds.slice(Math.min(anchorIndex, targetIndex), Math.max(anchorIndex, targetIndex) + 1);
  const next = new Set(selected);
  for (const id of range) {
    if (select) next.add(id);
    else next.delete(id);
  }
  // Keep the previous order, then the newly added ids in display order.
  const result = selected.filter((id) => next.has(id));
  for (const id of range) if (next.has(id) && !selected.includes(id)) result.push(id);
  return result;
}

export function toggleId(selected: readonly string[], id: string): string[] {
  return selected.includes(id) ? selected.filter((item) => item !== id) : [...selected, id];
}
