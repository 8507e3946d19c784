import { ErrorPanel } from '../../../components/error-view';
import { RelativeTime } from '../../../components/relative-time/relative-time';
import { SkeletonLines } from '../../../components/skeleton/skeleton';
import { eventLabel, useWebhookDeliveries, type Delivery, type Webhook } from '../../../entities/webhooks';
import { formatAbsoluteTime } from '../../../lib/format/format-time';

const STATE_BADGE: Record<string, string> = {
  SUCCEEDED: 'badge badge-success',
  FAILED: 'badge badge-danger',
  PENDING: 'badge badge-warning',
  CANCELLED: 'badge',
};
const STATE_LABEL: Record<string, string> = { SUCCEEDED: 'Delivered', FAILED: 'Failed', PENDING: 'Retrying', CANCELLED: 'Cancelled' };

function stateOf(delivery: Delivery): { label: string; className: string } {
  if (delivery.state === 'PENDING' && delivery.attempts.length === 0) return { label: 'Queued', className: 'badge badge-info' };
  return { label: STATE_LABEL[delivery.state] ?? delivery.state, className: STATE_BADGE[delivery.state] ?? 'badge' };
}

/** Every delivery of one webhook, newest first, one row per HTTP attempt (Runboard keeps this log; MLflow does not). */
export function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const deliveries = useWebhookDeliveries(webhook.id);
  return (
    <section className="panel" aria-labelledby="delivery-log-heading">
      <div className="panel-header">
        <h2 id="delivery-log-heading">
          Delivery log <span className="muted">· {webhook.name}</span>
        </h2>
        <button type="button" className="btn btn-sm" onClick={() => void deliveries.refetch()} disabled={deliveries.isFetching}>
          Refresh
        </button>
      </div>
      {deliveries.isPending ? (
        <div className="panel-body">
          <SkeletonLines lines={3} label="Loading deliveries" />
        </div>
      ) : deliveries.isError ? (
        <div className="panel-body">
          <ErrorPanel error={deliveries.error} title="Could not load the delivery log" onRetry={() => void deliveries.refetch()} />
        </div>
      ) : deliveries.data.length === 0 ? (
        <div className="panel-body muted">Nothing sent yet. Registry changes this webhook listens to, and tests, appear here.</div>
      ) : (
        <div className="webhook-log-scroll">
          <table className="table webhook-log" aria-labelledby="delivery-log-heading">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">Delivery</th>
                <th scope="col">Attempt</th>
                <th scope="col">Status</th>
                <th scope="col">Latency</th>
                <th scope="col">Response or error</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.flatMap((delivery) => {
                const state = stateOf(delivery);
                const stateCell = (
                  <td>
                    <span className={state.className}>{state.label}</span>
                    {delivery.isTest && <span className="badge webhook-test-badge">test</span>}
                    {delivery.state === 'PENDING' && delivery.nextAttemptAt !== undefined && delivery.attempts.length > 0 && (
                      <div className="muted webhook-log-note" title={formatAbsoluteTime(delivery.nextAttemptAt)}>
                        next try at {formatAbsoluteTime(delivery.nextAttemptAt).slice(11, 19)}
                      </div>
                    )}
                  </td>
                );
                if (delivery.attempts.length === 0) {
                  return [
                    <tr key={delivery.id}>
                      <td title={formatAbsoluteTime(delivery.createdAt)}>
                        <RelativeTime ms={delivery.createdAt} />
                      </td>
                      <td>{eventLabel(delivery.event)}</td>
                      {stateCell}
                      <td className="muted">—</td>
                      <td className="muted">—</td>
                      <td className="muted">—</td>
                      <td className="muted">Waiting to be sent</td>
                    </tr>,
                  ];
                }
                return [...delivery.attempts].reverse().map((attempt, index) => (
                  <tr key={`${delivery.id}-${attempt.attempt}`} className={index > 0 ? 'webhook-log-older' : undefined}>
                    <td title={formatAbsoluteTime(attempt.timestamp)}>
                      <RelativeTime ms={attempt.timestamp} />
                    </td>
                    <td>{eventLabel(delivery.event)}</td>
                    {index === 0 ? stateCell : <td />}
                    <td>#{attempt.attempt}</td>
                    <td>
                      {attempt.statusCode !== undefined ? (
                        <span className={attempt.statusCode < 400 ? 'badge badge-success' : 'badge badge-danger'}>
                          {attempt.statusCode}
                        </span>
                      ) : (
                        <span className="badge badge-danger">no answer</span>
                      )}
                    </td>
                    <td className="webhook-log-number">{attempt.latencyMs} ms</td>
                    <td className="webhook-log-response">
                      {attempt.error && <div className="error-text">{attempt.error}</div>}
                      {attempt.responseExcerpt && <code className="webhook-log-excerpt">{attempt.responseExcerpt}</code>}
                    </td>
                  </tr>
                ));
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
