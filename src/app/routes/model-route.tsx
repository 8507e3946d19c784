import { ModelPage } from '../../features/registry/model-page';

export function Component() {
  return <ModelPage />;
}
