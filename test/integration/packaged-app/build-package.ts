/**
 * Builds the app and packages it with electron-builder (`--linux dir`) in a temp dir, against a stand-in
 * Electron distribution: the real binary cannot be downloaded here, and nothing may be downloaded at all.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '..', '..', '..');

/** What `npm run build` reads: sources, configs and the manifest (renderer/dist is rebuilt). */
const SOURCES = ['package.json', 'package-lock.json', 'tsconfig.json', 'build', 'electron', 'shared', 'renderer'];

/** The fuse sentinel of @electron/fuses, followed by wire version 1 and 8 fuses, all on ('1'). */
const FUSE_WIRE = Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), Buffer.from('11111111')]);

/** Where everything landed. */
export interface PackagedBuild {
  /** The temp copy of the project that was built (dist/, renderer/dist/, node_modules hard links). */
  projectDir: string;
  /** electron-builder's linux-unpacked folder. */
  unpackedDir: string;
  /** resources/app.asar inside it. */
  asar: string;
  /** The empty download cache electron-builder was given: anything in it was downloaded. */
  downloadCache: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
}

/**
 * A stand-in for Electron's Linux zip, unpacked: electron-builder copies the folder, renames `electron` to the
 * app's executable and flips the fuses in it, so the file carries a fuse wire; `version` names the release.
 */
function writeElectronStandIn(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const script = Buffer.from("#!/bin/sh\necho 'stand-in for the Electron binary: it cannot run the app' >&2\nexit 1\n# ");
  fs.writeFileSync(path.join(dir, 'electron'), Buffer.concat([script, FUSE_WIRE, Buffer.from('\n')]), { mode: 0o755 });
  const electronManifest = fs.readFileSync(path.join(repo, 'node_modules/electron/package.json'), 'utf8');
  fs.writeFileSync(path.join(dir, 'version'), (JSON.parse(electronManifest) as { version: string }).version);
}

/** Env that makes any download fail fast: a dead proxy and empty caches. */
function offlineEnv(cache: string): NodeJS.ProcessEnv {
  const deadProxy = 'http://127.0.0.1:9';
  return {
    ...process.env,
    ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
    ELECTRON_BUILDER_CACHE: cache,
    ELECTRON_CACHE: cache,
    HTTPS_PROXY: deadProxy,
    HTTP_PROXY: deadProxy,
    https_proxy: deadProxy,
    http_proxy: deadProxy,
    NO_PROXY: '',
    no_proxy: '',
  };
}

/** Copies the sources to `tmp`, runs `npm run build` there, then electron-builder with the project's config. */
export function buildPackagedApp(tmp: string): PackagedBuild {
  const projectDir = path.join(tmp, 'project');
  for (const entry of SOURCES) {
    const builtRenderer = path.join(repo, 'renderer', 'dist');
    fs.cpSync(path.join(repo, entry), path.join(projectDir, entry), { recursive: true, filter: (src) => !src.startsWith(builtRenderer) });
  }
  // Hard links: a copy of node_modules in a second, not a symlink (electron-builder's `npm ls` misses
  // transitive dependencies through a symlinked node_modules). A temp dir on another filesystem gets a real copy.
  const modules = [path.join(repo, 'node_modules'), path.join(projectDir, 'node_modules')];
  try {
    run('cp', ['-al', ...modules], tmp);
  } catch {
    fs.rmSync(modules[1]!, { recursive: true, force: true });
    run('cp', ['-a', ...modules], tmp);
  }
  run('npm', ['run', 'build'], projectDir);

  const electronDist = path.join(tmp, 'electron-dist');
  writeElectronStandIn(electronDist);
  const downloadCache = path.join(tmp, 'download-cache');
  fs.mkdirSync(downloadCache);
  const output = path.join(tmp, 'release');
  run(
    path.join(projectDir, 'node_modules/.bin/electron-builder'),
    [
      '--config',
      'build/electron-builder.yml',
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${output}`,
    ],
    projectDir,
    offlineEnv(downloadCache),
  );
  const unpackedDir = path.join(output, 'linux-unpacked');
  return { projectDir, unpackedDir, asar: path.join(unpackedDir, 'resources', 'app.asar'), downloadCache };
}
