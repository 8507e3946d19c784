import { ErrorPanel } from '../../../components/error-view';
import { SkeletonLines } from '../../../components/skeleton/skeleton';
import { formatBytes } from '../../../lib/format/format-number';
import { useMlModel, type VersionLocation } from '../../../entities/registry/api/get-model-version-mlmodel';
import type { SignatureColumn } from '../../../entities/registry/mlmodel-summary';

function SignatureTable({ label, columns }: { label: string; columns: readonly SignatureColumn[] | undefined }) {
  if (!columns) return <p className="muted">No {label.toLowerCase()} schema.</p>;
  return (
    <table className="table signature-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Type</th>
          <th scope="col">Required</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((column, index) => (
          <tr key={`${column.name ?? ''}-${index}`}>
            <td className="mono">{column.name ?? <span className="muted">#{index + 1}</span>}</td>
            <td className="mono">{column.type}</td>
            <td>{column.required ? 'yes' : 'optional'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The version's MLmodel: flavors, versions and its input/output signature. */
export function MlModelPanel({ name, version, location }: { name: string; version: string; location?: VersionLocation }) {
  const mlModel = useMlModel(name, version, { location });
  let body;
  if (mlModel.isPending) body = <SkeletonLines lines={4} label="Loading MLmodel" />;
  else if (mlModel.isError) body = <ErrorPanel error={mlModel.error} title="Could not load the MLmodel file" onRetry={() => void mlModel.refetch()} />;
  else if (!mlModel.data.found) body = <p className="muted">No MLmodel file could be read for this version ({mlModel.data.reason}).</p>;
  else if (!mlModel.data.summary)
    body = (
      <>
        <p className="field-error">The MLmodel file could not be read: {mlModel.data.parseError}</p>
        <pre className="mlmodel-raw">{mlModel.data.text}</pre>
      </>
    );
  else {
    const summary = mlModel.data.summary;
    const facts: [string, string | undefined][] = [
      ['Flavors', summary.flavors.map((flavor) => flavor.name).join(', ') || undefined],
      ['Loader', summary.loaderModule],
      ['Python', summary.pythonVersion],
      ['MLflow', summary.mlflowVersion],
      ['Size', summary.modelSizeBytes !== undefined ? formatBytes(summary.modelSizeBytes) : undefined],
      ['Created (UTC)', summary.createdAt],
      ['Artifact path', summary.artifactPath],
      ['Input example', summary.inputExample ? `${summary.inputExample.path}${summary.inputExample.type ? ` (${summary.inputExample.type})` : ''}` : undefined],
      ['Model UUID', summary.modelUuid],
    ];
    body = (
      <div className="stack">
        <dl className="facts">
          {facts
            .filter((fact): fact is [string, string] => fact[1] !== undefined && fact[1] !== '')
            .map(([label, value]) => (
              <div key={label} className="facts-row">
                <dt>{label}</dt>
                <dd className={label === 'Model UUID' || label === 'Artifact path' ? 'mono' : undefined}>{value}</dd>
              </div>
            ))}
        </dl>
        <h3>Signature</h3>
        {summary.signature ? (
          <div className="signature-grid">
            <div>
              <h4 className="signature-heading">Inputs</h4>
              <SignatureTable label="Inputs" columns={summary.signature.inputs} />
            </div>
            <div>
              <h4 className="signature-heading">Outputs</h4>
              <SignatureTable label="Outputs" columns={summary.signature.outputs} />
            </div>
            {summary.signature.params && (
              <div>
                <h4 className="signature-heading">Parameters</h4>
                <table className="table signature-table" aria-label="Inference parameters">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Type</th>
                      <th scope="col">Default</th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.signature.params.map((param) => (
                      <tr key={param.name}>
                        <td className="mono">{param.name}</td>
                        <td className="mono">
                          {param.type}
                          {param.shape ? ` ${param.shape}` : ''}
                        </td>
                        <td className="mono">{param.defaultValue}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        ) : (
          <p className="muted">This model was logged without a signature.</p>
        )}
        {summary.flavors.length > 0 && (
          <details className="mlmodel-details">
            <summary>Flavor details</summary>
            {summary.flavors.map((flavor) => (
              <div key={flavor.name} className="mlmodel-flavor">
                <h4>{flavor.name}</h4>
                <dl className="facts facts-compact">
                  {flavor.details.map((detail) => (
                    <div key={detail.key} className="facts-row">
                      <dt className="mono">{detail.key}</dt>
                      <dd className="mono">{detail.value}</dd>
                    </div>
                  ))}
                </dl>
              </div>
            ))}
          </details>
        )}
      </div>
    );
  }
  return (
    <section className="panel" aria-labelledby="mlmodel-heading">
      <div className="panel-header">
        <h2 id="mlmodel-heading">Model (MLmodel)</h2>
      </div>
      <div className="panel-body">{body}</div>
    </section>
  );
}
