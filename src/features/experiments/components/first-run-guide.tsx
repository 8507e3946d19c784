import './first-run-guide.css';

const PYTHON_SNIPPET = `import mlflow

mlflow.set_tracking_uri("http://localhost:5000")
mlflow.set_experiment("my-first-experiment")

with mlflow.start_run(run_name="hello"):
    mlflow.log_param("learning_rate", 0.01)
    for step in range(100):
        mlflow.log_metric("loss", 1 / (step + 1), step=step)`;

/** Shown while the server holds nothing but the empty Default experiment. */
export function FirstRunGuide() {
  return (
    <section className="first-run panel" aria-labelledby="first-run-title">
      <div className="panel-body">
        <h2 id="first-run-title">Log your first run</h2>
        <p className="muted">
          Nothing has been tracked yet. Point MLflow’s Python client at this server (<code>pip install mlflow</code>), run a script like this one, and
          the run appears here.
        </p>
        <pre className="first-run-code" aria-label="Python example">
          <code>{PYTHON_SNIPPET}</code>
        </pre>
        <h3>Or start with demo data</h3>
        <p className="muted">
          <code>npm start</code> loads demo experiments, sweeps and models on its first start. With a server already set up, run{' '}
          <code>node mock-server/start.mjs --demo</code>.
        </p>
      </div>
    </section>
  );
}
