// The app's one QueryClient, created at module start (not inside React) so route loaders can start
// a page's first requests while its code is still downloading; mutations report through the toast
// that the provider registers once it mounts.
import { createQueryClient, type MutationNotifier } from '../lib/query-client';

let notifier: MutationNotifier | undefined;

export const appQueryClient = createQueryClient(() => notifier);

export function setMutationNotifier(next: MutationNotifier | undefined): void {
  notifier = next;
}
