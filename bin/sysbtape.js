#!/usr/bin/env node
// Entry of the `sysbtape` command. The CLI is TypeScript run by Node's own type stripping
// (Node >= 22.18), so there is no build step between editing and running. When started by an
// older system Node, re-run under the project's Node 22 from node_modules (the node@22 package).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nodeModule from 'node:module';
import path from 'node:path';

const [major, minor] = process.versions.node.split('.').map(Number);
const recent = major > 22 || (major === 22 && minor >= 18);
if (!recent) {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const node22 = path.join(root, 'node_modules', '.bin', 'node');
  if (!existsSync(node22)) {
    process.stderr.write(`sysbtape: needs Node 22.18 or newer (this is ${process.version}); run 'npm ci' first.\n`);
    process.exit(2);
  }
  const result = spawnSync(node22, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
// Keep compiled code between runs (in the system temp dir): about a fifth off every start, which
// scripts that call sysbtape many times feel.
nodeModule.enableCompileCache?.();
// Type stripping still prints an ExperimentalWarning on Node 22; it is noise for operators.
process.removeAllListeners('warning');
process.on('warning', (w) => { if (w.name !== 'ExperimentalWarning') process.stderr.write(`${w.name}: ${w.message}\n`); });
const { main } = await import('../electron/cli.ts');
process.exitCode = await main(process.argv.slice(2));
