import { formatBytes } from '../../../../lib/format/format-number';
import type { ModelSummary, SignatureColumn } from '../../utils/mlmodel';

function SignatureTable({ title, columns }: { title: string; columns: SignatureColumn[] | undefined }) {
  if (!columns) return null;
  return (
    <div className="model-signature">
      <h4>{title}</h4>
      {columns.length === 0 ? (
        <p className="muted">None</p>
      ) : (
        <table className="table" aria-label={`Signature ${title.toLowerCase()}`}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Required</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((column, index) => (
              <tr key={`${column.name}-${index}`}>
                <td className="mono">{column.name}</td>
                <td className="mono">{column.type}</td>
                <td>{column.required ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** MLmodel at a glance: flavors with their versions, and the signature's inputs and outputs. */
export function ModelSummaryView({ summary }: { summary: ModelSummary }) {
  return (
    <div className="model-summary" data-testid="model-summary">
      <dl className="model-summary-facts">
        {summary.artifactPath && (
          <div>
            <dt>Artifact path</dt>
            <dd className="mono">{summary.artifactPath}</dd>
          </div>
        )}
        {summary.createdAt && (
          <div>
            <dt>Created (UTC)</dt>
            <dd>{summary.createdAt}</dd>
          </div>
        )}
        {summary.mlflowVersion && (
          <div>
            <dt>MLflow version</dt>
            <dd>{summary.mlflowVersion}</dd>
          </div>
        )}
        {summary.sizeBytes !== undefined && (
          <div>
            <dt>Size</dt>
            <dd>{formatBytes(summary.sizeBytes)}</dd>
          </div>
        )}
        {summary.modelUuid && (
          <div>
            <dt>Model ID</dt>
            <dd className="mono">{summary.modelUuid}</dd>
          </div>
        )}
      </dl>
      <div>
        <h4>Flavors</h4>
        {summary.flavors.length === 0 ? (
          <p className="muted">No flavors listed.</p>
        ) : (
          <ul className="model-flavors">
            {summary.flavors.map((flavor) => (
              <li key={flavor.name}>
                <span className="badge badge-info">{flavor.name}</span>
                {flavor.details.length > 0 && (
                  <span className="model-flavor-details muted">
                    {flavor.details.map(([key, value]) => `${key}: ${value}`).join(' · ')}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      {summary.inputs || summary.outputs ? (
        <div className="model-signatures">
          <SignatureTable title="Inputs" columns={summary.inputs} />
          <SignatureTable title="Outputs" columns={summary.outputs} />
          <SignatureTable title="Params" columns={summary.params} />
        </div>
      ) : (
        <p className="muted">This model has no signature.</p>
      )}
    </div>
  );
}
