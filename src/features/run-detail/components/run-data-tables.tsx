import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { KeyValueTable, type KeyValueColumn } from '../../../components/key-value-table';
import { RelativeTime } from '../../../components/relative-time/relative-time';
import { isSystemTag, TagsEditor } from '../../../components/tags-editor';
import { formatMetricValue } from '../../../lib/format/format-number';
import { useDeleteRunTag } from '../../../entities/runs/api/delete-run-tag';
import type { RunMetric, RunView } from '../api/run-model';
import { useSetRunTag } from '../../../entities/runs/api/set-run-tag';
import { metricChartPath } from '../utils/metric-path';
import { Sparkline } from './sparkline';
import { VirtualKeyValueTable } from './virtual-key-value-table';
import { experimentResource, useAccess } from '../../../lib/auth/current-user';

type Param = { key: string; value: string };

const paramColumns: KeyValueColumn<Param>[] = [
  { header: 'Name', width: '40%', cell: (param) => <span className="kv-key">{param.key}</span> },
  { header: 'Value', cell: (param) => <span className="kv-value">{param.value}</span> },
];

export function ParamsTable({ run }: { run: RunView }) {
  const search = useCallback((param: Param) => `${param.key} ${param.value}`, []);
  return (
    <VirtualKeyValueTable
      label="Parameters"
      items={run.params}
      getKey={(param) => param.key}
      getSearchText={search}
      columns={paramColumns}
      emptyText="No parameters logged."
      primarySearch
    />
  );
}

export function MetricsTable({ run }: { run: RunView }) {
  const live = run.status === 'RUNNING';
  const search = useCallback((metric: RunMetric) => metric.key, []);
  const columns = useMemo<KeyValueColumn<RunMetric>[]>(
    () => [
      {
        header: 'Name',
        width: '34%',
        cell: (metric) => (
          <Link to={metricChartPath(run.experimentId, run.id, metric.key)} className="kv-key" title={`Chart of ${metric.key}`}>
            {metric.key}
          </Link>
        ),
      },
      {
        header: 'Latest',
        cell: (metric) => (
          <span className="kv-value" title={String(metric.value)}>
            {formatMetricValue(metric.value)}
          </span>
        ),
      },
      { header: 'Step', width: 72, cell: (metric) => <span className="muted">{metric.step}</span> },
      { header: 'Trend', width: 132, cell: (metric) => <Sparkline runId={run.id} metricKey={metric.key} live={live} /> },
      { header: 'Logged', width: 120, cell: (metric) => <RelativeTime ms={metric.timestamp} /> },
    ],
    [run.experimentId, run.id, live],
  );
  return (
    <VirtualKeyValueTable
      label="Metrics"
      items={run.metrics}
      getKey={(metric) => metric.key}
      getSearchText={search}
      columns={columns}
      emptyText="No metrics logged."
    />
  );
}

export function RunTagsPanel({ run }: { run: RunView }) {
  const setTag = useSetRunTag();
  const deleteTag = useDeleteRunTag();
  const [showSystem, setShowSystem] = useState(false);
  const userTagList = run.tags.filter((tag) => !isSystemTag(tag.key));
  const systemTags = run.tags.filter((tag) => isSystemTag(tag.key));
  const search = useCallback((tag: Param) => `${tag.key} ${tag.value}`, []);
  const deleted = run.lifecycleStage === 'deleted';
  const canUpdate = useAccess([experimentResource(run.experimentId)], 'update');
  return (
    <div className="stack">
      <TagsEditor
        label="Tags"
        tags={userTagList}
        readOnly={deleted}
        disabledReason={canUpdate.reason}
        onSet={(key, value) => setTag.mutateAsync({ runId: run.id, key, value })}
        onDelete={(key) => deleteTag.mutateAsync({ runId: run.id, key })}
      />
      {systemTags.length > 0 && (
        <div>
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            aria-expanded={showSystem}
            onClick={() => setShowSystem((value) => !value)}
          >
            {showSystem ? '▾' : '▸'} System tags ({systemTags.length})
          </button>
          {showSystem && (
            <KeyValueTable
              label="System tags"
              items={systemTags}
              getKey={(tag) => tag.key}
              getSearchText={search}
              columns={[
                { header: 'Key', width: '35%', cell: (tag) => <span className="kv-key">{tag.key}</span> },
                { header: 'Value', cell: (tag) => <span className="kv-value run-system-tag-value">{tag.value}</span> },
              ]}
            />
          )}
        </div>
      )}
    </div>
  );
}
