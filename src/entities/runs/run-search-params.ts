// What a runs/search asks for, and the filters the app builds for it.
import type { ViewType } from '../../lib/mlflow/wire-types';

export interface SearchRunsParams {
  experimentIds: readonly string[];
  filter: string;
  orderBy: readonly string[];
  runViewType: ViewType;
}

const quoteId = (id: string) => `'${id.replaceAll("'", '')}'`;

/** Joins non-empty filter clauses with AND. */
export function joinFilters(clauses: readonly string[]): string {
  return clauses.filter((clause) => clause.trim()).join(' AND ');
}

/** Filter for the children of one parent run, within `baseFilter`. */
export function childRunsFilter(parentRunId: string, baseFilter: string): string {
  return joinFilters([baseFilter, `tags.\`mlflow.parentRunId\` = ${quoteId(parentRunId)}`]);
}

/** Filter for a fixed set of runs. Run ids are lower-case hex. */
export function runIdsFilter(runIds: readonly string[]): string {
  return `attributes.run_id IN (${runIds.map(quoteId).join(', ')})`;
}
