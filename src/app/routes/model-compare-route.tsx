import { ModelComparePage } from '../../features/registry/model-compare-page';

export function Component() {
  return <ModelComparePage />;
}
