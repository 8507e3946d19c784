import { TracePage } from '../../features/traces/trace-page';

export function Component() {
  return <TracePage />;
}
