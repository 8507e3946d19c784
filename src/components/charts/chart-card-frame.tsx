import type { ReactNode } from 'react';

export interface ChartCardActions {
  onMoveUp?: () => void;
  onMoveDown?: () => void;
  onRemove?: () => void;
}

/** The frame every chart shares: title, status, actions, body. */
export function ChartCardFrame({
  title,
  heading,
  chartId,
  status,
  tools,
  actions,
  children,
  loading,
}: {
  title: string;
  /** What the header shows, when it is more than the plain title (e.g. a link). */
  heading?: ReactNode;
  chartId: string;
  status?: ReactNode;
  tools?: ReactNode;
  actions: ChartCardActions;
  children: ReactNode;
  loading: boolean;
}) {
  return (
    <section
      className="chart-card panel"
      data-testid="chart-card"
      data-chart-id={chartId}
      data-loading={loading ? 'true' : 'false'}
      aria-label={`Chart ${title}`}
    >
      <header className="chart-card-header">
        <h3 className="chart-card-title" title={title}>
          {heading ?? title}
        </h3>
        {status}
        <div className="chart-card-tools">
          {tools}
          {actions.onMoveUp && (
            <button
              type="button"
              className="btn btn-sm btn-ghost btn-icon"
              aria-label={`Move ${title} earlier`}
              title="Move earlier"
              onClick={actions.onMoveUp}
            >
              ↑
            </button>
          )}
          {actions.onMoveDown && (
            <button
              type="button"
              className="btn btn-sm btn-ghost btn-icon"
              aria-label={`Move ${title} later`}
              title="Move later"
              onClick={actions.onMoveDown}
            >
              ↓
            </button>
          )}
          {actions.onRemove && (
            <button
              type="button"
              className="btn btn-sm btn-ghost btn-icon"
              aria-label={`Remove chart ${title}`}
              title="Remove chart"
              onClick={actions.onRemove}
            >
              ✕
            </button>
          )}
        </div>
      </header>
      <div className="chart-card-body">{children}</div>
    </section>
  );
}

/** A small menu of export formats. */
export function ExportMenu({ title, onExport }: { title: string; onExport: (format: 'png' | 'svg' | 'csv') => void }) {
  return (
    <details className="chart-export">
      <summary className="btn btn-sm btn-ghost" aria-label={`Export ${title}`}>
        Export
      </summary>
      <div className="chart-export-menu" role="menu">
        {(['png', 'svg', 'csv'] as const).map((format) => (
          <button
            key={format}
            type="button"
            role="menuitem"
            className="btn btn-sm btn-ghost"
            onClick={(event) => {
              onExport(format);
              event.currentTarget.closest('details')?.removeAttribute('open');
            }}
          >
            {format.toUpperCase()}
          </button>
        ))}
      </div>
    </details>
  );
}
