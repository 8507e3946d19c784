import { ExperimentsPage } from '../../features/experiments/components/experiments-page';

export function Component() {
  return <ExperimentsPage />;
}
