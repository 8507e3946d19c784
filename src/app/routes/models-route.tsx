import { ModelsPage } from '../../features/registry/models-page';

export function Component() {
  return <ModelsPage />;
}
