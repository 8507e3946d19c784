import { Link, useLocation, useParams } from 'react-router';
import { PanelErrorBoundary } from '../../components/error-view';
import { ExperimentHeader } from '../../features/experiments/components/experiment-header';
import { RunsPage } from '../../features/runs/runs-page';
import { splitExperimentIds } from '../experiment-ids';

/** `/experiments/1,2`: the experiments' header, then the runs table of the runs feature. */
export function Component() {
  const { experimentIds } = useParams();
  const ids = splitExperimentIds(experimentIds);
  const key = ids.join(',');
  // The charts page reads the same `q` / `filter` params, so the view carries over.
  const { search } = useLocation();
  return (
    <>
      <PanelErrorBoundary title="The experiment header failed" resetKey={key}>
        <ExperimentHeader ids={ids} />
      </PanelErrorBoundary>
      <p style={{ margin: '0 0 8px', textAlign: 'right' }}>
        <Link to={`/experiments/${key}/charts${search}`}>Open charts of these runs →</Link>
      </p>
      <PanelErrorBoundary title="The runs table failed" resetKey={key}>
        <RunsPage />
      </PanelErrorBoundary>
    </>
  );
}
