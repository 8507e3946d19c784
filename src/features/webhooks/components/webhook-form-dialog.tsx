import { useId, useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { errorMessage } from '../../../components/error-view';
import { WEBHOOK_EVENTS, type Webhook, type WebhookFields } from '../../../entities/webhooks';
import { validateWebhookFields } from '../utils/validate-webhook';

export interface WebhookFormDialogProps {
  /** The webhook to edit; absent to create one. */
  webhook?: Webhook;
  saving: boolean;
  /** The server's refusal of the last save, shown in the dialog. */
  saveError: unknown;
  onSave: (fields: Partial<WebhookFields>) => void;
  onCancel: () => void;
}

/** Create or edit a webhook: name, URL, events, secret and whether it is active. */
export function WebhookFormDialog({ webhook, saving, saveError, onSave, onCancel }: WebhookFormDialogProps) {
  const [name, setName] = useState(webhook?.name ?? '');
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [description, setDescription] = useState(webhook?.description ?? '');
  const [events, setEvents] = useState<string[]>(webhook?.events ?? ['model_version_alias.created']);
  const [secret, setSecret] = useState('');
  const [removeSecret, setRemoveSecret] = useState(false);
  const [active, setActive] = useState((webhook?.status ?? 'ACTIVE') === 'ACTIVE');
  const [touched, setTouched] = useState(false);
  const ids = { name: useId(), url: useId(), description: useId(), secret: useId(), events: useId(), error: useId() };
  const problems = validateWebhookFields({ name, url, events });

  const submit = () => {
    setTouched(true);
    if (Object.keys(problems).length > 0) return;
    const fields: Partial<WebhookFields> = {
      name: name.trim(),
      url: url.trim(),
      description,
      events,
      status: active ? 'ACTIVE' : 'DISABLED',
    };
    if (removeSecret) fields.secret = '';
    else if (secret) fields.secret = secret;
    onSave(fields);
  };

  return (
    <Dialog
      title={webhook ? `Edit webhook “${webhook.name}”` : 'New webhook'}
      onClose={onCancel}
      onSubmit={submit}
      busy={saving}
      width={560}
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel} disabled={saving}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={saving}>
            {saving ? 'Saving…' : webhook ? 'Save' : 'Create webhook'}
          </button>
        </>
      }
    >
      <div className="stack webhook-form">
        <div className="field">
          <label htmlFor={ids.name} className="field-label">
            Name
          </label>
          <input
            id={ids.name}
            className="input"
            value={name}
            autoComplete="off"
            placeholder="Deploy on promotion"
            aria-invalid={touched && Boolean(problems.name)}
            onChange={(event) => setName(event.target.value)}
          />
          {touched && problems.name && <span className="field-error">{problems.name}</span>}
        </div>
        <div className="field">
          <label htmlFor={ids.url} className="field-label">
            URL
          </label>
          <input
            id={ids.url}
            className="input mono"
            value={url}
            autoComplete="off"
            inputMode="url"
            placeholder="https://ci.example.com/hooks/mlflow"
            aria-invalid={touched && Boolean(problems.url)}
            onChange={(event) => setUrl(event.target.value)}
          />
          <span className={touched && problems.url ? 'field-error' : 'field-hint'}>
            {touched && problems.url ? problems.url : 'Receives a POST with a JSON body for every event below.'}
          </span>
        </div>
        <div className="field">
          <label htmlFor={ids.description} className="field-label">
            Description <span className="muted">(optional)</span>
          </label>
          <input
            id={ids.description}
            className="input"
            value={description}
            autoComplete="off"
            onChange={(event) => setDescription(event.target.value)}
          />
        </div>
        <fieldset className="field webhook-events" aria-describedby={ids.events}>
          <legend className="field-label">Events</legend>
          {WEBHOOK_EVENTS.map((event) => (
            <label key={event.name} className="webhook-event-option">
              <input
                type="checkbox"
                checked={events.includes(event.name)}
                onChange={(change) =>
                  setEvents((old) => (change.target.checked ? [...old, event.name] : old.filter((name) => name !== event.name)))
                }
              />
              <span>{event.label}</span>
              <code className="muted">{event.name}</code>
            </label>
          ))}
          <span id={ids.events} className={touched && problems.events ? 'field-error' : 'field-hint'}>
            {touched && problems.events ? problems.events : 'Stage transitions are a Runboard addition; MLflow servers do not send them.'}
          </span>
        </fieldset>
        <div className="field">
          <label htmlFor={ids.secret} className="field-label">
            Signing secret <span className="muted">(optional)</span>
          </label>
          <input
            id={ids.secret}
            className="input mono"
            type="password"
            value={secret}
            autoComplete="new-password"
            disabled={removeSecret}
            placeholder={webhook ? 'Leave empty to keep the current secret' : 'Signs every delivery (X-MLflow-Signature)'}
            onChange={(event) => setSecret(event.target.value)}
          />
          {webhook && (
            <label className="webhook-inline-check">
              <input type="checkbox" checked={removeSecret} onChange={(event) => setRemoveSecret(event.target.checked)} /> Remove the secret
              (send unsigned)
            </label>
          )}
          <span className="field-hint">The secret is never shown again: the server keeps it only to sign deliveries.</span>
        </div>
        <label className="webhook-inline-check">
          <input type="checkbox" checked={active} onChange={(event) => setActive(event.target.checked)} /> Active (disabled webhooks receive
          nothing)
        </label>
        {Boolean(saveError) && (
          <p id={ids.error} className="inline-error" role="alert">
            {errorMessage(saveError)}
          </p>
        )}
      </div>
    </Dialog>
  );
}
