// Placeholder so the app builds; the owning engineer replaces this page.
export function ModelsPage() {
  return (
    <div className="page">
      <h1>Model registry</h1>
      <p className="muted">Registered models will be listed here.</p>
    </div>
  );
}
