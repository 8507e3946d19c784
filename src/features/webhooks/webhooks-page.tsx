import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ConfirmDialog } from '../../components/dialog';
import { useDocumentTitle } from '../../components/document-title/use-document-title';
import { EmptyState } from '../../components/empty-state/empty-state';
import { ErrorPanel, errorMessage } from '../../components/error-view';
import { PageSkeleton } from '../../components/skeleton/skeleton';
import { useToast } from '../../components/toast';
import {
  eventLabel,
  useDeleteWebhook,
  useSaveWebhook,
  useTestWebhook,
  useWebhooks,
  type Webhook,
  type WebhookFields,
} from '../../entities/webhooks';
import { DeliveryLog } from './components/delivery-log';
import { WebhookFormDialog } from './components/webhook-form-dialog';
import './webhooks.css';

type Editing = { kind: 'create' } | { kind: 'edit'; webhook: Webhook } | null;

/** `/settings/webhooks`: the registry's webhooks (create, edit, enable/disable, test, delete) and each one's delivery log. */
export function WebhooksPage() {
  useDocumentTitle('Webhooks');
  const webhooks = useWebhooks();
  const [searchParams, setSearchParams] = useSearchParams();
  const selectedId = searchParams.get('webhook') ?? undefined;
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const save = useSaveWebhook();
  const remove = useDeleteWebhook();
  const test = useTestWebhook();
  const toast = useToast();

  const select = (id: string | undefined) =>
    setSearchParams(
      (old) => {
        const next = new URLSearchParams(old);
        if (id) next.set('webhook', id);
        else next.delete('webhook');
        return next;
      },
      { replace: true },
    );

  const closeEditor = () => {
    setEditing(null);
    save.reset();
  };

  const submit = (fields: Partial<WebhookFields>) => {
    const id = editing?.kind === 'edit' ? editing.webhook.id : undefined;
    save.mutate(
      { id, fields },
      {
        onSuccess: (saved) => {
          toast.success(id ? `Saved “${saved.name}”.` : `Created “${saved.name}”.`);
          closeEditor();
          select(saved.id);
        },
      },
    );
  };

  const toggle = (webhook: Webhook) =>
    save.mutate(
      { id: webhook.id, fields: { status: webhook.status === 'ACTIVE' ? 'DISABLED' : 'ACTIVE' } },
      {
        onSuccess: (saved) => toast.success(`“${saved.name}” is ${saved.status === 'ACTIVE' ? 'enabled' : 'disabled'}.`),
        onError: (error) => toast.error(`Could not change “${webhook.name}”: ${errorMessage(error)}`),
      },
    );

  const runTest = (webhook: Webhook) => {
    select(webhook.id);
    test.mutate(
      { id: webhook.id },
      {
        onSuccess: (result) => {
          if (result.success) toast.success(`Test delivered to “${webhook.name}”: HTTP ${result.responseStatus ?? ''}.`);
          else toast.error(`Test of “${webhook.name}” failed: ${result.errorMessage ?? `HTTP ${result.responseStatus ?? '?'}`}`);
        },
        onError: (error) => toast.error(`Could not test “${webhook.name}”: ${errorMessage(error)}`),
      },
    );
  };

  if (webhooks.isPending) return <PageSkeleton label="Loading webhooks" />;
  if (webhooks.isError) {
    return (
      <div className="page webhooks-page">
        <ErrorPanel error={webhooks.error} title="Could not load the webhooks" onRetry={() => void webhooks.refetch()} />
      </div>
    );
  }
  if (!webhooks.data.supported) {
    return (
      <div className="page webhooks-page">
        <EmptyState title="This server has no webhooks">Registry webhooks need MLflow 3.3 or later, or Runboard’s own server.</EmptyState>
      </div>
    );
  }
  const list = webhooks.data.webhooks;
  const selected = list.find((webhook) => webhook.id === selectedId);

  return (
    <div className="page webhooks-page">
      <div className="page-header">
        <div>
          <h1>Webhooks</h1>
          <p className="muted page-subtitle">
            Registry events POSTed to your services, signed with each webhook’s secret (MLflow 3.3+ webhooks).
          </p>
        </div>
        <div className="toolbar">
          <button type="button" className="btn btn-primary" onClick={() => setEditing({ kind: 'create' })}>
            New webhook
          </button>
        </div>
      </div>

      {list.length === 0 ? (
        <EmptyState
          title="No webhooks yet"
          action={
            <button type="button" className="btn btn-primary" onClick={() => setEditing({ kind: 'create' })}>
              New webhook
            </button>
          }
        >
          A webhook tells a CI job or chat channel when a model version is registered, tagged, promoted to an alias or moved between stages.
        </EmptyState>
      ) : (
        <section className="panel" aria-labelledby="webhooks-heading">
          <div className="panel-header">
            <h2 id="webhooks-heading">
              Webhooks <span className="muted">{list.length}</span>
            </h2>
          </div>
          <table className="table webhooks-table" aria-labelledby="webhooks-heading">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((webhook) => (
                <tr key={webhook.id} aria-selected={webhook.id === selectedId}>
                  <td>
                    <strong>{webhook.name}</strong>
                    {webhook.description && <div className="muted">{webhook.description}</div>}
                  </td>
                  <td className="mono webhook-url">{webhook.url}</td>
                  <td>
                    <div className="webhook-event-chips">
                      {webhook.events.map((event) => (
                        <span key={event} className="badge" title={event}>
                          {eventLabel(event)}
                        </span>
                      ))}
                    </div>
                  </td>
                  <td>
                    <span className={webhook.status === 'ACTIVE' ? 'badge badge-success' : 'badge'}>
                      {webhook.status === 'ACTIVE' ? 'Active' : 'Disabled'}
                    </span>
                  </td>
                  <td>
                    <div className="webhook-row-actions" role="group" aria-label={`Actions for ${webhook.name}`}>
                      <button
                        type="button"
                        className="btn btn-sm"
                        aria-pressed={webhook.id === selectedId}
                        onClick={() => select(webhook.id === selectedId ? undefined : webhook.id)}
                      >
                        Deliveries
                      </button>
                      <button
                        type="button"
                        className="btn btn-sm"
                        onClick={() => runTest(webhook)}
                        disabled={test.isPending && test.variables.id === webhook.id}
                      >
                        {test.isPending && test.variables.id === webhook.id ? 'Testing…' : 'Test'}
                      </button>
                      <button type="button" className="btn btn-sm" onClick={() => setEditing({ kind: 'edit', webhook })}>
                        Edit
                      </button>
                      <button type="button" className="btn btn-sm" onClick={() => toggle(webhook)} disabled={save.isPending}>
                        {webhook.status === 'ACTIVE' ? 'Disable' : 'Enable'}
                      </button>
                      <button type="button" className="btn btn-sm btn-danger" onClick={() => setDeleting(webhook)}>
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {selected && <DeliveryLog webhook={selected} />}

      {editing && (
        <WebhookFormDialog
          webhook={editing.kind === 'edit' ? editing.webhook : undefined}
          saving={save.isPending}
          saveError={save.error}
          onSave={submit}
          onCancel={closeEditor}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete webhook “${deleting.name}”?`}
          confirmLabel="Delete webhook"
          danger
          busy={remove.isPending}
          onCancel={() => setDeleting(null)}
          onConfirm={() =>
            remove.mutate(deleting.id, {
              onSuccess: () => {
                toast.success(`Deleted “${deleting.name}”.`);
                if (deleting.id === selectedId) select(undefined);
                setDeleting(null);
              },
              onError: (error) => toast.error(`Could not delete “${deleting.name}”: ${errorMessage(error)}`),
            })
          }
        >
          It stops receiving events, and its delivery log is deleted with it.
        </ConfirmDialog>
      )}
    </div>
  );
}
