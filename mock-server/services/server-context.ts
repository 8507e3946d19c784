import type { ArtifactStore } from '../artifacts/artifact-store.js';
import type { Db } from '../store/database.js';

/** What every service works with: the database and the artifact store. */
export interface ServerContext {
  db: Db;
  artifacts: ArtifactStore;
}
