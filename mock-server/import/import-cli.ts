// `runboard import --from <source>`: copies an MLflow file store, SQLite database or live server
// into this server's store and artifact folder, then prints counts that can be checked against
// the source.
import { Command, CommanderError } from 'commander';
import { resolve } from 'node:path';
import { LocalArtifactStore } from '../artifacts/local-artifact-store.js';
import { ensureDefaultExperiment } from '../services/experiments.js';
import { openStore, parseBackendStoreUri, refreshPlannerStatistics, sqlitePathFromUri } from '../store/database.js';
import { ImportCopier, type ImportResult } from './copier.js';
import { FileStoreSource } from './file-store-source.js';
import { ImportProgress } from './progress.js';
import { RestSource } from './rest-source.js';
import { ImportSourceError, type ImportSource } from './source-model.js';
import { SqliteSource } from './sqlite-source.js';

interface ImportCliOptions {
  from: string;
  backendStoreUri: string;
  artifactsDestination: string;
  artifactsRoot?: string;
  progress: boolean;
}

/** `http(s)://` is a tracking server, `sqlite:///` an MLflow database, anything else a file store folder. */
export function sourceFor(from: string, artifactsRoot: string | undefined): ImportSource {
  if (/^https?:\/\//i.test(from)) return new RestSource(from);
  if (/^sqlite:\/\//i.test(from)) return new SqliteSource(sqlitePathFromUri(from), artifactsRoot);
  if (/^file:\/\//i.test(from)) return new FileStoreSource(resolve(new URL(from).pathname), artifactsRoot);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(from)) {
    throw new ImportSourceError(
      `Cannot import from '${from}': use an http(s):// MLflow server, a sqlite:/// database or an mlruns folder.`,
    );
  }
  return new FileStoreSource(resolve(from), artifactsRoot);
}

export function formatSummary(result: ImportResult): string {
  const width = Math.max(...result.summary.map((row) => row.what.length), 4);
  const lines = [`${'what'.padEnd(width)}  ${'source'.padStart(10)}  ${'runboard'.padStart(10)}`];
  for (const row of result.summary) {
    const mark = row.source === row.target ? '' : '  MISMATCH';
    lines.push(`${row.what.padEnd(width)}  ${String(row.source).padStart(10)}  ${String(row.target).padStart(10)}${mark}`);
  }
  lines.push(
    `${result.runsCopied} runs copied, ${result.runsAlreadyPresent} already here; ${result.artifactFilesCopied} artifact files (${result.artifactBytesCopied} bytes) copied.`,
  );
  return lines.join('\n');
}

function buildProgram(): Command {
  return new Command('runboard import')
    .description("Copy experiments, runs, artifacts and the model registry from MLflow into Runboard's store.")
    .requiredOption(
      '--from <source>',
      'an MLflow server (http://host:5000), an MLflow SQLite database (sqlite:///mlflow.db) or a file store folder (./mlruns)',
    )
    .option('--backend-store-uri <uri>', "Runboard's store, as for `runboard serve`", 'sqlite:///mlruns.db')
    .option('--artifacts-destination <dir>', "Runboard's artifact folder, as for `runboard serve`", './mlartifacts')
    .option('--artifacts-root <dir>', 'where the source keeps mlflow-artifacts:/ artifacts (its --artifacts-destination)')
    .option('--no-progress', 'no progress line on stderr')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
}

export async function importMain(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const options = program.opts<ImportCliOptions>();
  let source: ImportSource;
  try {
    parseBackendStoreUri(options.backendStoreUri);
    source = sourceFor(options.from, options.artifactsRoot ? resolve(options.artifactsRoot) : undefined);
  } catch (error) {
    process.stderr.write(`runboard import: ${(error as Error).message}\n`);
    return 2;
  }
  const store = await openStore(options.backendStoreUri);
  try {
    const target = { db: store.db, artifacts: new LocalArtifactStore(resolve(options.artifactsDestination)) };
    await ensureDefaultExperiment(target);
    process.stderr.write(`Importing from ${source.description}\n`);
    const result = await new ImportCopier(source, target, new ImportProgress(process.stderr, options.progress)).run();
    await refreshPlannerStatistics(store.db);
    process.stdout.write(`${formatSummary(result)}\n`);
    return result.summary.every((row) => row.source === row.target) ? 0 : 1;
  } catch (error) {
    if (error instanceof ImportSourceError) {
      process.stderr.write(`\nrunboard import: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await source.close?.();
    await store.close();
  }
}
