// Placeholder so the app builds; the owning engineer replaces this page.
export function ModelVersionPage() {
  return (
    <div className="page">
      <h1>Model registry</h1>
      <p className="muted">This model version will be shown here.</p>
    </div>
  );
}
