import { useMemo } from 'react';
import { ErrorPanel } from '../../../components/error-view';
import { SkeletonLines } from '../../../components/skeleton/skeleton';
import { useRegistryEvents } from '../../../entities/registry/api/list-registry-events';
import type { RegistryModel, RegistryVersion } from '../../../entities/registry/registry-model';
import type { RegistryChange } from '../utils/registry-change';
import { buildTimeline, fallbackTimeline, type TimelineKind } from '../utils/timeline';
import { TimelineList } from './timeline-list';

// Description and tag edits are history too, but promotions are what people look for first.
const PROMOTION_KINDS: ReadonlySet<TimelineKind> = new Set<TimelineKind>(['model', 'registered', 'deleted', 'stage', 'alias', 'current']);

export interface HistoryPanelProps {
  model: RegistryModel;
  versions: readonly RegistryVersion[];
  metricsOf: (version: string) => Record<string, number> | undefined;
  keyMetrics: readonly string[];
  onRollback: (change: RegistryChange) => void;
  /** Description and tag edits shown too (kept in the URL by the page). */
  everything: boolean;
  onEverythingChange: (everything: boolean) => void;
}

/**
 * The model's timeline from Runboard's registry events. A server without them (MLflow itself)
 * gets what the API tells: creation and update times, current stages and aliases.
 */
export function HistoryPanel({ model, versions, metricsOf, keyMetrics, onRollback, everything, onEverythingChange: setEverything }: HistoryPanelProps) {
  const events = useRegistryEvents(model.name);
  const pages = events.data?.pages;
  const supported = pages?.[0]?.supported ?? true;
  const entries = useMemo(() => {
    if (!pages) return [];
    if (!supported) return fallbackTimeline(model, versions);
    return buildTimeline(
      pages.flatMap((page) => page.events),
      { versions, aliases: model.aliases },
    );
  }, [pages, supported, model, versions]);
  const visible = everything ? entries : entries.filter((entry) => PROMOTION_KINDS.has(entry.kind));
  const hidden = entries.length - visible.length;

  return (
    <section className="panel" aria-labelledby="history-heading">
      <div className="panel-header">
        <h2 id="history-heading">History</h2>
        <div className="segmented" role="group" aria-label="History entries">
          <button type="button" aria-pressed={!everything} onClick={() => setEverything(false)}>
            Promotions
          </button>
          <button type="button" aria-pressed={everything} onClick={() => setEverything(true)}>
            Everything
          </button>
        </div>
      </div>
      <div className="panel-body">
        {!supported && (
          <p className="history-fallback-note" role="note">
            This tracking server keeps no registry history (a plain MLflow server). Shown instead: when the model and its versions were created, their last change and
            current stage, and where aliases point now.
          </p>
        )}
        {events.isPending ? (
          <SkeletonLines lines={4} label="Loading history" />
        ) : events.isError && !pages ? (
          <ErrorPanel error={events.error} title="Could not load the history" onRetry={() => void events.refetch()} />
        ) : visible.length === 0 ? (
          <p className="muted">Nothing has happened yet.</p>
        ) : (
          <TimelineList name={model.name} entries={visible} metricsOf={metricsOf} keyMetrics={keyMetrics} onRollback={onRollback} />
        )}
        {!everything && hidden > 0 && (
          <p className="field-hint history-hidden-note">
            {hidden} description and tag edit{hidden === 1 ? '' : 's'} hidden.{' '}
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => setEverything(true)}>
              Show everything
            </button>
          </p>
        )}
        {events.hasNextPage && (
          <button type="button" className="btn btn-sm history-more" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
            {events.isFetchingNextPage ? 'Loading…' : 'Load older entries'}
          </button>
        )}
      </div>
    </section>
  );
}
