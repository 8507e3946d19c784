import { RunPage } from '../../features/run-detail/components/run-page';

export function Component() {
  return <RunPage />;
}
