import { useState } from 'react';
import './artifact-preview.css';

export function ImagePreview({ url, path }: { url: string; path: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) return <p className="muted">This image could not be displayed. Download it instead.</p>;
  return (
    <div className="artifact-image">
      <img src={url} alt={path.split('/').pop() ?? path} onError={() => setFailed(true)} />
    </div>
  );
}
