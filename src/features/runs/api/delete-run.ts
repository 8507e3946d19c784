// POST runs/delete: soft-deletes one run (idempotent).
import { apiPost } from '../../../lib/api-client';

export async function deleteRun(runId: string, signal?: AbortSignal): Promise<void> {
  await apiPost('/runs/delete', { run_id: runId }, { signal });
}
