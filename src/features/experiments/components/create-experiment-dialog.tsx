import { useId, useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { useCreateExperiment } from '../../../entities/experiments/api/create-experiment';

interface TagRow {
  id: number;
  key: string;
  value: string;
}

export function CreateExperimentDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const [name, setName] = useState('');
  const [artifactLocation, setArtifactLocation] = useState('');
  const [tags, setTags] = useState<TagRow[]>([]);
  const [nextTagId, setNextTagId] = useState(1);
  const create = useCreateExperiment();
  const nameId = useId();
  const locationId = useId();

  const submit = () => {
    if (!name.trim() || create.isPending) return;
    create.mutate(
      {
        name: name.trim(),
        artifactLocation: artifactLocation.trim() || undefined,
        tags: tags.filter((tag) => tag.key.trim()).map((tag) => ({ key: tag.key.trim(), value: tag.value })),
      },
      { onSuccess: (id) => onCreated(id) },
    );
  };

  const updateTag = (id: number, patch: Partial<TagRow>) => setTags((current) => current.map((tag) => (tag.id === id ? { ...tag, ...patch } : tag)));

  return (
    <Dialog
      title="New experiment"
      onClose={onClose}
      onSubmit={submit}
      busy={create.isPending}
      width={520}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={create.isPending}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={!name.trim() || create.isPending}>
            {create.isPending ? 'Creating…' : 'Create'}
          </button>
        </>
      }
    >
      <div className="field">
        <label htmlFor={nameId} className="field-label">
          Name
        </label>
        <input id={nameId} className="input" value={name} onChange={(event) => setName(event.target.value)} autoFocus required maxLength={500} />
      </div>
      <div className="field">
        <label htmlFor={locationId} className="field-label">
          Artifact location <span className="muted">(optional)</span>
        </label>
        <input
          id={locationId}
          className="input"
          value={artifactLocation}
          onChange={(event) => setArtifactLocation(event.target.value)}
          placeholder="Server default, e.g. s3://bucket/path"
        />
        <span className="field-hint">Leave empty to use the tracking server’s default artifact root.</span>
      </div>
      <fieldset className="create-experiment-tags">
        <legend className="field-label">Tags</legend>
        {tags.map((tag, index) => (
          <div key={tag.id} className="create-experiment-tag-row">
            <input className="input" aria-label={`Tag ${index + 1} key`} placeholder="key" value={tag.key} onChange={(event) => updateTag(tag.id, { key: event.target.value })} />
            <input
              className="input"
              aria-label={`Tag ${index + 1} value`}
              placeholder="value"
              value={tag.value}
              onChange={(event) => updateTag(tag.id, { value: event.target.value })}
            />
            <button type="button" className="btn btn-sm btn-ghost" aria-label={`Remove tag ${index + 1}`} onClick={() => setTags((current) => current.filter((row) => row.id !== tag.id))}>
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => {
            setTags((current) => [...current, { id: nextTagId, key: '', value: '' }]);
            setNextTagId((id) => id + 1);
          }}
        >
          Add tag
        </button>
      </fieldset>
    </Dialog>
  );
}
