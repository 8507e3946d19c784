import { useEffect, useState } from 'react';
import { formatAbsoluteTime, formatRelativeTime, toIsoTime } from '../../lib/format/format-time';

/** "3 minutes ago", with the absolute local time on hover; re-renders every 30 s. */
export function RelativeTime({ ms, fallback = '—' }: { ms: number | undefined; fallback?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return <span className="muted">{fallback}</span>;
  const absolute = formatAbsoluteTime(ms);
  return (
    <time dateTime={toIsoTime(ms)} title={absolute} aria-label={`${formatRelativeTime(ms, now)} (${absolute})`}>
      {formatRelativeTime(ms, now)}
    </time>
  );
}
