/**
 * Builds the `sysbtape` command for fast starts (issue 15, "A fast CLI"), in two steps:
 *  1. tsc emits electron/ and shared/ as JavaScript into OUT (default dist/cli): no type stripping at
 *     each start. Worker threads (SHA-256, st ioctls, SG_IO, job steps) run from this tree.
 *  2. rolldown bundles OUT/electron/cli.js into OUT/bundle/: the entry with what every command needs in
 *     one file, and each command (loaded on demand by command-index.ts) with what it adds in a chunk.
 *     A short command then reads a handful of files instead of ~50 and skips their resolution (~10 ms
 *     of a `tape list` that takes ~80). Packages in node_modules stay outside the bundle (better-sqlite3
 *     is native; the others are loaded from where npm put them, as before).
 * bin/sysbtape.js runs OUT/bundle/cli.js while it is newer than every source.
 * Usage: node build/build-cli.ts [OUT]   (OUT must sit two folders below the repository, like dist/cli:
 * electron/sim/embedded-host.ts finds the simulated AIX commands from there.)
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.resolve(root, process.argv[2] ?? path.join('dist', 'cli'));
const bundleDir = path.join(out, 'bundle');

/**
 * Gives each bundled module the URL of its own compiled file instead of the bundle's: modules find
 * their workers (`new URL('./sha256-worker.js', import.meta.url)`), their packages (createRequire) and
 * the simulated AIX commands relative to themselves, and in a bundle every module would share one URL.
 * The URL is written relative to the bundle's folder, so a moved checkout keeps working.
 */
function ownModuleUrl(): Plugin {
  return {
    name: 'sysbtape-own-module-url',
    transform(code, id) {
      if (/import\.meta\.(dirname|filename)/.test(code)) {
        // Not rewritten below: would silently point into the bundle folder.
        throw new Error(`${id}: use import.meta.url (import.meta.dirname/filename are not supported in the CLI bundle)`);
      }
      if (!code.includes('import.meta.url')) return null;
      const rel = path.relative(bundleDir, id).split(path.sep).join('/');
      return code.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
    },
  };
}

const tsc = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'build/tsconfig.cli.json', '--outDir', out],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

rmSync(bundleDir, { recursive: true, force: true });
// The bundle only makes starts faster: if rolldown cannot run here (no native binding for this platform),
// say so once and keep the tsc output, which bin/sysbtape.js runs instead. npm ci must not fail for it.
try {
  const { build } = await import('rolldown');
  await build({
    input: { cli: path.join(out, 'electron', 'cli.js') },
    platform: 'node',
    // Only our own modules (relative imports) go in; node: built-ins and packages stay imports.
    external: (id) => id.startsWith('node:') || builtinModules.includes(id) || !(id.startsWith('.') || path.isAbsolute(id)),
    plugins: [ownModuleUrl()],
    logLevel: 'warn',
    output: {
      dir: bundleDir,
      format: 'esm',
      entryFileNames: '[name].js',
      // Chunks beside the entry: every bundled file is in bundleDir, which ownModuleUrl's paths assume.
      chunkFileNames: '[name]-[hash].js',
    },
  });
} catch (err) {
  rmSync(bundleDir, { recursive: true, force: true });
  process.stderr.write(`sysbtape: the CLI bundle was not built (${(err as Error).message}); the CLI runs the tsc output in ${out}\n`);
}
