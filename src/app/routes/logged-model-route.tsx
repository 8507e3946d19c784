import { LoggedModelPage } from '../../features/logged-models/logged-model-page';

export function Component() {
  return <LoggedModelPage />;
}
