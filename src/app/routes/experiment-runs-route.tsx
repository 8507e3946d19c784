import { lazy, Suspense, type ComponentType } from 'react';
import { useParams } from 'react-router';
import { PanelErrorBoundary } from '../../components/error-view';
import { SkeletonLines } from '../../components/skeleton/skeleton';
import { ExperimentHeader } from '../../features/experiments/components/experiment-header';
import { splitExperimentIds } from '../experiment-ids';

// TEMPORARY: the runs feature's page is being written in parallel; until runs-page.tsx exists this
// resolves it through a glob (empty when missing) so the app still builds. Replace with a plain
// `import { RunsPage } from '../../features/runs/runs-page'` once it lands.
const runsPageModules = import.meta.glob<{ RunsPage: ComponentType }>('../../features/runs/runs-page.tsx');
const loadRunsPage = runsPageModules['../../features/runs/runs-page.tsx'];
const RunsPage = lazy(async () =>
  loadRunsPage ? { default: (await loadRunsPage()).RunsPage } : { default: () => <p className="page muted">The runs table is not available in this build.</p> },
);

/** `/experiments/1,2`: the experiments' header, then the runs table of the runs feature. */
export function Component() {
  const { experimentIds } = useParams();
  const ids = splitExperimentIds(experimentIds);
  const key = ids.join(',');
  return (
    <>
      <PanelErrorBoundary title="The experiment header failed" resetKey={key}>
        <ExperimentHeader ids={ids} />
      </PanelErrorBoundary>
      <PanelErrorBoundary title="The runs table failed" resetKey={key}>
        <Suspense fallback={<SkeletonLines lines={8} label="Loading runs" />}>
          <RunsPage />
        </Suspense>
      </PanelErrorBoundary>
    </>
  );
}
