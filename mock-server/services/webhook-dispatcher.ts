// Sends queued webhook deliveries in the background. Each delivery is claimed in the database
// with a conditional UPDATE and a lease, so several server processes on one database never send
// it twice, and one that dies mid-send leaves it to the others once the lease runs out. A failed
// attempt (network error, timeout, 408/429/5xx) is retried with exponential backoff; every
// attempt is written to the delivery log. Sending never blocks an API request: requests only
// insert rows; this loop runs on its own timers and awaits the receivers.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Db } from '../store/database.js';
import * as store from '../store/webhooks.js';
import type { SendResult } from './webhook-target.js';
import { sendWithStoredSecret, type WebhookDeliveryPolicy, type WebhookSettings } from './webhooks.js';

/** How long past the request timeout a claim is held before another process may take the delivery over. */
const LEASE_MARGIN_MS = 30_000;
/** Queue look-ups per pass when webhooks at their share left rows unclaimed. */
const MAX_CLAIM_QUERIES_PER_PASS = 4;

/** Delay before attempt `attempt + 1`: base · 2^(attempt-1), capped, with up to 10% jitter; Retry-After wins when longer. */
export function retryDelayMs(policy: WebhookDeliveryPolicy, attempt: number, result: SendResult, random = Math.random): number {
  const exponential = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** (attempt - 1));
  const jittered = exponential + Math.round(exponential * 0.1 * random());
  const retryAfter = result.retryAfterSeconds === undefined ? 0 : Math.min(policy.backoffMaxMs, result.retryAfterSeconds * 1000);
  return Math.max(jittered, retryAfter);
}

export class WebhookDispatcher {
  private readonly claimer = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly inFlightByWebhook = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private currentPass: Promise<void> = Promise.resolve();
  private passing = false;
  private passAgain = false;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly settings: WebhookSettings,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Looks at the queue now (after a request that may have queued deliveries has committed). */
  wake(): void {
    if (this.passing) this.passAgain = true;
    else this.schedule(0);
  }

  /** Stops taking new deliveries, lets the ones in flight finish, and gives back this process's claims. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.currentPass;
    await Promise.allSettled([...this.inFlight]);
    await store.releaseClaims(this.db, this.claimer).catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.currentPass = this.pass();
    }, delayMs);
    // The loop alone never keeps a process alive (tests, CLI shutdown).
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    if (this.stopped) return;
    this.passing = true;
    let nextDelay = this.settings.policy.pollMs;
    try {
      const more = await this.claimDue();
      const now = Date.now();
      const next = await store.nextDueTime(this.db, now);
      if (next !== undefined) nextDelay = Math.min(nextDelay, Math.max(0, next - now));
      if (more) nextDelay = 0;
    } catch (error) {
      // A closed or busy database: try again on the next tick rather than crash the server.
      if (!this.stopped) console.error('Webhook dispatcher:', error);
    } finally {
      this.passing = false;
    }
    if (this.passAgain) {
      this.passAgain = false;
      nextDelay = 0;
    }
    this.schedule(nextDelay);
  }

  /**
   * Claims due deliveries up to the concurrency limit, at most `perWebhookLimit` per webhook at a
   * time, so one slow receiver with a backlog cannot hold every slot while other webhooks wait.
   * Returns whether due rows may remain that a further look could claim now.
   */
  private async claimDue(): Promise<boolean> {
    const { concurrency, timeoutMs } = this.settings.policy;
    const perWebhookLimit = Math.max(1, Math.floor(concurrency / 4));
    for (let query = 0; query < MAX_CLAIM_QUERIES_PER_PASS; query += 1) {
      const room = concurrency - this.inFlight.size;
      if (room <= 0 || this.stopped) return false;
      const busy = [...this.inFlightByWebhook].filter(([, count]) => count >= perWebhookLimit).map(([webhookId]) => webhookId);
      const now = Date.now();
      const due = await store.dueDeliveries(this.db, now, room * 2, busy);
      if (due.length === 0) return false;
      let skipped = false;
      for (const { id, webhook_id: webhookId } of due) {
        if (this.stopped || this.inFlight.size >= concurrency) return false;
        if ((this.inFlightByWebhook.get(webhookId) ?? 0) >= perWebhookLimit) {
          skipped = true;
          continue;
        }
        if (!(await store.claimDelivery(this.db, id, this.claimer, now, now + timeoutMs + LEASE_MARGIN_MS))) continue;
        this.track(webhookId, id);
      }
      // Every due row fitted: nothing more to look for until something finishes or falls due.
      if (!skipped) return false;
    }
    // Still rows left behind busy webhooks with slots free: look again at once.
    return true;
  }

  private track(webhookId: string, id: number): void {
    this.inFlightByWebhook.set(webhookId, (this.inFlightByWebhook.get(webhookId) ?? 0) + 1);
    const sending = this.deliver(id).catch((error: unknown) => {
      console.error(`Webhook delivery ${id} failed unexpectedly:`, error);
    });
    this.inFlight.add(sending);
    void sending.finally(() => {
      this.inFlight.delete(sending);
      const left = (this.inFlightByWebhook.get(webhookId) ?? 1) - 1;
      if (left > 0) this.inFlightByWebhook.set(webhookId, left);
      else this.inFlightByWebhook.delete(webhookId);
      this.wake();
    });
  }

  private async deliver(id: number): Promise<void> {
    const delivery = await store.findDelivery(this.db, id);
    if (!delivery) return;
    const webhook = await store.findWebhook(this.db, delivery.webhook_id);
    if (!webhook) return;
    if (webhook.status !== 'ACTIVE') {
      // Disabled after the event was queued: MLflow sends nothing to a disabled webhook.
      await store.closeDelivery(this.db, id, this.claimer, 'CANCELLED');
      return;
    }
    const { policy } = this.settings;
    const startedAt = Date.now();
    const result = await sendWithStoredSecret(this.settings, {
      url: webhook.url,
      storedSecret: webhook.secret,
      deliveryId: delivery.delivery_id,
      payload: delivery.payload,
    });
    const attempt = delivery.attempts + 1;
    const succeeded = result.statusCode !== null && result.statusCode < 400;
    const retry = !succeeded && result.retryable && attempt < policy.maxAttempts;
    await store.recordAttempt(
      this.db,
      id,
      this.claimer,
      {
        delivery_id: delivery.delivery_id,
        attempt,
        timestamp: startedAt,
        status_code: result.statusCode,
        latency_ms: result.latencyMs,
        response_excerpt: result.responseExcerpt,
        error: result.error,
      },
      {
        state: succeeded ? 'SUCCEEDED' : retry ? store.PENDING : 'FAILED',
        attempts: attempt,
        next_attempt_at: retry ? Date.now() + retryDelayMs(policy, attempt, result) : null,
      },
    );
  }
}
