import type { ChangeLine } from '../utils/registry-change';

/** "Version 3: Staging → Production" lines of a pending change. */
export function ChangePreview({ lines }: { lines: readonly ChangeLine[] }) {
  return (
    <table className="change-preview" aria-label="What changes">
      <thead>
        <tr>
          <th scope="col">What</th>
          <th scope="col">Before</th>
          <th scope="col">
            <span className="visually-hidden">becomes</span>
          </th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.subject}>
            <th scope="row">{line.subject}</th>
            <td className="change-preview-before">{line.before}</td>
            <td className="change-preview-arrow" aria-hidden="true">
              →
            </td>
            <td className="change-preview-after">{line.after}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
