import { Link } from 'react-router';
import { eventLabel, PROMOTION_EVENTS, useWebhooks } from '../../../entities/webhooks';
import './promotion-webhooks-panel.css';

const SETTINGS_PATH = '/settings/webhooks';

/** The active webhooks a promotion of this model will fire (an alias set or moved, a stage transition); nothing on servers without webhooks. */
export function PromotionWebhooksPanel() {
  const webhooks = useWebhooks();
  if (!webhooks.data?.supported) return null;
  const firing = webhooks.data.webhooks.filter(
    (webhook) => webhook.status === 'ACTIVE' && webhook.events.some((event) => PROMOTION_EVENTS.includes(event)),
  );
  return (
    <section className="panel" aria-labelledby="promotion-webhooks-heading">
      <div className="panel-header">
        <h2 id="promotion-webhooks-heading">Webhooks on promotion</h2>
        <Link to={SETTINGS_PATH} className="panel-header-note">
          Manage
        </Link>
      </div>
      <div className="panel-body">
        {firing.length === 0 ? (
          <p className="registry-side-note muted">No active webhook fires when an alias moves or a stage changes.</p>
        ) : (
          <ul className="promotion-webhooks" aria-labelledby="promotion-webhooks-heading">
            {firing.map((webhook) => (
              <li key={webhook.id}>
                <Link to={`${SETTINGS_PATH}?webhook=${encodeURIComponent(webhook.id)}`}>{webhook.name}</Link>
                <span className="muted">
                  {' '}
                  ·{' '}
                  {webhook.events
                    .filter((event) => PROMOTION_EVENTS.includes(event))
                    .map(eventLabel)
                    .join(', ')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
