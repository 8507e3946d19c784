// `runboard export --to <url>`: sends this store's data to an MLflow tracking server.
import { Command, CommanderError } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LocalArtifactStore } from '../artifacts/local-artifact-store.js';
import { openStore, sqlitePathFromUri } from '../store/database.js';
import { MlflowExporter } from './mlflow-exporter.js';
import { ImportProgress } from './progress.js';
import { RunboardStoreSource } from './runboard-store-source.js';
import { ImportSourceError } from './source-model.js';

interface ExportCliOptions {
  to: string;
  backendStoreUri: string;
  artifactsDestination: string;
  mappingFile?: string;
  progress: boolean;
}

function buildProgram(): Command {
  return new Command('runboard export')
    .description("Send Runboard's experiments, runs, artifacts and model registry to an MLflow tracking server.")
    .requiredOption('--to <url>', 'the MLflow tracking server, e.g. http://mlflow.example:5000')
    .option('--backend-store-uri <uri>', "Runboard's store, as for `runboard serve`", 'sqlite:///mlruns.db')
    .option('--artifacts-destination <dir>', "Runboard's artifact folder, as for `runboard serve`", './mlartifacts')
    .option('--mapping-file <path>', 'also write the Runboard → MLflow run id mapping to this JSON file')
    .option('--no-progress', 'no progress line on stderr')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
}

export async function exportMain(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const options = program.opts<ExportCliOptions>();
  if (!/^https?:\/\/[^/]+/i.test(options.to)) {
    process.stderr.write(`runboard export: --to must be an http(s) URL of an MLflow server, not '${options.to}'.\n`);
    return 2;
  }
  try {
    sqlitePathFromUri(options.backendStoreUri);
  } catch (error) {
    process.stderr.write(`runboard export: ${(error as Error).message}\n`);
    return 2;
  }
  const store = await openStore(options.backendStoreUri);
  try {
    const source = new RunboardStoreSource(store.db, new LocalArtifactStore(resolve(options.artifactsDestination)));
    const result = await new MlflowExporter(source, options.to, new ImportProgress(process.stderr, options.progress)).run();
    if (options.mappingFile) writeFileSync(options.mappingFile, `${JSON.stringify(result.runIds, null, 2)}\n`);
    process.stdout.write(
      `${result.runsSent} runs sent (${result.metricPointsSent} metric points, ${result.artifactFilesSent} artifact files, ${result.artifactBytesSent} bytes), ` +
        `${result.runsAlreadyThere} already there; ${result.versionsSent} model versions sent.\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ImportSourceError) {
      process.stderr.write(`\nrunboard export: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}
