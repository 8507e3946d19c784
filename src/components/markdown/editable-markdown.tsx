import { useId, useState } from 'react';
import { MarkdownView } from './markdown-view';

export interface EditableMarkdownProps {
  value: string;
  /** Resolves when saved; a rejection keeps the editor open with the draft. */
  onSave: (value: string) => Promise<unknown>;
  label: string;
  placeholder?: string;
  readOnly?: boolean;
  /** Why the signed-in user may not edit: the Edit button stays, disabled, with this as its title. */
  disabledReason?: string;
}

/** Rendered markdown with an Edit button; edit with a Write / Preview switch. */
export function EditableMarkdown({ value, onSave, label, placeholder = 'No description yet.', readOnly = false, disabledReason }: EditableMarkdownProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [preview, setPreview] = useState(false);
  const [saving, setSaving] = useState(false);
  const textareaId = useId();

  if (draft === null) {
    return (
      <div className="editable-markdown">
        {value.trim() ? <MarkdownView source={value} /> : <p className="editable-markdown-empty">{placeholder}</p>}
        {!readOnly && (
          <div className="editable-markdown-actions">
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => setDraft(value)}
              aria-label={`Edit ${label.toLowerCase()}`}
              disabled={disabledReason !== undefined}
              title={disabledReason}
            >
              Edit
            </button>
          </div>
        )}
      </div>
    );
  }

  const save = async () => {
    setSaving(true);
    try {
      await onSave(draft);
      setDraft(null);
      setPreview(false);
    } catch {
      // The caller shows a toast; keep the draft so nothing typed is lost.
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="editable-markdown">
      <div className="segmented editable-markdown-tabs" role="group" aria-label="Editor mode">
        <button type="button" aria-pressed={!preview} onClick={() => setPreview(false)}>
          Write
        </button>
        <button type="button" aria-pressed={preview} onClick={() => setPreview(true)}>
          Preview
        </button>
      </div>
      {preview ? (
        <div className="editable-markdown-preview">
          {draft.trim() ? <MarkdownView source={draft} /> : <p className="editable-markdown-empty">Nothing to preview.</p>}
        </div>
      ) : (
        <>
          <label htmlFor={textareaId} className="visually-hidden">
            {label}
          </label>
          <textarea
            id={textareaId}
            className="textarea"
            value={draft}
            autoFocus
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) void save();
              if (event.key === 'Escape' && !saving) {
                event.stopPropagation();
                setDraft(null);
              }
            }}
            placeholder="Markdown: **bold**, _italic_, `code`, [links](https://…), lists…"
          />
        </>
      )}
      <div className="editable-markdown-actions">
        <button type="button" className="btn btn-sm" onClick={() => setDraft(null)} disabled={saving}>
          Cancel
        </button>
        <button type="button" className="btn btn-sm btn-primary" onClick={() => void save()} disabled={saving || draft === value}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </div>
  );
}
