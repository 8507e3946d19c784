// Placeholder so the app builds; the owning engineer replaces this page.
export function ComparePage() {
  return (
    <div className="page">
      <h1>Compare runs</h1>
      <p className="muted">Run comparison will be shown here.</p>
    </div>
  );
}
