import './skeleton.css';

export function Skeleton({ width = '100%', height = 14, className }: { width?: number | string; height?: number | string; className?: string }) {
  return <span className={`skeleton${className ? ` ${className}` : ''}`} style={{ width, height }} aria-hidden="true" />;
}

/** A few grey lines while a panel loads. */
export function SkeletonLines({ lines = 4, label = 'Loading' }: { lines?: number; label?: string }) {
  return (
    <div className="skeleton-lines" role="status" aria-label={label}>
      {Array.from({ length: lines }, (_, index) => (
        <Skeleton key={index} width={`${90 - ((index * 17) % 40)}%`} />
      ))}
    </div>
  );
}

/** The page-sized placeholder shown while a route's code or first data loads. */
export function PageSkeleton({ label = 'Loading page' }: { label?: string }) {
  return (
    <div className="page page-skeleton" role="status" aria-label={label}>
      <Skeleton width={260} height={22} />
      <div className="page-skeleton-row">
        <Skeleton width={180} height={30} />
        <Skeleton width={120} height={30} />
      </div>
      <div className="page-skeleton-panel">
        {Array.from({ length: 8 }, (_, index) => (
          <Skeleton key={index} width={`${95 - ((index * 13) % 35)}%`} />
        ))}
      </div>
    </div>
  );
}
