// One change to the model registry, as the registry services report it: written to the registry
// timeline (registry-events.ts) and turned into webhook events (webhook-events.ts). Kept apart
// from both so that neither imports the other.
import type { RegistryEvent } from '../../src/lib/mlflow/wire-types.js';

export type RegistryEventType = RegistryEvent['event_type'];

export interface RegistryChange {
  event_type: RegistryEventType;
  name: string;
  version?: number | string | null;
  alias?: string | null;
  key?: string | null;
  from_value?: string | null;
  to_value?: string | null;
}
