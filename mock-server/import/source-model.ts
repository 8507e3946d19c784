// What every import source (MLflow file store, MLflow SQLite database, live MLflow server) yields,
// in MLflow's own terms. The copier reads only these shapes, so sources stay independent of it.
import type { Readable } from 'node:stream';

export interface KeyValue {
  key: string;
  value: string;
}

export interface SourceExperiment {
  id: string;
  name: string;
  lifecycleStage: string;
  creationTime: number;
  lastUpdateTime: number;
  tags: KeyValue[];
}

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface SourceRun {
  runId: string;
  experimentId: string;
  name: string;
  userId: string;
  status: RunStatus;
  startTime: number;
  endTime: number | null;
  deletedTime: number | null;
  lifecycleStage: string;
  /** The artifact URI the source recorded (used to rewrite model version sources). */
  artifactUri: string;
}

export interface MetricPoint {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export interface SourceDatasetInput {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema: string | null;
  profile: string | null;
  tags: KeyValue[];
}

export interface SourceRunData {
  params: KeyValue[];
  tags: KeyValue[];
  metrics: MetricPoint[];
  inputs: SourceDatasetInput[];
}

export interface SourceArtifact {
  /** Relative to the run's artifact root, `/`-separated. */
  path: string;
  size: number;
  open: () => Promise<Readable>;
}

export interface SourceModelVersion {
  version: number;
  creationTime: number;
  lastUpdatedTime: number;
  description: string | null;
  userId: string | null;
  currentStage: string;
  source: string | null;
  runId: string | null;
  runLink: string | null;
  status: string;
  statusMessage: string | null;
  tags: KeyValue[];
}

export interface SourceRegisteredModel {
  name: string;
  creationTime: number;
  lastUpdatedTime: number;
  description: string | null;
  tags: KeyValue[];
  aliases: { alias: string; version: number }[];
  versions: SourceModelVersion[];
}

export interface ImportSource {
  /** Shown in progress and errors, e.g. `MLflow file store ./mlruns`. */
  readonly description: string;
  experiments: () => Promise<SourceExperiment[]>;
  runs: (experimentId: string) => Promise<SourceRun[]>;
  runData: (run: SourceRun) => Promise<SourceRunData>;
  artifacts: (run: SourceRun) => Promise<SourceArtifact[]>;
  registeredModels: () => Promise<SourceRegisteredModel[]>;
  /** Reads everything `runData` would and throws ImportSourceError on what it could not parse (before any write). */
  validate?: (runs: readonly SourceRun[]) => Promise<void>;
  close?: () => Promise<void>;
}

/** A source that cannot be read as what it claims to be: reported to the user, nothing written. */
export class ImportSourceError extends Error {
  override name = 'ImportSourceError';
}

const STATUS_BY_NUMBER: Record<number, RunStatus> = { 1: 'RUNNING', 2: 'SCHEDULED', 3: 'FINISHED', 4: 'FAILED', 5: 'KILLED' };

/** MLflow stores run status as the RunStatus enum's number in file stores, as its name elsewhere. */
export function parseRunStatus(value: unknown, where: string): RunStatus {
  const number = typeof value === 'string' && /^\d$/.test(value) ? Number(value) : value;
  if (typeof number === 'number' && STATUS_BY_NUMBER[number]) return STATUS_BY_NUMBER[number];
  if (typeof value === 'string' && Object.values(STATUS_BY_NUMBER).includes(value as RunStatus)) return value as RunStatus;
  throw new ImportSourceError(`${where}: unknown run status ${JSON.stringify(value)}.`);
}
