// One trace: its summary (name, status, latency, time, tokens, run, tags), the span tree with a
// waterfall of spans on the trace's time axis, and the selected span's details. The selected span
// is in the URL (`?span=`). A trace that does not exist gets the app's not-found page.
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useDocumentTitle } from '../../components/document-title/use-document-title';
import { ErrorPanel, isNotFound, PanelErrorBoundary } from '../../components/error-view';
import { NotFoundView } from '../../components/not-found';
import { RelativeTime } from '../../components/relative-time/relative-time';
import { TagsEditor } from '../../components/tags-editor';
import { PageSkeleton, SkeletonLines } from '../../components/skeleton/skeleton';
import { paths } from '../../config/paths';
import {
  spanIdToHex,
  useDeleteTraceTag,
  useSetTraceTag,
  useTraceData,
  useTraceInfo,
  userTraceTags,
  type TraceData,
  type TraceInfo,
} from '../../entities/traces';
import { experimentResource, useAccess } from '../../lib/auth/current-user';
import { SpanDetail } from './components/span-detail';
import { SpanTimeline } from './components/span-timeline';
import { TraceStatusBadge } from './components/trace-status-badge';
import { formatSpanDuration } from './utils/format-span-time';
import { ancestorsOf, buildSpanTree, visibleSpanRows } from './utils/span-tree';
import './traces.css';

/** The trace's own tags (not MLflow's `mlflow.*` ones), editable by whoever may update the experiment. */
function TraceTagsPanel({ trace }: { trace: TraceInfo }) {
  const setTag = useSetTraceTag();
  const deleteTag = useDeleteTraceTag();
  const canUpdate = useAccess([experimentResource(trace.experimentId)], 'update');
  const tags = userTraceTags(trace).map((tag) => ({ key: tag.key, value: tag.value ?? '' }));
  return (
    <details className="panel trace-tags-panel">
      <summary>
        Tags <span className="trace-count">{tags.length}</span>
      </summary>
      <TagsEditor
        label="Trace tags"
        tags={tags}
        disabledReason={canUpdate.reason}
        onSet={(key, value) => setTag.mutateAsync({ traceId: trace.traceId, key, value })}
        onDelete={(key) => deleteTag.mutateAsync({ traceId: trace.traceId, key })}
      />
    </details>
  );
}

function TraceSummary({ trace }: { trace: TraceInfo }) {
  const tags = userTraceTags(trace);
  return (
    <header className="trace-header">
      <div className="trace-title-row">
        <h1 className="trace-title">{trace.name ?? trace.traceId}</h1>
        <TraceStatusBadge status={trace.status} />
      </div>
      <dl className="trace-facts">
        <div>
          <dt>Trace ID</dt>
          <dd className="mono">{trace.traceId}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>
            <RelativeTime ms={trace.timestamp} />
          </dd>
        </div>
        <div>
          <dt>Latency</dt>
          <dd className="mono">{trace.status === 'IN_PROGRESS' ? 'running…' : formatSpanDuration(trace.executionTime)}</dd>
        </div>
        {trace.totalTokens !== undefined && (
          <div>
            <dt>Tokens</dt>
            <dd className="mono">{trace.totalTokens.toLocaleString('en-US')}</dd>
          </div>
        )}
        {trace.runId && (
          <div>
            <dt>Run</dt>
            <dd>
              <Link to={paths.run(trace.experimentId, trace.runId)} className="mono">
                {trace.runId.slice(0, 8)}
              </Link>
            </dd>
          </div>
        )}
        {tags.length > 0 && (
          <div className="trace-facts-tags">
            <dt>Tags</dt>
            <dd>
              {tags.map((tag) => (
                <span key={tag.key} className="badge trace-tag">
                  {tag.key}: {tag.value}
                </span>
              ))}
            </dd>
          </div>
        )}
      </dl>
    </header>
  );
}

function TraceSpans({ data }: { data: TraceData }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const tree = useMemo(() => buildSpanTree(data.spans), [data]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [revealKey, setRevealKey] = useState(0);
  // Links from before ids were hex (`0x…`, base64) still select their span.
  const spanParam = searchParams.get('span');
  const requested = spanParam === null ? undefined : spanIdToHex(spanParam);
  const selectedId = requested !== undefined && tree.byId.has(requested) ? requested : tree.roots[0]?.spanId;
  // A span chosen by URL or a jump is shown even inside a collapsed subtree.
  const effectiveCollapsed = useMemo(() => {
    if (selectedId === undefined) return collapsed;
    const hidden = ancestorsOf(tree, selectedId).filter((id) => collapsed.has(id));
    if (hidden.length === 0) return collapsed;
    const next = new Set(collapsed);
    for (const id of hidden) next.delete(id);
    return next;
  }, [collapsed, selectedId, tree]);
  const rows = useMemo(() => visibleSpanRows(tree, effectiveCollapsed), [tree, effectiveCollapsed]);
  const errorSpans = useMemo(
    () =>
      visibleSpanRows(tree, new Set())
        .filter((row) => row.span.hasError)
        .map((row) => row.span.spanId),
    [tree],
  );

  const select = useCallback(
    (spanId: string) =>
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.set('span', spanId);
          return next;
        },
        { replace: true },
      ),
    [setSearchParams],
  );
  const toggle = useCallback(
    (spanId: string, expand?: boolean) => {
      // From what is shown: a subtree opened to reveal the selected span counts as open.
      const next = new Set(effectiveCollapsed);
      const open = expand ?? next.has(spanId);
      if (open) next.delete(spanId);
      else next.add(spanId);
      setCollapsed(next);
      // Collapsing around the selected span selects the collapsed one, as file trees do.
      if (!open && selectedId !== undefined && ancestorsOf(tree, selectedId).includes(spanId)) select(spanId);
    },
    [effectiveCollapsed, selectedId, tree, select],
  );
  const jumpToError = () => {
    const position = selectedId === undefined ? -1 : errorSpans.indexOf(selectedId);
    const target = errorSpans[(position + 1) % errorSpans.length];
    if (target === undefined) return;
    select(target);
    setRevealKey((key) => key + 1);
  };
  const collapseAll = () => {
    setCollapsed(new Set([...tree.children.keys()]));
    const top = selectedId === undefined ? undefined : ancestorsOf(tree, selectedId)[0];
    if (top !== undefined) select(top);
  };
  const selected = selectedId === undefined ? undefined : tree.byId.get(selectedId);

  if (data.spans.length === 0) return <p className="muted">This trace has no spans.</p>;
  return (
    <div className="trace-body">
      <section className="panel trace-spans" aria-label="Span tree and timeline">
        <div className="panel-header trace-spans-header">
          <h2>
            Spans <span className="trace-count">{data.spans.length.toLocaleString('en-US')}</span>
          </h2>
          <div className="toolbar">
            {errorSpans.length > 0 && (
              <button type="button" className="btn btn-sm trace-error-jump" onClick={jumpToError}>
                ⚠ {errorSpans.length === 1 ? '1 error' : `${errorSpans.length} errors`}: next
              </button>
            )}
            <button type="button" className="btn btn-sm" onClick={() => setCollapsed(new Set())}>
              Expand all
            </button>
            <button type="button" className="btn btn-sm" onClick={collapseAll}>
              Collapse all
            </button>
          </div>
        </div>
        <SpanTimeline
          tree={tree}
          rows={rows}
          durationMs={data.durationMs}
          selectedId={selectedId}
          onSelect={select}
          onToggle={toggle}
          revealKey={revealKey}
        />
      </section>
      <section className="panel trace-detail" aria-label="Span details">
        <PanelErrorBoundary title="The span details failed" resetKey={selectedId}>
          {selected ? <SpanDetail span={selected} /> : <p className="muted">Select a span.</p>}
        </PanelErrorBoundary>
      </section>
    </div>
  );
}

export function TracePage() {
  const { experimentId = '', traceId = '' } = useParams();
  const info = useTraceInfo(traceId);
  const inProgress = info.data?.status === 'IN_PROGRESS';
  // Asked for together with the info (the route loader started both): a missing trace still gets
  // the not-found page, from the info's answer.
  const data = useTraceData(traceId, { refetchInterval: inProgress ? 2_000 : false });
  useDocumentTitle(info.data?.name ?? 'Trace');

  if (info.isPending) return <PageSkeleton label="Loading trace" />;
  if (info.isError) {
    if (isNotFound(info.error)) {
      return (
        <NotFoundView
          title={`Trace ${traceId} was not found`}
          links={[{ label: 'Back to the traces', to: paths.experimentTraces(experimentId) }]}
        >
          <p>It may have been deleted, or the link may be wrong.</p>
        </NotFoundView>
      );
    }
    return (
      <div className="page">
        <ErrorPanel error={info.error} title="Could not load the trace" onRetry={() => void info.refetch()} />
      </div>
    );
  }
  return (
    <div className="page trace-page">
      <TraceSummary trace={info.data} />
      <TraceTagsPanel trace={info.data} />
      {data.isPending ? (
        <SkeletonLines lines={10} label="Loading spans" />
      ) : data.isError ? (
        <ErrorPanel error={data.error} title="Could not load the spans of this trace" onRetry={() => void data.refetch()} />
      ) : (
        <TraceSpans data={data.data} />
      )}
    </div>
  );
}
