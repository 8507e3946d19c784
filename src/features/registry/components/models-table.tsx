import { Link } from 'react-router';
import { RelativeTime } from '../../../components/relative-time/relative-time';
import { userTags } from '../../../components/tags-editor';
import type { StageCountsResult } from '../../../entities/registry/api/count-versions-by-stage';
import type { RegistryModel } from '../../../entities/registry/registry-model';
import { useModelVersions } from '../../../entities/registry/api/search-model-versions';
import { countByStage, latestVersionNumber, stageChips, STAGE_ORDER } from '../../../entities/registry/stage-counts';
import { AliasChip } from './alias-chip';
import { StageBadge } from './stage-badge';
import { versionPath } from './versions-table';
import { paths } from '../../../config/paths';

export function modelPath(name: string): string {
  return paths.model(name);
}

const MAX_TAGS = 3;

/** `stageCounts`: versions per stage of the page's models, from one request (undefined while loading). */
export function ModelsTable({
  models,
  busy,
  stageCounts,
}: {
  models: readonly RegistryModel[];
  busy: boolean;
  stageCounts: StageCountsResult | undefined;
}) {
  return (
    <div className="models-table-scroll">
      <table className="table models-table" aria-label="Registered models" aria-busy={busy}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Latest version</th>
            <th scope="col">Versions by stage</th>
            <th scope="col">Aliases</th>
            <th scope="col">Last updated</th>
            <th scope="col">Tags</th>
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <ModelRow key={model.name} model={model} stageCounts={stageCounts} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ModelRow({ model, stageCounts }: { model: RegistryModel; stageCounts: StageCountsResult | undefined }) {
  // A server without Runboard's stage counts (MLflow) is asked for each model's versions; until
  // counts arrive the latest version per stage stands in.
  const versions = useModelVersions(model.name, { enabled: stageCounts?.supported === false });
  const counts = stageCounts?.supported ? stageCounts.counts.get(model.name) : versions.data ? countByStage(versions.data) : undefined;
  const latest = latestVersionNumber(model.latestVersions);
  const tags = userTags(model.tags);
  return (
    <tr data-model={model.name}>
      <td>
        <Link to={modelPath(model.name)} className="models-name-link" data-nav-item="">
          {model.name}
        </Link>
      </td>
      <td>{latest ? <Link to={versionPath(model.name, latest)}>Version {latest}</Link> : <span className="muted">No versions</span>}</td>
      <td>
        <span className="chip-list" role="group" aria-label={`Versions of ${model.name} by stage`}>
          {counts
            ? stageChips(counts).map((chip) => <StageBadge key={chip.stage} stage={chip.stage} count={chip.count} />)
            : STAGE_ORDER.flatMap((stage) => {
                const version = model.latestVersions.find((item) => item.stage === stage);
                return version ? [<StageBadge key={stage} stage={stage} />] : [];
              })}
        </span>
      </td>
      <td>
        <span className="chip-list">
          {model.aliases.map((pointer) => (
            <AliasChip key={pointer.alias} alias={pointer.alias} version={pointer.version} />
          ))}
        </span>
      </td>
      <td className="nowrap">
        <RelativeTime ms={model.lastUpdatedTimestamp} />
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
    </tr>
  );
}
