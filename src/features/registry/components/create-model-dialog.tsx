import { useId, useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { useCreateRegisteredModel } from '../../../entities/registry/api/create-registered-model';
import type { RegistryModel } from '../../../entities/registry/registry-model';

interface TagRow {
  id: number;
  key: string;
  value: string;
}

/** New registered model: name, optional markdown description and tags. */
export function CreateModelDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (model: RegistryModel) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [tags, setTags] = useState<TagRow[]>([]);
  const [nextTagId, setNextTagId] = useState(1);
  const create = useCreateRegisteredModel();
  const nameId = useId();
  const descriptionId = useId();

  const submit = () => {
    if (!name.trim() || create.isPending) return;
    create.mutate(
      {
        name: name.trim(),
        description,
        tags: tags.filter((tag) => tag.key.trim()).map((tag) => ({ key: tag.key.trim(), value: tag.value })),
      },
      { onSuccess: onCreated },
    );
  };
  const updateTag = (id: number, patch: Partial<TagRow>) => setTags((current) => current.map((tag) => (tag.id === id ? { ...tag, ...patch } : tag)));

  return (
    <Dialog
      title="New registered model"
      onClose={onClose}
      onSubmit={submit}
      busy={create.isPending}
      width={540}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={create.isPending}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={!name.trim() || create.isPending}>
            {create.isPending ? 'Creating…' : 'Create model'}
          </button>
        </>
      }
    >
      <div className="stack">
        <div className="field">
          <label htmlFor={nameId} className="field-label">
            Name
          </label>
          <input id={nameId} className="input" value={name} onChange={(event) => setName(event.target.value)} autoFocus required maxLength={256} />
        </div>
        <div className="field">
          <label htmlFor={descriptionId} className="field-label">
            Description <span className="muted">(optional, markdown)</span>
          </label>
          <textarea id={descriptionId} className="textarea" rows={4} value={description} onChange={(event) => setDescription(event.target.value)} />
        </div>
        <fieldset className="registry-tag-rows">
          <legend className="field-label">Tags</legend>
          {tags.map((tag, index) => (
            <div key={tag.id} className="registry-tag-row">
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
      </div>
    </Dialog>
  );
}
