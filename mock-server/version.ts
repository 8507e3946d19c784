/** The MLflow API version this server speaks, reported by /version (clients compare it). */
export const RUNBOARD_VERSION = '2.17.2';
