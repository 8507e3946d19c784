#!/usr/bin/env node
// The `runboard` command: `runboard import ...` and `runboard export ...` move data between
// MLflow and Runboard; anything else (`runboard`, `runboard serve ...`) starts the server.
import { register } from 'tsx/esm/api';

const [command, ...rest] = process.argv.slice(2);

if (command === 'import' || command === 'export') {
  register();
  const module = command === 'import' ? await import('./import/import-cli.ts') : await import('./import/export-cli.ts');
  const run = command === 'import' ? module.importMain : module.exportMain;
  process.exitCode = await run(rest);
} else {
  // start.mjs reads its flags from process.argv.
  if (command === 'serve') process.argv.splice(2, 1);
  await import('./start.mjs');
}
