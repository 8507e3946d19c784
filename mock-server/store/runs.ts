// Rows of the runs table as the services read them.
import type { RunsTable } from './schema.js';

export type RunRow = Omit<RunsTable, 'deleted_time'>;

/** The input tag that holds a dataset's context (training, eval...), which filters can match. */
export const DATASET_CONTEXT_TAG = 'mlflow.data.context';
