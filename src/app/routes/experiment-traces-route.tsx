import { useParams } from 'react-router';
import { PanelErrorBoundary } from '../../components/error-view';
import { ExperimentHeader } from '../../features/experiments/components/experiment-header';
import { ExperimentTracesPage } from '../../features/traces/experiment-traces-page';
import { splitExperimentIds } from '../experiment-ids';
import { ExperimentViewTabs } from './experiment-view-tabs';
import { ExperimentsFound } from './experiments-found';

/** `/experiments/1,2/traces`: the experiments' header, the view tabs, then their traces. */
export function Component() {
  const { experimentIds } = useParams();
  const ids = splitExperimentIds(experimentIds);
  const key = ids.join(',');
  return (
    <ExperimentsFound ids={ids}>
      <PanelErrorBoundary title="The experiment header failed" resetKey={key}>
        <ExperimentHeader ids={ids} />
      </PanelErrorBoundary>
      <ExperimentViewTabs experimentIds={experimentIds ?? key} active="traces" />
      <PanelErrorBoundary title="The traces failed" resetKey={key}>
        <ExperimentTracesPage experimentIds={ids} />
      </PanelErrorBoundary>
    </ExperimentsFound>
  );
}
