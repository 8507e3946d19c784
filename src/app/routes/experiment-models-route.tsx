import { useParams } from 'react-router';
import { PanelErrorBoundary } from '../../components/error-view';
import { ExperimentHeader } from '../../features/experiments/components/experiment-header';
import { ExperimentModelsPage } from '../../features/logged-models/experiment-models-page';
import { splitExperimentIds } from '../experiment-ids';
import { ExperimentViewTabs } from './experiment-view-tabs';

/** `/experiments/1,2/models`: the experiments' header, the view tabs, then their logged models. */
export function Component() {
  const { experimentIds } = useParams();
  const ids = splitExperimentIds(experimentIds);
  const key = ids.join(',');
  return (
    <>
      <PanelErrorBoundary title="The experiment header failed" resetKey={key}>
        <ExperimentHeader ids={ids} />
      </PanelErrorBoundary>
      <ExperimentViewTabs experimentIds={experimentIds ?? key} active="models" />
      <PanelErrorBoundary title="The logged models failed" resetKey={key}>
        <ExperimentModelsPage experimentIds={ids} />
      </PanelErrorBoundary>
    </>
  );
}
