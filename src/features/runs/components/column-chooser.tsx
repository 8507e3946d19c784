// "Columns" popover: search, then every fixed column, metric, parameter and tag in collapsible
// groups with checkboxes; "all" / "none" per group and a reset to the default choice.
import { useMemo, useRef, useState } from 'react';
import { COLUMN_GROUPS, FIXED_COLUMNS, columnGroupOf, dataColumnId, type ColumnGroupId } from '../utils/column-ids';
import { groupColumns, type ColumnKeySets } from '../utils/column-layout';
import { Popover } from './popover';

export interface ColumnChooserProps {
  keys: ColumnKeySets;
  /** Visible optional columns in order. */
  columns: readonly string[];
  onColumnsChange: (columns: string[]) => void;
  onReset: () => void;
  hiddenByDiff: number;
}

const GROUP_TITLES: Readonly<Record<ColumnGroupId, string>> = { attributes: 'Run attributes', metrics: 'Metrics', params: 'Parameters', tags: 'Tags' };
const MAX_LISTED = 300;

export function ColumnChooser({ keys, columns, onColumnsChange, onReset, hiddenByDiff }: ColumnChooserProps) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [closedGroups, setClosedGroups] = useState<ReadonlySet<ColumnGroupId>>(new Set());
  const buttonRef = useRef<HTMLButtonElement>(null);
  const visible = useMemo(() => new Set(columns), [columns]);

  const options = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const all: Record<ColumnGroupId, { id: string; label: string }[]> = {
      attributes: FIXED_COLUMNS.filter((column) => column.id !== 'name').map((column) => ({ id: column.id, label: column.label })),
      metrics: keys.metrics.map((key) => ({ id: dataColumnId('metrics', key), label: key })),
      params: keys.params.map((key) => ({ id: dataColumnId('params', key), label: key })),
      tags: keys.tags.map((key) => ({ id: dataColumnId('tags', key), label: key })),
    };
    if (!needle) return all;
    const match = (option: { label: string }) => option.label.toLowerCase().includes(needle);
    return {
      attributes: all.attributes.filter(match),
      metrics: all.metrics.filter(match),
      params: all.params.filter(match),
      tags: all.tags.filter(match),
    };
  }, [search, keys]);

  const toggle = (id: string) => {
    onColumnsChange(visible.has(id) ? columns.filter((item) => item !== id) : groupColumns([...columns, id]));
  };
  const setGroup = (group: ColumnGroupId, on: boolean) => {
    const ids = options[group].map((option) => option.id);
    const idSet = new Set(ids);
    onColumnsChange(on ? groupColumns([...columns, ...ids.filter((id) => !visible.has(id))]) : columns.filter((id) => !idSet.has(id)));
  };

  return (
    <>
      <button ref={buttonRef} type="button" className="btn btn-sm" aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen((value) => !value)}>
        Columns <span className="rb-count">{columns.length}</span>
      </button>
      {open && (
        <Popover anchorRef={buttonRef} onClose={() => setOpen(false)} label="Choose columns" className="rb-column-chooser">
          <div className="rb-column-chooser-head">
            <input type="search" className="input" placeholder="Search columns" aria-label="Search columns" value={search} onChange={(event) => setSearch(event.target.value)} autoFocus />
            <button type="button" className="btn btn-sm btn-ghost" onClick={onReset}>
              Reset
            </button>
          </div>
          {hiddenByDiff > 0 && <p className="field-hint">{hiddenByDiff} columns are hidden because all runs have the same value.</p>}
          <div className="rb-column-groups">
            {COLUMN_GROUPS.map((group) => {
              const list = options[group];
              const isClosed = closedGroups.has(group);
              const shown = list.filter((option) => visible.has(option.id)).length;
              return (
                <section key={group} className="rb-column-group" aria-label={GROUP_TITLES[group]}>
                  <div className="rb-column-group-head">
                    <button
                      type="button"
                      className="rb-group-toggle"
                      aria-expanded={!isClosed}
                      onClick={() =>
                        setClosedGroups((previous) => {
                          const next = new Set(previous);
                          if (next.has(group)) next.delete(group);
                          else next.add(group);
                          return next;
                        })
                      }
                    >
                      <span aria-hidden="true">{isClosed ? '▸' : '▾'}</span> {GROUP_TITLES[group]}{' '}
                      <span className="rb-group-count">
                        {shown}/{list.length}
                      </span>
                    </button>
                    <span className="rb-column-group-actions">
                      <button type="button" className="rb-link-button" onClick={() => setGroup(group, true)} disabled={list.length === 0}>
                        All
                      </button>
                      <button type="button" className="rb-link-button" onClick={() => setGroup(group, false)} disabled={shown === 0}>
                        None
                      </button>
                    </span>
                  </div>
                  {!isClosed && (
                    <ul className="rb-column-options">
                      {list.slice(0, MAX_LISTED).map((option) => (
                        <li key={option.id}>
                          <label>
                            <input type="checkbox" checked={visible.has(option.id)} onChange={() => toggle(option.id)} />
                            <span className={columnGroupOf(option.id) === 'attributes' ? undefined : 'mono'}>{option.label}</span>
                          </label>
                        </li>
                      ))}
                      {list.length > MAX_LISTED && <li className="field-hint">{list.length - MAX_LISTED} more: refine the search</li>}
                      {list.length === 0 && <li className="field-hint">{search ? 'No match' : 'None in the loaded runs'}</li>}
                    </ul>
                  )}
                </section>
              );
            })}
          </div>
        </Popover>
      )}
    </>
  );
}
