import type { ArtifactStore } from '../artifacts/artifact-store.js';
import type { Db } from '../store/database.js';

/** What every service works with: the database and the artifact store. */
export interface ServerContext {
  db: Db;
  artifacts: ArtifactStore;
  /** Runboard's additions to MLflow's API (e.g. OR in runs filters); off, the server answers as MLflow. Default on. */
  runboardExtensions?: boolean;
}
