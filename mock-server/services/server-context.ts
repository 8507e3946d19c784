import type { ArtifactStore } from '../artifacts/artifact-store.js';
import type { Db } from '../store/database.js';

/** What every service works with: the database and the artifact store. */
export interface ServerContext {
  db: Db;
  artifacts: ArtifactStore;
  /** Runboard's additions to MLflow's API (e.g. OR in runs filters); off, the server answers as MLflow. Default on. */
  runboardExtensions?: boolean;
  /** `--default-artifact-root`: where new experiments' artifacts go; default `mlflow-artifacts:/` (proxied). */
  defaultArtifactRoot?: string;
  /** `--serve-artifacts` (default on); off, the mlflow-artifacts proxy routes answer 503 as MLflow's do. */
  serveArtifacts?: boolean;
  /** Stores of a direct default artifact root (`file://`, `s3://`) that clients write to themselves. */
  directArtifactStores?: ArtifactStore[];
}
