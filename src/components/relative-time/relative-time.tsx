import { useSyncExternalStore } from 'react';
import { formatAbsoluteTime, formatRelativeTime, toIsoTime } from '../../lib/format/format-time';

// One shared 30 s clock for every <RelativeTime>, however many are on the page.
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, 30_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const getNow = () => now;

/** "3 minutes ago", with the absolute local time on hover. */
export function RelativeTime({ ms, fallback = '—' }: { ms: number | undefined; fallback?: string }) {
  // Subscribing re-renders every 30 s; the text itself uses the time of this render.
  useSyncExternalStore(subscribe, getNow, getNow);
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return <span className="muted">{fallback}</span>;
  const absolute = formatAbsoluteTime(ms);
  const relative = formatRelativeTime(ms, Date.now());
  return (
    <time dateTime={toIsoTime(ms)} title={absolute}>
      {relative}
    </time>
  );
}
