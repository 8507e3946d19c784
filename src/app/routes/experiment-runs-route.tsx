import { useParams } from 'react-router';
import { PanelErrorBoundary } from '../../components/error-view';
import { ExperimentHeader } from '../../features/experiments/components/experiment-header';
import { RunsPage } from '../../features/runs/runs-page';
import { SavedViewsBar } from '../../features/saved-views/components/saved-views-bar';
import { splitExperimentIds } from '../experiment-ids';
import { ExperimentViewTabs } from './experiment-view-tabs';
import { ExperimentsFound } from './experiments-found';

/** `/experiments/1,2`: the experiments' header, the Table | Charts switch, then the runs table. */
export function Component() {
  const { experimentIds } = useParams();
  const ids = splitExperimentIds(experimentIds);
  const key = ids.join(',');
  return (
    <ExperimentsFound ids={ids}>
      <PanelErrorBoundary title="The experiment header failed" resetKey={key}>
        <ExperimentHeader ids={ids} />
      </PanelErrorBoundary>
      <ExperimentViewTabs experimentIds={experimentIds ?? key} active="table" />
      <PanelErrorBoundary title="The runs table failed" resetKey={key}>
        {/* Saved views belong to one experiment: offered when the page shows one. */}
        <RunsPage
          renderViewControls={
            ids.length === 1 && ids[0] !== undefined
              ? ({ widths, setWidths }) => <SavedViewsBar experimentId={ids[0] ?? ''} widths={widths} onApplyWidths={setWidths} />
              : undefined
          }
        />
      </PanelErrorBoundary>
    </ExperimentsFound>
  );
}
