import { useState } from 'react';
import { artifactUrl } from '../../api/get-artifact';

export function ImagePreview({ runId, path }: { runId: string; path: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) return <p className="muted">This image could not be displayed. Download it instead.</p>;
  return (
    <div className="artifact-image">
      <img src={artifactUrl(runId, path)} alt={path.split('/').pop() ?? path} onError={() => setFailed(true)} />
    </div>
  );
}
