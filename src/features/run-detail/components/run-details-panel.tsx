import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { RelativeTime } from '../../../components/relative-time/relative-time';
import { formatAbsoluteTime, formatDuration, runDuration } from '../../../lib/format/format-time';
import { useRun } from '../hooks/use-run-view';
import { TAGS, type RunView } from '../api/run-model';
import { runPath } from '../utils/metric-path';
import { commitUrl } from '../utils/source-links';
import { paths } from '../../../config/paths';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="run-details-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ParentRunLink({ experimentId, parentId }: { experimentId: string; parentId: string }) {
  const parent = useRun(parentId);
  return (
    <Link to={runPath(parent.data?.experimentId ?? experimentId, parentId)} data-testid="parent-run-link">
      {parent.data?.name ?? parentId}
    </Link>
  );
}

/** Renders an experiment's name (from experiments/get); the app passes it in, as features do not import one another. */
export type ExperimentNameRenderer = (experimentId: string) => ReactNode;

export function RunDetailsPanel({ run, experimentName }: { run: RunView; experimentName?: ExperimentNameRenderer }) {
  const tag = (key: string) => run.tagMap.get(key);
  const commit = tag(TAGS.gitCommit);
  const repo = tag(TAGS.gitRepoUrl);
  const link = commitUrl(repo, commit);
  const sourceName = tag(TAGS.sourceName);
  const sourceType = tag(TAGS.sourceType);
  const entryPoint = tag(TAGS.entryPoint);
  const parentId = tag(TAGS.parentRunId);
  const branch = tag(TAGS.gitBranch);
  const duration = runDuration(run.startTime, run.endTime);

  return (
    <dl className="run-details">
      <Row label="Run ID">
        <code className="run-id">{run.id}</code>
      </Row>
      <Row label="Experiment">
        <Link to={paths.experimentRuns([run.experimentId])} data-testid="run-experiment-link">
          {experimentName ? experimentName(run.experimentId) : run.experimentId}
        </Link>
      </Row>
      <Row label="Started">
        {run.startTime ? (
          <>
            {formatAbsoluteTime(run.startTime)}{' '}
            <span className="muted">
              (<RelativeTime ms={run.startTime} />)
            </span>
          </>
        ) : (
          '—'
        )}
      </Row>
      <Row label="Ended">
        {run.endTime ? formatAbsoluteTime(run.endTime) : <span className="muted">{run.status === 'RUNNING' ? 'still running' : '—'}</span>}
      </Row>
      <Row label="Duration">
        <span data-testid="run-duration">{duration !== undefined ? formatDuration(duration) : '—'}</span>
        {run.status === 'RUNNING' && duration !== undefined && <span className="muted"> so far</span>}
      </Row>
      <Row label="User">{run.userId || <span className="muted">—</span>}</Row>
      <Row label="Source">
        {sourceName ? (
          <>
            <span className="mono run-source">{sourceName}</span>
            {sourceType && <span className="badge run-source-type">{sourceType}</span>}
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </Row>
      {commit && (
        <Row label="Git commit">
          {link ? (
            <a href={link} target="_blank" rel="noopener noreferrer" className="mono" title={commit}>
              {commit.slice(0, 10)}
            </a>
          ) : (
            <code title={commit}>{commit.slice(0, 10)}</code>
          )}
          {branch && <span className="muted"> on {branch}</span>}
        </Row>
      )}
      {entryPoint && (
        <Row label="Entry point">
          <code>{entryPoint}</code>
        </Row>
      )}
      {parentId && (
        <Row label="Parent run">
          <ParentRunLink experimentId={run.experimentId} parentId={parentId} />
        </Row>
      )}
      <Row label="Artifact URI">
        <span className="mono run-artifact-uri">{run.artifactUri || '—'}</span>
      </Row>
    </dl>
  );
}
