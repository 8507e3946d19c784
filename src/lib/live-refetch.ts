/**
 * How often a page showing a RUNNING run asks for its new values (charts, the run and its metric
 * page): a logged point shows within ~2 s. Polling stops once no visible run is RUNNING.
 */
export const LIVE_REFETCH_MS = 1000;
