// Dialog asking for a tag key and value to set on the selected runs.
import { useId, useState } from 'react';
import { Dialog } from '../../../components/dialog';

export interface AddTagDialogProps {
  count: string;
  busy: boolean;
  onSubmit: (key: string, value: string) => void;
  onClose: () => void;
}

const KEY_PATTERN = /^[\p{L}\p{N}\p{M}_/. :-]+$/u;

export function AddTagDialog({ count, busy, onSubmit, onClose }: AddTagDialogProps) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [touched, setTouched] = useState(false);
  const keyId = useId();
  const valueId = useId();
  const errorId = useId();
  const trimmed = key.trim();
  const error = !trimmed
    ? 'A key is required.'
    : !KEY_PATTERN.test(trimmed)
      ? 'Keys may contain letters, digits, spaces and _ - . / : only.'
      : trimmed.length > 250
        ? 'Keys are at most 250 characters.'
        : null;
  return (
    <Dialog
      title={`Add a tag to ${count}`}
      onClose={onClose}
      busy={busy}
      onSubmit={() => {
        setTouched(true);
        if (!error) onSubmit(trimmed, value);
      }}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Add tag'}
          </button>
        </>
      }
    >
      <div className="stack">
        <label className="field" htmlFor={keyId}>
          <span>Key</span>
          <input
            id={keyId}
            className="input"
            value={key}
            onChange={(event) => setKey(event.target.value)}
            aria-invalid={touched && error ? true : undefined}
            aria-describedby={touched && error ? errorId : undefined}
            autoFocus
          />
          {touched && error && (
            <span id={errorId} className="field-error">
              {error}
            </span>
          )}
          {trimmed.startsWith('mlflow.') && <span className="field-hint">Keys starting with mlflow. are system tags and stay hidden in the tag columns.</span>}
        </label>
        <label className="field" htmlFor={valueId}>
          <span>Value</span>
          <input id={valueId} className="input" value={value} onChange={(event) => setValue(event.target.value)} />
        </label>
      </div>
    </Dialog>
  );
}
