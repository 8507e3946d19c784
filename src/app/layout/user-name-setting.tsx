import { useId, useState } from 'react';
import { Dialog } from '../../components/dialog';
import { MAX_USER_NAME_LENGTH, readUserName, saveUserName } from '../../lib/api-client';

/**
 * "Your name": a label stored in this browser and sent with every change, so the model
 * registry's history shows who promoted what. Not a login: anyone may type any name.
 */
export function UserNameSetting() {
  const [name, setName] = useState(readUserName);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const inputId = useId();
  const hintId = useId();

  const open = () => {
    setDraft(name);
    setEditing(true);
  };
  const save = (value: string) => {
    saveUserName(value);
    setName(readUserName());
    setEditing(false);
  };

  return (
    <>
      <button
        type="button"
        className="btn btn-ghost btn-sm app-header-user"
        onClick={open}
        aria-label={name ? `Your name: ${name}. Change it` : 'Set your name'}
        title="The name recorded with your changes in the model history"
        data-testid="user-name-button"
      >
        <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
          <circle cx="12" cy="8" r="4" />
          <path d="M4 21c0-4 3.6-7 8-7s8 3 8 7" />
        </svg>
        <span className="app-header-user-name">{name || 'Your name'}</span>
      </button>
      {editing && (
        <Dialog
          title="Your name"
          onClose={() => setEditing(false)}
          onSubmit={() => save(draft)}
          width={400}
          footer={
            <>
              {name && (
                <button type="button" className="btn" onClick={() => save('')}>
                  Forget
                </button>
              )}
              <button type="button" className="btn" onClick={() => setEditing(false)}>
                Cancel
              </button>
              <button type="submit" className="btn btn-primary">
                Save
              </button>
            </>
          }
        >
          <div className="field">
            <label htmlFor={inputId} className="field-label">
              Name shown in the model history
            </label>
            <input
              id={inputId}
              className="input"
              value={draft}
              maxLength={MAX_USER_NAME_LENGTH}
              autoComplete="name"
              aria-describedby={hintId}
              onChange={(event) => setDraft(event.target.value)}
            />
            <span id={hintId} className="field-hint">
              Sent with your registry changes (promotions, aliases, edits) and kept in this browser only. Leave it empty to send none; a
              server behind a login then records the login name.
            </span>
          </div>
        </Dialog>
      )}
    </>
  );
}
