// Writes an MLflow file store folder the way MLflow 2.x's FileStore does (meta.yaml from
// yaml.safe_dump with sorted keys, one file per param / tag, `timestamp value step` metric
// lines, datasets under the experiment, inputs under the run, the registry under models/).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface FileStoreRun {
  runId: string;
  name: string;
  user: string;
  status: 1 | 2 | 3 | 4 | 5;
  startTime: number;
  endTime: number | null;
  lifecycleStage?: 'active' | 'deleted';
  params: Record<string, string>;
  tags: Record<string, string>;
  /** key → lines of [timestamp, value, step] */
  metrics: Record<string, [number, number | string, number][]>;
  artifacts?: Record<string, string | Buffer>;
  datasets?: { id: string; name: string; digest: string; source: string; context: string }[];
}

function write(path: string, content: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

export function writeExperiment(
  root: string,
  id: string,
  name: string,
  options: { deleted?: boolean; tags?: Record<string, string> } = {},
): string {
  const folder = join(options.deleted ? join(root, '.trash') : root, id);
  write(
    join(folder, 'meta.yaml'),
    `artifact_location: ${pathToFileURL(join(root, id)).href}\ncreation_time: 1700000000000\nexperiment_id: '${id}'\nlast_update_time: 1700000050000\nlifecycle_stage: ${options.deleted ? 'deleted' : 'active'}\nname: ${name}\n`,
  );
  for (const [key, value] of Object.entries(options.tags ?? {})) write(join(folder, 'tags', key), value);
  return folder;
}

export function writeRun(experimentFolder: string, experimentId: string, run: FileStoreRun): void {
  const folder = join(experimentFolder, run.runId);
  const endTime = run.endTime === null ? 'null' : String(run.endTime);
  write(
    join(folder, 'meta.yaml'),
    [
      `artifact_uri: ${pathToFileURL(join(folder, 'artifacts')).href}`,
      `end_time: ${endTime}`,
      "entry_point_name: ''",
      `experiment_id: '${experimentId}'`,
      `lifecycle_stage: ${run.lifecycleStage ?? 'active'}`,
      `run_id: ${run.runId}`,
      `run_name: ${run.name}`,
      `run_uuid: ${run.runId}`,
      "source_name: ''",
      'source_type: 4',
      "source_version: ''",
      `start_time: ${run.startTime}`,
      `status: ${run.status}`,
      'tags: []',
      `user_id: ${run.user}`,
      '',
    ].join('\n'),
  );
  for (const [key, value] of Object.entries(run.params)) write(join(folder, 'params', key), value);
  for (const [key, value] of Object.entries(run.tags)) write(join(folder, 'tags', key), value);
  for (const [key, lines] of Object.entries(run.metrics)) {
    write(join(folder, 'metrics', key), lines.map(([timestamp, value, step]) => `${timestamp} ${value} ${step}\n`).join(''));
  }
  mkdirSync(join(folder, 'artifacts'), { recursive: true });
  for (const [path, content] of Object.entries(run.artifacts ?? {})) write(join(folder, 'artifacts', path), content);
  for (const dataset of run.datasets ?? []) {
    write(
      join(experimentFolder, 'datasets', dataset.id, 'meta.yaml'),
      `digest: ${dataset.digest}\nname: ${dataset.name}\nprofile: '{"num_rows": 10}'\nschema: '{"mlflow_colspec": []}'\nsource: '{"uri": "${dataset.source}"}'\nsource_type: local\n`,
    );
    write(
      join(folder, 'inputs', `input-${dataset.id}`, 'meta.yaml'),
      `destination_id: ${run.runId}\ndestination_type: RUN\nsource_id: ${dataset.id}\nsource_type: DATASET\ntags:\n  mlflow.data.context: ${dataset.context}\n`,
    );
  }
}

export interface FileStoreModel {
  name: string;
  description: string;
  tags: Record<string, string>;
  aliases: Record<string, number>;
  versions: { version: number; stage: string; source: string; runId: string; tags: Record<string, string> }[];
}

export function writeRegisteredModel(root: string, model: FileStoreModel): void {
  const folder = join(root, 'models', model.name);
  write(
    join(folder, 'meta.yaml'),
    `creation_timestamp: 1700000200000\ndescription: ${model.description}\nlast_updated_timestamp: 1700000300000\nname: ${model.name}\n`,
  );
  for (const [key, value] of Object.entries(model.tags)) write(join(folder, 'tags', key), value);
  for (const [alias, version] of Object.entries(model.aliases)) write(join(folder, 'aliases', alias), String(version));
  for (const version of model.versions) {
    const versionFolder = join(folder, `version-${version.version}`);
    write(
      join(versionFolder, 'meta.yaml'),
      [
        `creation_timestamp: ${1700000200000 + version.version}`,
        `current_stage: ${version.stage}`,
        "description: ''",
        `last_updated_timestamp: ${1700000250000 + version.version}`,
        `name: ${model.name}`,
        `run_id: ${version.runId}`,
        "run_link: ''",
        `source: ${version.source}`,
        'status: READY',
        "status_message: ''",
        'user_id: alice',
        `version: ${version.version}`,
        '',
      ].join('\n'),
    );
    for (const [key, value] of Object.entries(version.tags)) write(join(versionFolder, 'tags', key), value);
  }
}
