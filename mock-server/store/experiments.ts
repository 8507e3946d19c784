// SQL of the experiments service: rows, tags, stage changes and experiments/search.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { FilterClause, OrderByClause } from '../../src/lib/mlflow/filter/index.js';
import type { Db } from './database.js';
import { compareCondition } from './filter-conditions.js';
import type { Database, ExperimentsTable } from './schema.js';

export type ExperimentRow = Pick<
  ExperimentsTable,
  'name' | 'artifact_location' | 'lifecycle_stage' | 'creation_time' | 'last_update_time'
> & {
  experiment_id: number;
};

export function findExperimentRow(db: Db, id: number): Promise<ExperimentRow | undefined> {
  return db.selectFrom('experiments').selectAll().where('experiment_id', '=', id).executeTakeFirst();
}

/** Experiments of that name, active ones first. */
export function findExperimentRowsByName(db: Db, name: string): Promise<ExperimentRow[]> {
  return db.selectFrom('experiments').selectAll().where('name', '=', name).orderBy('lifecycle_stage').execute();
}

/** Whether another experiment (not `exceptId`) has this name. */
export async function experimentNameTaken(db: Db, name: string, exceptId?: number): Promise<boolean> {
  const clash = await db
    .selectFrom('experiments')
    .select('experiment_id')
    .where('name', '=', name)
    .$if(exceptId !== undefined, (query) => query.where('experiment_id', '!=', exceptId as number))
    .executeTakeFirst();
  return clash !== undefined;
}

export async function loadExperimentTags(db: Db, ids: readonly number[]): Promise<{ experiment_id: number; key: string; value: string }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('experiment_tags').selectAll().where('experiment_id', 'in', ids).execute();
}

/** Inserts an experiment with the given id (the default experiment) or a generated one; returns the id. */
export async function insertExperiment(
  db: Db,
  row: { experimentId?: number; name: string; artifactLocation: string; now: number },
): Promise<number> {
  const inserted = await db
    .insertInto('experiments')
    .values({
      ...(row.experimentId !== undefined ? { experiment_id: row.experimentId } : {}),
      name: row.name,
      artifact_location: row.artifactLocation,
      lifecycle_stage: 'active',
      creation_time: row.now,
      last_update_time: row.now,
    })
    .returning('experiment_id')
    .executeTakeFirstOrThrow();
  return inserted.experiment_id;
}

export async function updateExperiment(
  db: Db,
  id: number,
  changes: { name?: string; artifact_location?: string; last_update_time?: number },
): Promise<void> {
  await db.updateTable('experiments').set(changes).where('experiment_id', '=', id).execute();
}

/** Moves the experiment and every run in it to `stage`. */
export async function setExperimentAndRunsStage(db: Db, id: number, stage: string, now: number): Promise<void> {
  await db.updateTable('experiments').set({ lifecycle_stage: stage, last_update_time: now }).where('experiment_id', '=', id).execute();
  await db
    .updateTable('runs')
    .set({ lifecycle_stage: stage, deleted_time: stage === 'deleted' ? now : null })
    .where('experiment_id', '=', id)
    .execute();
}

export async function insertExperimentTags(db: Db, id: number, tags: readonly { key: string; value: string }[]): Promise<void> {
  if (tags.length === 0) return;
  await db
    .insertInto('experiment_tags')
    .values(tags.map((tag) => ({ experiment_id: id, key: tag.key, value: tag.value })))
    .execute();
}

export async function upsertExperimentTag(db: Db, id: number, key: string, value: string): Promise<void> {
  await db
    .insertInto('experiment_tags')
    .values({ experiment_id: id, key, value })
    .onConflict((conflict) => conflict.columns(['experiment_id', 'key']).doUpdateSet({ value }))
    .execute();
}

/** Deletes one tag; false when there was none. */
export async function deleteExperimentTagRow(db: Db, id: number, key: string): Promise<boolean> {
  const result = await db.deleteFrom('experiment_tags').where('experiment_id', '=', id).where('key', '=', key).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export interface ExperimentSearch {
  stages: string[];
  clauses: readonly FilterClause[];
  orderBy: readonly OrderByClause[];
  offset: number;
  limit: number;
}

/** experiments/search: MLflow's default order is creation_time DESC, experiment_id ASC. */
export async function searchExperimentRows(db: Db, search: ExperimentSearch): Promise<ExperimentRow[]> {
  let query = db
    .selectFrom('experiments')
    .selectAll()
    .where('lifecycle_stage', 'in', search.stages)
    .where((eb) => eb.and(search.clauses.map((clause) => experimentClause(eb, clause))));
  for (const clause of search.orderBy) {
    query = query.orderBy(clause.key as keyof ExperimentsTable, clause.ascending ? 'asc' : 'desc');
  }
  if (search.orderBy.length === 0) query = query.orderBy('creation_time', 'desc').orderBy('experiment_id', 'asc');
  else if (!search.orderBy.some((clause) => clause.key === 'experiment_id')) query = query.orderBy('experiment_id', 'desc');
  return query.limit(search.limit).offset(search.offset).execute();
}

function experimentClause(eb: ExpressionBuilder<Database, 'experiments'>, clause: FilterClause): Expression<SqlBool> {
  if (clause.type === 'tag') {
    return eb.exists(
      eb
        .selectFrom('experiment_tags')
        .select(sql`1`.as('one'))
        .whereRef('experiment_tags.experiment_id', '=', 'experiments.experiment_id')
        .where('experiment_tags.key', '=', clause.key)
        .where(compareCondition('experiment_tags.value', clause.op, clause.value)),
    );
  }
  return compareCondition(`experiments.${clause.key}`, clause.op, clause.value);
}
