// POST runs/set-tag: upserts one tag on an active run.
import { apiPost } from '../../../lib/api-client';

export async function setRunTag(runId: string, key: string, value: string, signal?: AbortSignal): Promise<void> {
  await apiPost('/runs/set-tag', { run_id: runId, key, value }, { signal });
}
