import { RunPage } from '../../features/run-detail/components/run-page';
import { ExperimentCrumb } from '../layout/crumb-labels';

// The run page shows its experiment's name; the name comes from the experiments entity through
// the app (a feature does not import another).
const experimentName = (experimentId: string) => <ExperimentCrumb id={experimentId} />;

export function Component() {
  return <RunPage experimentName={experimentName} />;
}
