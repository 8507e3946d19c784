// Datasets are shared by (name, digest): logging the same dataset again, to any run, links the one row.
import { randomUUID } from 'node:crypto';
import type { Db } from './database.js';

export interface DatasetFields {
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema?: string | null;
  profile?: string | null;
}

/** The dataset's uuid, inserting it (under `experimentId`) when no dataset has its name and digest. */
export async function findOrCreateDataset(trx: Db, experimentId: number, dataset: DatasetFields): Promise<string> {
  const existing = await trx
    .selectFrom('datasets')
    .select('dataset_uuid')
    .where('name', '=', dataset.name)
    .where('digest', '=', dataset.digest)
    .executeTakeFirst();
  if (existing) return existing.dataset_uuid;
  const datasetUuid = randomUUID().replaceAll('-', '');
  await trx
    .insertInto('datasets')
    .values({
      dataset_uuid: datasetUuid,
      experiment_id: experimentId,
      name: dataset.name,
      digest: dataset.digest,
      dataset_source_type: dataset.source_type,
      dataset_source: dataset.source,
      dataset_schema: dataset.schema ?? null,
      dataset_profile: dataset.profile ?? null,
    })
    .execute();
  return datasetUuid;
}
