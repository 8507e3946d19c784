import { lazy, Suspense, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useDocumentTitle } from '../../../components/document-title/use-document-title';
import { ErrorPanel, isNotFound, PanelErrorBoundary } from '../../../components/error-view';
import { PageSkeleton } from '../../../components/skeleton/skeleton';
import { useRun } from '../hooks/use-run-view';
import { TAGS, type RunView } from '../api/run-model';
import { useSetRunTag } from '../../../entities/runs/api/set-run-tag';
import { ArtifactBrowser } from './artifacts/artifact-browser';
import { RunDetailsPanel, type ExperimentNameRenderer } from './run-details-panel';
import { MetricsTable, ParamsTable, RunTagsPanel } from './run-data-tables';
import { RunCharts } from './run-charts';
import { RunHeader } from './run-header';
import { ChildRunsPanel, DatasetsPanel, ModelsPanel } from './run-related-panels';
import './run-page.css';
import { paths } from '../../../config/paths';
import { experimentResource, useAccess } from '../../../lib/auth/current-user';

type Tab = 'overview' | 'artifacts';

// The markdown renderer is ~120 KB of script: loaded after the page, so the parameters and
// metrics do not wait for it.
const EditableMarkdown = lazy(() => import('../../../components/markdown').then((module) => ({ default: module.EditableMarkdown })));
const DESCRIPTION_PLACEHOLDER = 'No description. Note what this run tried and what it showed.';

function Panel({ title, count, children, className }: { title: string; count?: number; children: ReactNode; className?: string }) {
  return (
    <section className={`panel run-panel${className ? ` ${className}` : ''}`} aria-label={title}>
      <div className="panel-header">
        <h2>
          {title}
          {count !== undefined && <span className="run-panel-count">{count}</span>}
        </h2>
      </div>
      <div className="panel-body">
        <PanelErrorBoundary title={`${title} failed`}>{children}</PanelErrorBoundary>
      </div>
    </section>
  );
}

/** Sections other features add under the overview (the app composes them: features do not import each other). */
export type RunSectionsRenderer = (run: RunView) => ReactNode;

export function RunPage({ experimentName, extraSections }: { experimentName?: ExperimentNameRenderer; extraSections?: RunSectionsRenderer } = {}) {
  const { runId = '' } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const tab: Tab = searchParams.get('tab') === 'artifacts' ? 'artifacts' : 'overview';
  const run = useRun(runId);
  useDocumentTitle(run.data?.name ?? 'Run');

  const tabLink = (target: Tab) => {
    const next = new URLSearchParams(searchParams);
    if (target === 'overview') {
      next.delete('tab');
      next.delete('artifact');
    } else next.set('tab', target);
    const text = next.toString();
    return text ? `?${text}` : '?';
  };

  const openArtifact = (path: string) =>
    setSearchParams((current) => {
      const next = new URLSearchParams(current);
      next.set('tab', 'artifacts');
      next.set('artifact', path);
      return next;
    });

  if (run.isPending) return <PageSkeleton label="Loading run" />;
  if (run.isError) {
    return (
      <div className="page">
        <ErrorPanel
          error={run.error}
          title={isNotFound(run.error) ? 'This run does not exist' : 'Could not load the run'}
          onRetry={isNotFound(run.error) ? undefined : () => void run.refetch()}
        />
        <p>
          <Link to={paths.experiments()}>Back to experiments</Link>
        </p>
      </div>
    );
  }

  const data = run.data;
  return (
    <div className="page run-page">
      <RunHeader run={data} />
      <nav className="run-tabs" aria-label="Run sections">
        <Link to={tabLink('overview')} aria-current={tab === 'overview' ? 'page' : undefined} replace>
          Overview
        </Link>
        <Link to={tabLink('artifacts')} aria-current={tab === 'artifacts' ? 'page' : undefined} replace>
          Artifacts
        </Link>
      </nav>
      {tab === 'artifacts' ? (
        <PanelErrorBoundary title="The artifacts browser failed">
          <ArtifactBrowser runId={data.id} readOnly={data.lifecycleStage === 'deleted'} />
        </PanelErrorBoundary>
      ) : (
        <RunOverview run={data} onOpenArtifact={openArtifact} experimentName={experimentName} extraSections={extraSections} />
      )}
    </div>
  );
}

function RunOverview({
  run,
  onOpenArtifact,
  experimentName,
  extraSections,
}: {
  run: RunView;
  onOpenArtifact: (path: string) => void;
  experimentName?: ExperimentNameRenderer;
  extraSections?: RunSectionsRenderer;
}) {
  const setTag = useSetRunTag();
  const canUpdate = useAccess([experimentResource(run.experimentId)], 'update');
  return (
    <div className="run-overview">
      <div className="run-grid run-grid-top">
        <Panel title="Details">
          <RunDetailsPanel run={run} experimentName={experimentName} />
        </Panel>
        <Panel title="Description" className="run-description">
          <Suspense
            fallback={<p className="run-description-loading">{(run.tagMap.get(TAGS.note) ?? '').trim() || DESCRIPTION_PLACEHOLDER}</p>}
          >
            <EditableMarkdown
              label="Run description"
              value={run.tagMap.get(TAGS.note) ?? ''}
              readOnly={run.lifecycleStage === 'deleted'}
              disabledReason={canUpdate.reason}
              placeholder={DESCRIPTION_PLACEHOLDER}
              onSave={(value) => setTag.mutateAsync({ runId: run.id, key: TAGS.note, value })}
            />
          </Suspense>
        </Panel>
      </div>
      <div className="run-grid">
        <Panel title="Parameters" count={run.params.length}>
          <ParamsTable run={run} />
        </Panel>
        <Panel title="Metrics" count={run.metrics.length}>
          <MetricsTable run={run} />
        </Panel>
      </div>
      <Panel title="Charts" count={run.metrics.length} className="run-charts-panel">
        <RunCharts run={run} />
      </Panel>
      <Panel title="Tags">
        <RunTagsPanel run={run} />
      </Panel>
      <div className="run-grid run-grid-three">
        <Panel title="Models">
          <ModelsPanel run={run} onOpenArtifact={onOpenArtifact} />
        </Panel>
        <Panel title="Datasets" count={run.datasets.length}>
          <DatasetsPanel run={run} />
        </Panel>
        <Panel title="Child runs">
          <ChildRunsPanel run={run} />
        </Panel>
      </div>
      {extraSections && <PanelErrorBoundary title="A run section failed">{extraSections(run)}</PanelErrorBoundary>}
    </div>
  );
}
