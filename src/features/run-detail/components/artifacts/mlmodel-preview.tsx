import { useMemo } from 'react';
import { ErrorPanel } from '../../../../components/error-view';
import { SkeletonLines } from '../../../../components/skeleton/skeleton';
import { useArtifactText } from '../../api/get-artifact';
import { parseMlModel, type ModelSummary } from '../../utils/mlmodel';
import { ModelSummaryView } from './model-summary-view';

const MLMODEL_LIMIT = 1024 * 1024;

/** An MLmodel file as a model summary (falls back to its text when it cannot be read). */
export function MlmodelPreview({ runId, path }: { runId: string; path: string }) {
  const query = useArtifactText(runId, path, 'head', MLMODEL_LIMIT);
  const parsed = useMemo((): { summary: ModelSummary } | { error: string } | undefined => {
    if (!query.data) return undefined;
    try {
      return { summary: parseMlModel(query.data.text) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }, [query.data]);

  if (query.isPending) return <SkeletonLines lines={6} label="Loading model" />;
  if (query.isError) return <ErrorPanel error={query.error} title="Could not load the MLmodel file" onRetry={() => void query.refetch()} />;
  if (!parsed || 'error' in parsed) {
    return (
      <div className="stack">
        <p className="muted">This MLmodel file could not be read ({parsed?.error}); its text:</p>
        <pre className="artifact-pre">{query.data.text}</pre>
      </div>
    );
  }
  return <ModelSummaryView summary={parsed.summary} />;
}
