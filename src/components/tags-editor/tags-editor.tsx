import { useCallback, useId, useState } from 'react';
import { KeyValueTable, type KeyValueColumn } from '../key-value-table';
import './tags-editor.css';

export interface EditableTag {
  key: string;
  value: string;
}

export interface TagsEditorProps {
  label?: string;
  tags: readonly EditableTag[];
  /** Upsert; resolves when saved. A rejection keeps the form as typed (the caller toasts why). */
  onSet: (key: string, value: string) => Promise<unknown>;
  onDelete: (key: string) => Promise<unknown>;
  readOnly?: boolean;
  /** Why the signed-in user may not change tags: Add tag stays, disabled, with this as its title. */
  disabledReason?: string;
  primarySearch?: boolean;
}

/** A searchable tag list with inline value edit, delete, and an add form. */
export function TagsEditor({ label = 'Tags', tags, onSet, onDelete, readOnly: readOnlyProp = false, disabledReason, primarySearch = false }: TagsEditorProps) {
  // Without the permission, no edit or delete controls; Add tag stays visible, disabled, to say why.
  const readOnly = readOnlyProp || disabledReason !== undefined;
  const [editing, setEditing] = useState<{ key: string; value: string } | null>(null);
  const [adding, setAdding] = useState(false);
  const [newKey, setNewKey] = useState('');
  const [newValue, setNewValue] = useState('');
  const [busyKey, setBusyKey] = useState<string | null>(null);
  const keyId = useId();
  const valueId = useId();

  const run = useCallback(async (key: string, action: () => Promise<unknown>): Promise<boolean> => {
    setBusyKey(key);
    try {
      await action();
      return true;
    } catch {
      return false;
    } finally {
      setBusyKey(null);
    }
  }, []);

  const saveEdit = async () => {
    if (!editing) return;
    const { key, value } = editing;
    if (await run(key, () => onSet(key, value))) setEditing(null);
  };

  const addTag = async () => {
    const key = newKey.trim();
    if (!key) return;
    if (await run(key, () => onSet(key, newValue))) {
      setNewKey('');
      setNewValue('');
      setAdding(false);
    }
  };

  const columns: KeyValueColumn<EditableTag>[] = [
    { header: 'Key', width: '35%', cell: (tag) => <span className="kv-key">{tag.key}</span> },
    {
      header: 'Value',
      cell: (tag) =>
        editing?.key === tag.key ? (
          <input
            className="input tags-editor-value-input"
            aria-label={`Value of tag ${tag.key}`}
            value={editing.value}
            autoFocus
            disabled={busyKey === tag.key}
            onChange={(event) => setEditing({ key: tag.key, value: event.target.value })}
            onKeyDown={(event) => {
              if (event.key === 'Enter') void saveEdit();
              if (event.key === 'Escape') {
                event.stopPropagation();
                setEditing(null);
              }
            }}
          />
        ) : (
          <span className="kv-value">{tag.value}</span>
        ),
    },
  ];
  if (!readOnly) {
    columns.push({
      header: 'Actions',
      width: 150,
      cell: (tag) =>
        editing?.key === tag.key ? (
          <span className="tags-editor-actions">
            <button type="button" className="btn btn-sm btn-primary" onClick={() => void saveEdit()} disabled={busyKey === tag.key}>
              Save
            </button>
            <button type="button" className="btn btn-sm" onClick={() => setEditing(null)} disabled={busyKey === tag.key}>
              Cancel
            </button>
          </span>
        ) : (
          <span className="tags-editor-actions">
            <button type="button" className="btn btn-sm" aria-label={`Edit tag ${tag.key}`} onClick={() => setEditing({ key: tag.key, value: tag.value })}>
              Edit
            </button>
            <button
              type="button"
              className="btn btn-sm"
              aria-label={`Delete tag ${tag.key}`}
              disabled={busyKey === tag.key}
              onClick={() => void run(tag.key, () => onDelete(tag.key))}
            >
              Delete
            </button>
          </span>
        ),
    });
  }

  return (
    <div className="tags-editor">
      <KeyValueTable
        label={label}
        items={tags}
        getKey={(tag) => tag.key}
        getSearchText={tagSearchText}
        columns={columns}
        emptyText="No tags yet."
        primarySearch={primarySearch}
        actions={
          disabledReason !== undefined ? (
            <button type="button" className="btn btn-sm" disabled title={disabledReason}>
              Add tag
            </button>
          ) : !readOnly && !adding ? (
            <button type="button" className="btn btn-sm" onClick={() => setAdding(true)}>
              Add tag
            </button>
          ) : undefined
        }
      />
      {adding && (
        <form
          className="tags-editor-add"
          onSubmit={(event) => {
            event.preventDefault();
            void addTag();
          }}
        >
          <div className="field">
            <label htmlFor={keyId}>Key</label>
            <input id={keyId} className="input" value={newKey} autoFocus required maxLength={250} onChange={(event) => setNewKey(event.target.value)} />
          </div>
          <div className="field tags-editor-add-value">
            <label htmlFor={valueId}>Value</label>
            <input id={valueId} className="input" value={newValue} onChange={(event) => setNewValue(event.target.value)} />
          </div>
          <button type="submit" className="btn btn-primary" disabled={!newKey.trim() || busyKey !== null}>
            Add
          </button>
          <button type="button" className="btn" onClick={() => setAdding(false)}>
            Cancel
          </button>
        </form>
      )}
    </div>
  );
}

function tagSearchText(tag: EditableTag): string {
  return `${tag.key} ${tag.value}`;
}
