// An MLflow file store folder (`./mlruns`, MLflow 2.x's default backend), read as MLflow's
// FileStore writes it: `<exp>/meta.yaml`, `<exp>/tags/<key>`, `<exp>/<run>/meta.yaml`,
// `metrics/<key>` lines of `timestamp value step`, `params/<key>`, `tags/<key>`, `inputs/<id>/meta.yaml`
// pointing into `<exp>/datasets/<id>/meta.yaml`, deleted experiments under `.trash/`, and the
// registry under `models/<name>/` (`meta.yaml`, `tags/`, `aliases/`, `version-N/meta.yaml`, `version-N/tags/`).
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { listArtifactFiles, localArtifactFolder } from './artifact-folders.js';
import {
  ImportSourceError,
  parseRunStatus,
  type ImportSource,
  type KeyValue,
  type MetricPoint,
  type SourceArtifact,
  type SourceDatasetInput,
  type SourceExperiment,
  type SourceModelVersion,
  type SourceRegisteredModel,
  type SourceRun,
  type SourceRunData,
} from './source-model.js';

const TRASH_FOLDER = '.trash';
const MODELS_FOLDER = 'models';
/** Folders inside an experiment folder that are not runs. */
const EXPERIMENT_SUBFOLDERS = new Set(['tags', 'datasets', 'traces', 'models']);
const DELETED_VERSION_STAGE = 'Deleted_Internal';

type Meta = Record<string, unknown>;

async function readMeta(path: string): Promise<Meta> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ImportSourceError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    // Every scalar is read as text (failsafe schema) and converted field by field: a hex run id
    // such as 12e4… must stay a string, whatever YAML version's number rules would say.
    parsed = parseYaml(text, { schema: 'failsafe' });
  } catch (error) {
    throw new ImportSourceError(`${path} is not valid YAML: ${(error as Error).message.split('\n')[0] ?? ''}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ImportSourceError(`${path} does not hold an MLflow meta.yaml mapping.`);
  }
  return parsed as Meta;
}

/** PyYAML's spellings of None. */
const YAML_NULLS = new Set(['null', 'Null', 'NULL', '~']);

function requiredString(meta: Meta, field: string, path: string): string {
  const value = meta[field];
  if (typeof value === 'string' && value !== '' && !YAML_NULLS.has(value)) return value;
  throw new ImportSourceError(`${path}: the field '${field}' is missing.`);
}

function optionalString(meta: Meta, field: string): string | null {
  const value = meta[field];
  if (value === null || value === undefined || (typeof value === 'string' && YAML_NULLS.has(value))) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function optionalTime(meta: Meta, field: string, path: string): number | null {
  const text = optionalString(meta, field);
  if (text === null || text === '') return null;
  const value = Number(text);
  if (Number.isSafeInteger(value)) return value;
  throw new ImportSourceError(`${path}: '${field}' is not a time in milliseconds.`);
}

async function folders(path: string): Promise<string[]> {
  if (!existsSync(path)) return [];
  const entries = await readdir(path, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Files under `folder` (keys with `/` are nested folders), as key → file content. */
async function keyValueFiles(folder: string): Promise<KeyValue[]> {
  if (!existsSync(folder)) return [];
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const pairs: KeyValue[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    pairs.push({ key: relative(folder, full).split(sep).join('/'), value: await readFile(full, 'utf8') });
  }
  return pairs.sort((a, b) => a.key.localeCompare(b.key));
}

function parseMetricValue(text: string): number {
  if (text === 'inf' || text === 'Infinity') return Infinity;
  if (text === '-inf' || text === '-Infinity') return -Infinity;
  if (text === 'nan' || text === 'NaN') return NaN;
  return Number(text);
}

/** `timestamp value step` per line (old stores wrote `timestamp value`, step 0). */
export function parseMetricLines(key: string, text: string, path: string): MetricPoint[] {
  const points: MetricPoint[] = [];
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber += 1;
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const parts = trimmed.split(' ');
    const timestamp = Number(parts[0]);
    const value = parseMetricValue(parts[1] ?? '');
    const step = parts.length > 2 ? Number(parts[2]) : 0;
    if (
      parts.length < 2 ||
      parts.length > 3 ||
      !Number.isInteger(timestamp) ||
      !Number.isInteger(step) ||
      (Number.isNaN(value) && !/nan/i.test(parts[1] ?? ''))
    ) {
      throw new ImportSourceError(`${path}, line ${lineNumber}: expected 'timestamp value step', got '${trimmed.slice(0, 80)}'.`);
    }
    points.push({ key, value, timestamp, step });
  }
  return points;
}

export class FileStoreSource implements ImportSource {
  readonly description: string;
  /** Experiment id → its folder (active ones at the top level, deleted ones in .trash). */
  private readonly experimentFolders = new Map<string, string>();
  private readonly runFolders = new Map<string, string>();

  constructor(
    private readonly root: string,
    private readonly artifactsRoot?: string,
  ) {
    this.description = `MLflow file store ${root}`;
  }

  async experiments(): Promise<SourceExperiment[]> {
    if (!existsSync(this.root) || !(await stat(this.root)).isDirectory()) {
      throw new ImportSourceError(`${this.root} is not a folder: expected an MLflow file store such as ./mlruns.`);
    }
    const found: SourceExperiment[] = [];
    for (const base of [this.root, join(this.root, TRASH_FOLDER)]) {
      for (const name of await folders(base)) {
        if (base === this.root && (name === TRASH_FOLDER || name === MODELS_FOLDER)) continue;
        const folder = join(base, name);
        const metaPath = join(folder, 'meta.yaml');
        if (!existsSync(metaPath)) continue;
        const meta = await readMeta(metaPath);
        const id = requiredString(meta, 'experiment_id', metaPath);
        if (id !== name) throw new ImportSourceError(`${metaPath}: experiment_id '${id}' does not match its folder '${name}'.`);
        const lifecycleStage = requiredString(meta, 'lifecycle_stage', metaPath);
        const creationTime = optionalTime(meta, 'creation_time', metaPath) ?? 0;
        this.experimentFolders.set(id, folder);
        found.push({
          id,
          name: requiredString(meta, 'name', metaPath),
          lifecycleStage,
          creationTime,
          lastUpdateTime: optionalTime(meta, 'last_update_time', metaPath) ?? creationTime,
          tags: await keyValueFiles(join(folder, 'tags')),
        });
      }
    }
    if (found.length === 0)
      throw new ImportSourceError(`${this.root} holds no MLflow experiment (no <id>/meta.yaml): is it an mlruns folder?`);
    return found;
  }

  async runs(experimentId: string): Promise<SourceRun[]> {
    const experimentFolder = this.experimentFolders.get(experimentId);
    if (!experimentFolder) return [];
    const runs: SourceRun[] = [];
    for (const name of await folders(experimentFolder)) {
      if (EXPERIMENT_SUBFOLDERS.has(name)) continue;
      const folder = join(experimentFolder, name);
      const metaPath = join(folder, 'meta.yaml');
      if (!existsSync(metaPath)) continue;
      const meta = await readMeta(metaPath);
      const runId = requiredString(meta, 'run_id', metaPath);
      if (runId !== name) throw new ImportSourceError(`${metaPath}: run_id '${runId}' does not match its folder '${name}'.`);
      const startTime = optionalTime(meta, 'start_time', metaPath);
      if (startTime === null) throw new ImportSourceError(`${metaPath}: the field 'start_time' is missing.`);
      this.runFolders.set(runId, folder);
      runs.push({
        runId,
        experimentId,
        name: optionalString(meta, 'run_name') ?? '',
        userId: optionalString(meta, 'user_id') ?? '',
        status: parseRunStatus(meta.status, metaPath),
        startTime,
        endTime: optionalTime(meta, 'end_time', metaPath),
        deletedTime: optionalTime(meta, 'deleted_time', metaPath),
        lifecycleStage: requiredString(meta, 'lifecycle_stage', metaPath),
        artifactUri: optionalString(meta, 'artifact_uri') ?? '',
      });
    }
    return runs;
  }

  private runFolder(run: SourceRun): string {
    const folder = this.runFolders.get(run.runId);
    if (!folder) throw new ImportSourceError(`Run ${run.runId} was not listed from ${this.root}.`);
    return folder;
  }

  async runData(run: SourceRun): Promise<SourceRunData> {
    const folder = this.runFolder(run);
    const metricsFolder = join(folder, 'metrics');
    const metrics: MetricPoint[] = [];
    if (existsSync(metricsFolder)) {
      const entries = await readdir(metricsFolder, { recursive: true, withFileTypes: true });
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const full = join(entry.parentPath, entry.name);
        const key = relative(metricsFolder, full).split(sep).join('/');
        for (const point of parseMetricLines(key, await readFile(full, 'utf8'), full)) metrics.push(point);
      }
    }
    const tags = await keyValueFiles(join(folder, 'tags'));
    if (run.name === '') run.name = tags.find((tag) => tag.key === 'mlflow.runName')?.value ?? '';
    return { params: await keyValueFiles(join(folder, 'params')), tags, metrics, inputs: await this.runInputs(run, folder) };
  }

  /** Parses every metrics file and input of these runs, so a malformed one stops the import before it writes. */
  async validate(runs: readonly SourceRun[]): Promise<void> {
    for (const run of runs) {
      const folder = this.runFolder(run);
      const metricsFolder = join(folder, 'metrics');
      if (existsSync(metricsFolder)) {
        const entries = await readdir(metricsFolder, { recursive: true, withFileTypes: true });
        for (const entry of entries) {
          if (!entry.isFile()) continue;
          const full = join(entry.parentPath, entry.name);
          parseMetricLines(entry.name, await readFile(full, 'utf8'), full);
        }
      }
      await this.runInputs(run, folder);
    }
  }

  private async runInputs(run: SourceRun, runFolder: string): Promise<SourceDatasetInput[]> {
    const inputsFolder = join(runFolder, 'inputs');
    const experimentFolder = this.experimentFolders.get(run.experimentId) ?? '';
    const inputs: SourceDatasetInput[] = [];
    for (const name of await folders(inputsFolder)) {
      const metaPath = join(inputsFolder, name, 'meta.yaml');
      const meta = await readMeta(metaPath);
      if (meta.source_type !== 'DATASET') continue;
      const datasetId = requiredString(meta, 'source_id', metaPath);
      const datasetPath = join(experimentFolder, 'datasets', datasetId, 'meta.yaml');
      const dataset = await readMeta(datasetPath);
      const rawTags = meta.tags;
      const tags =
        typeof rawTags === 'object' && rawTags !== null
          ? Object.entries(rawTags).map(([key, value]) => ({ key, value: String(value) }))
          : [];
      inputs.push({
        name: requiredString(dataset, 'name', datasetPath),
        digest: requiredString(dataset, 'digest', datasetPath),
        sourceType: requiredString(dataset, 'source_type', datasetPath),
        source: requiredString(dataset, 'source', datasetPath),
        schema: optionalString(dataset, 'schema'),
        profile: optionalString(dataset, 'profile'),
        tags,
      });
    }
    return inputs;
  }

  artifacts(run: SourceRun): Promise<SourceArtifact[]> {
    const folder = localArtifactFolder(run.artifactUri, this.artifactsRoot, join(this.runFolder(run), 'artifacts'));
    return listArtifactFiles(folder);
  }

  async registeredModels(): Promise<SourceRegisteredModel[]> {
    const modelsFolder = join(this.root, MODELS_FOLDER);
    const models: SourceRegisteredModel[] = [];
    for (const folderName of await folders(modelsFolder)) {
      const folder = join(modelsFolder, folderName);
      const metaPath = join(folder, 'meta.yaml');
      const meta = await readMeta(metaPath);
      const name = requiredString(meta, 'name', metaPath);
      const versions: SourceModelVersion[] = [];
      for (const versionFolder of await folders(folder)) {
        if (!/^version-\d+$/.test(versionFolder)) continue;
        const versionMetaPath = join(folder, versionFolder, 'meta.yaml');
        const versionMeta = await readMeta(versionMetaPath);
        const stage = optionalString(versionMeta, 'current_stage') ?? 'None';
        if (stage === DELETED_VERSION_STAGE) continue;
        const creationTime = optionalTime(versionMeta, 'creation_timestamp', versionMetaPath) ?? 0;
        versions.push({
          version: Number(requiredString(versionMeta, 'version', versionMetaPath)),
          creationTime,
          lastUpdatedTime: optionalTime(versionMeta, 'last_updated_timestamp', versionMetaPath) ?? creationTime,
          description: optionalString(versionMeta, 'description'),
          userId: optionalString(versionMeta, 'user_id'),
          currentStage: stage,
          source: optionalString(versionMeta, 'source'),
          runId: optionalString(versionMeta, 'run_id'),
          runLink: optionalString(versionMeta, 'run_link'),
          status: optionalString(versionMeta, 'status') ?? 'READY',
          statusMessage: optionalString(versionMeta, 'status_message'),
          tags: await keyValueFiles(join(folder, versionFolder, 'tags')),
        });
      }
      const aliases = (await keyValueFiles(join(folder, 'aliases'))).map((pair) => ({
        alias: pair.key,
        version: Number(pair.value.trim()),
      }));
      const creationTime = optionalTime(meta, 'creation_timestamp', metaPath) ?? 0;
      models.push({
        name,
        creationTime,
        lastUpdatedTime: optionalTime(meta, 'last_updated_timestamp', metaPath) ?? creationTime,
        description: optionalString(meta, 'description'),
        tags: await keyValueFiles(join(folder, 'tags')),
        aliases,
        versions: versions.sort((a, b) => a.version - b.version),
      });
    }
    return models;
  }
}
