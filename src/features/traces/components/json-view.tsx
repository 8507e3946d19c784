// A collapsible JSON tree for span inputs, outputs, attributes and events. Children render only
// once their node is opened, and long arrays or objects show their entries a page at a time, so
// a multi-megabyte value costs nothing until someone expands it. Each node is a native
// <details>, keyboard- and screen-reader-friendly as it is.
import { useState } from 'react';

const PAGE = 100;

type Entry = [string, unknown];

function entriesOf(value: object): Entry[] {
  return Array.isArray(value) ? value.map((item, index): Entry => [String(index), item]) : Object.entries(value);
}

function summary(value: object): string {
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  const count = Object.keys(value).length;
  return `{${count} key${count === 1 ? '' : 's'}}`;
}

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === 'string') return <span className="json-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="json-boolean">{String(value)}</span>;
  return (
    <span className="json-null">{value === undefined ? 'undefined' : typeof value === 'bigint' ? value.toString() : typeof value}</span>
  );
}

function Node({ name, value, defaultOpen }: { name: string | undefined; value: unknown; defaultOpen: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const [shown, setShown] = useState(PAGE);
  const label = name === undefined ? null : <span className="json-key">{name}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-leaf">
        {label}
        <Scalar value={value} />
      </div>
    );
  }
  const entries = open ? entriesOf(value) : [];
  return (
    <details className="json-node" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        {label}
        <span className="json-summary">{summary(value)}</span>
      </summary>
      {open && (
        <div className="json-children">
          {entries.slice(0, shown).map(([key, item]) => (
            <Node key={key} name={key} value={item} defaultOpen={false} />
          ))}
          {entries.length > shown && (
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => setShown(shown + PAGE)}>
              Show {Math.min(PAGE, entries.length - shown)} more of {entries.length - shown}
            </button>
          )}
        </div>
      )}
    </details>
  );
}

/** The value as a tree, its first level open. */
export function JsonView({ value, label }: { value: unknown; label: string }) {
  return (
    <div className="json-view mono" role="group" aria-label={label}>
      <Node name={undefined} value={value} defaultOpen />
    </div>
  );
}
