// Which run a model version came from: its run_id, or the run named by a `runs:/<id>/...` source.

const RUNS_URI = /^runs:\/([^/]+)/;
// Real MLflow stores a run id of 32 hex digits; other sources (s3://…) name no run.
const PLACEHOLDER_RUN = /^0+$/;

export function sourceRunId(version: { runId: string; source: string }): string | undefined {
  const fromField = version.runId.trim();
  if (fromField && !PLACEHOLDER_RUN.test(fromField)) return fromField;
  const match = RUNS_URI.exec(version.source);
  return match?.[1] && !PLACEHOLDER_RUN.test(match[1]) ? match[1] : undefined;
}
