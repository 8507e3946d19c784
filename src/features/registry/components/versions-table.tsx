import { useState, type DragEvent } from 'react';
import { Link } from 'react-router';
import { RelativeTime } from '../../../components/relative-time/relative-time';
import { userTags } from '../../../components/tags-editor';
import { aliasesOf, type AliasPointer, type RegistryVersion } from '../../../entities/registry/registry-model';
import type { SourceRunsState } from '../hooks/use-source-runs';
import type { RegistryChange } from '../utils/registry-change';
import { sourceRunId } from '../utils/source-run';
import { ActionMenu } from './action-menu';
import { ALIAS_DRAG_TYPE, AliasChip, dragHasAlias } from './alias-chip';
import { MetricValue } from './metric-value';
import { SourceRunLink } from './source-run-link';
import { StageBadge } from './stage-badge';
import { versionMenuItems } from './version-menu-items';
import { paths } from '../../../config/paths';

export function versionPath(name: string, version: string): string {
  return paths.modelVersion(name, version);
}

export interface VersionsTableProps {
  name: string;
  versions: readonly RegistryVersion[];
  aliases: readonly AliasPointer[];
  runs: SourceRunsState;
  keyMetrics: readonly string[];
  selected: ReadonlySet<string>;
  onToggleSelected: (version: string) => void;
  onChange: (change: RegistryChange) => void;
  onNewAlias: (version: string) => void;
  onDelete: (version: RegistryVersion) => void;
  /** Why the user may not change stages and aliases, or delete (see versionMenuItems). */
  updateDenied?: string;
  deleteDenied?: string;
}

const MAX_TAGS = 3;

/** The model's versions; alias chips can be dragged onto another row to move the alias there. */
export function VersionsTable({
  name,
  versions,
  aliases,
  runs,
  keyMetrics,
  selected,
  onToggleSelected,
  onChange,
  onNewAlias,
  onDelete,
  updateDenied,
  deleteDenied,
}: VersionsTableProps) {
  const [dropTarget, setDropTarget] = useState<string | null>(null);

  const onDragOver = (event: DragEvent<HTMLTableRowElement>, version: string) => {
    if (!dragHasAlias(event) || updateDenied) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    if (dropTarget !== version) setDropTarget(version);
  };
  const onDrop = (event: DragEvent<HTMLTableRowElement>, version: string) => {
    const alias = event.dataTransfer.getData(ALIAS_DRAG_TYPE);
    setDropTarget(null);
    if (!alias) return;
    event.preventDefault();
    if (aliases.some((pointer) => pointer.alias === alias && pointer.version === version)) return;
    onChange({ kind: 'set-alias', alias, version });
  };

  return (
    <div className="versions-table-scroll">
      <table className="table versions-table" aria-label="Versions">
        <thead>
          <tr>
            <th scope="col" className="versions-check-cell">
              <span className="visually-hidden">Compare</span>
            </th>
            <th scope="col">Version</th>
            <th scope="col">Registered</th>
            <th scope="col">Stage</th>
            <th scope="col">Aliases</th>
            <th scope="col">Source run</th>
            {keyMetrics.map((metric) => (
              <th key={metric} scope="col" className="versions-metric-cell" title={`Metric ${metric} of the source run`}>
                {metric}
              </th>
            ))}
            <th scope="col">Status</th>
            <th scope="col">Tags</th>
            <th scope="col" className="versions-actions-cell">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => {
            const runId = sourceRunId(version);
            const run = runId ? runs.runs.get(runId) : undefined;
            const versionAliases = aliasesOf(version.version, aliases);
            const tags = userTags(version.tags);
            return (
              <tr
                key={version.version}
                data-version={version.version}
                className={dropTarget === version.version ? 'is-drop-target' : undefined}
                onDragOver={(event) => onDragOver(event, version.version)}
                onDragLeave={(event) => {
                  if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropTarget((current) => (current === version.version ? null : current));
                }}
                onDrop={(event) => onDrop(event, version.version)}
              >
                <td className="versions-check-cell">
                  <input
                    type="checkbox"
                    aria-label={`Select version ${version.version} to compare`}
                    checked={selected.has(version.version)}
                    onChange={() => onToggleSelected(version.version)}
                  />
                </td>
                <td>
                  <Link to={versionPath(name, version.version)} className="versions-version-link">
                    Version {version.version}
                  </Link>
                </td>
                <td className="nowrap">
                  <RelativeTime ms={version.creationTimestamp} />
                </td>
                <td>
                  <StageBadge stage={version.stage} />
                </td>
                <td>
                  <span className="chip-list">
                    {versionAliases.map((alias) => (
                      <AliasChip key={alias} alias={alias} draggable />
                    ))}
                  </span>
                </td>
                <td>
                  <SourceRunLink runId={runId} run={run} failed={runId ? runs.failed.has(runId) : false} />
                </td>
                {keyMetrics.map((metric) => (
                  <td key={metric} className="versions-metric-cell">
                    <MetricValue value={run?.metrics[metric]} />
                  </td>
                ))}
                <td>
                  {version.status === 'READY' ? (
                    <span className="muted">Ready</span>
                  ) : (
                    <span className={`badge ${version.status === 'FAILED_REGISTRATION' ? 'badge-danger' : 'badge-warning'}`} title={version.statusMessage}>
                      {version.status === 'FAILED_REGISTRATION' ? 'Failed' : 'Pending'}
                    </span>
                  )}
                </td>
                <td>
                  <span className="chip-list">
                    {tags.slice(0, MAX_TAGS).map((tag) => (
                      <span key={tag.key} className="tag-chip" title={`${tag.key}: ${tag.value}`}>
                        {tag.key}
                        {tag.value ? `: ${tag.value}` : ''}
                      </span>
                    ))}
                    {tags.length > MAX_TAGS && <span className="muted">+{tags.length - MAX_TAGS}</span>}
                  </span>
                </td>
                <td className="versions-actions-cell">
                  <ActionMenu
                    label={`Actions for version ${version.version}`}
                    className="btn btn-sm"
                    items={versionMenuItems(version, aliases, { onChange, onNewAlias, onDelete, updateDenied, deleteDenied })}
                  >
                    Actions <span aria-hidden="true">▾</span>
                  </ActionMenu>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
