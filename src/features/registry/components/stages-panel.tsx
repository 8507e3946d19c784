import { Link } from 'react-router';
import type { RegistryVersion } from '../../../entities/registry/registry-model';
import { compareVersions, countByStage, STAGE_ORDER } from '../../../entities/registry/stage-counts';
import { StageBadge } from './stage-badge';
import { versionPath } from './versions-table';

/** Versions per stage and the latest in each (what `models:/name/Production` resolves to). */
export function StagesPanel({ name, versions }: { name: string; versions: readonly RegistryVersion[] }) {
  const counts = countByStage(versions);
  return (
    <section className="panel" aria-labelledby="stages-heading">
      <div className="panel-header">
        <h2 id="stages-heading">Stages</h2>
      </div>
      <div className="panel-body">
        <table className="stages-table" aria-labelledby="stages-heading">
          <tbody>
            {STAGE_ORDER.map((stage) => {
              const latest = versions.filter((version) => version.stage === stage).sort((a, b) => compareVersions(b.version, a.version))[0];
              return (
                <tr key={stage}>
                  <th scope="row">
                    <StageBadge stage={stage} />
                  </th>
                  <td className="stages-count">{counts[stage]}</td>
                  <td>{latest ? <Link to={versionPath(name, latest.version)}>latest: v{latest.version}</Link> : <span className="muted">—</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="field-hint">Stages are deprecated since MLflow 2.9 in favour of aliases; both work here.</p>
      </div>
    </section>
  );
}
