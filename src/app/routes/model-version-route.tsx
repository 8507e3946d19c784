import { ModelVersionPage } from '../../features/registry/model-version-page';

export function Component() {
  return <ModelVersionPage />;
}
