// Placeholder so the app builds; the owning engineer replaces this page.
export function ModelPage() {
  return (
    <div className="page">
      <h1>Model registry</h1>
      <p className="muted">The registered model's versions will be shown here.</p>
    </div>
  );
}
