// POST runs/restore: brings a deleted run back (idempotent).
import { apiPost } from '../../../lib/api-client';

export async function restoreRun(runId: string, signal?: AbortSignal): Promise<void> {
  await apiPost('/runs/restore', { run_id: runId }, { signal });
}
