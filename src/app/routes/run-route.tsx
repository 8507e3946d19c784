import { RunPage } from '../../features/run-detail/components/run-page';
import { RunTracesSection } from '../../features/traces/components/run-traces-section';
import { ExperimentCrumb } from '../layout/crumb-labels';

// The run page shows its experiment's name; the name comes from the experiments entity through
// the app (a feature does not import another). Its traces section comes from the traces feature.
const experimentName = (experimentId: string) => <ExperimentCrumb id={experimentId} />;
const extraSections = (run: { id: string; experimentId: string }) => <RunTracesSection experimentId={run.experimentId} runId={run.id} />;

export function Component() {
  return <RunPage experimentName={experimentName} extraSections={extraSections} />;
}
