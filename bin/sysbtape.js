#!/usr/bin/env node
// Entry of the `sysbtape` command. It runs the compiled CLI in dist/cli/ (built by `npm run build:cli`,
// which `npm ci` runs) while that is newer than every source file, else the TypeScript sources through
// Node's own type stripping (Node >= 22.18), so an edit is live at once and a clone without a build works.
// When started by an older system Node, re-run under the project's Node 22 from node_modules (the node@22 package).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import nodeModule from 'node:module';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [major, minor] = process.versions.node.split('.').map(Number);
const recent = major > 22 || (major === 22 && minor >= 18);
if (!recent) {
  const node22 = path.join(root, 'node_modules', '.bin', 'node');
  if (!existsSync(node22)) {
    process.stderr.write(`sysbtape: needs Node 22.18 or newer (this is ${process.version}); run 'npm ci' first.\n`);
    process.exit(2);
  }
  // Loaded only here: node:child_process costs every start ~3 ms.
  const { spawnSync } = await import('node:child_process');
  const result = spawnSync(node22, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

// A reader that stops early (`sysbtape list IMAGE | head`) closes our stdout: end quietly, as `ls` does,
// instead of dying on an unhandled EPIPE. A closed stderr only loses progress lines: keep working.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
process.stderr.on('error', (err) => {
  if (err.code !== 'EPIPE') throw err;
});

/**
 * Newest modification time (ms) of the .ts files under `dir`. Every start of the command pays for this
 * walk, so it is one folder at a time and joins names by hand: readdirSync's `recursive` option and
 * path.join made it ~7 ms instead of ~2 ms.
 */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

/**
 * The compiled CLI when it is newer than every source (and SYSBTAPE_SOURCES is not set), else undefined:
 * the bundle (dist/cli/bundle, fewest files to load) or, from a build before bundling, the plain tsc output.
 */
function compiledCli() {
  if (process.env.SYSBTAPE_SOURCES) return undefined;
  for (const compiled of [path.join(root, 'dist', 'cli', 'bundle', 'cli.js'), path.join(root, 'dist', 'cli', 'electron', 'cli.js')]) {
    const built = statSync(compiled, { throwIfNoEntry: false })?.mtimeMs;
    if (built === undefined) continue;
    return built > Math.max(newestSource(path.join(root, 'electron')), newestSource(path.join(root, 'shared'))) ? compiled : undefined;
  }
  return undefined;
}

// Keep compiled code between runs (in the system temp dir): scripts that call sysbtape many times feel it.
nodeModule.enableCompileCache?.();
const entry = compiledCli();
if (!entry) {
  // Type stripping prints an ExperimentalWarning on Node 22; it is noise for operators.
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    if (w.name !== 'ExperimentalWarning') process.stderr.write(`${w.name}: ${w.message}\n`);
  });
}
const { main } = await import(pathToFileURL(entry ?? path.join(root, 'electron', 'cli.ts')).href);
process.exitCode = await main(process.argv.slice(2));
