/**
 * Brings a capture's three images home into `<staging>/<server>/<timestamp>/`: checks local free
 * space first, resumes after dropped connections (reconnecting), hashes as bytes arrive, checks size
 * and the server's own checksum, writes the step log, then manifest.json last.
 */
import { mkdir, readdir, stat, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SysbError } from '../../../shared/errors.ts';
import type { CaptureRequest, CaptureResult, RemoteImage } from './capture.ts';
import type { FetchTransport } from './fetch-file.ts';
import { MANIFEST_FILE, writeManifest, type ImageSetManifest, type ManifestImage } from './image-set-manifest.ts';
import { detectChecksumTool, matchesRemote, remoteChecksum, type ChecksumTool } from './remote-checksum.ts';
import type { RemoteHost } from './remote-host.ts';
import { sh, validateServerName } from './shell-quote.ts';
import type { TransferProgress } from './transfer-progress.ts';
import { assessReadiness } from '../readiness/manifest-readiness.ts';

/** Progress of the whole image set. */
export interface ImageSetProgress extends TransferProgress {
  image: string;
  /** Bytes of all three images so far / in total. */
  setBytes: number;
  setTotal: number;
}

/** Options for fetchImageSet. */
export interface FetchImageSetOptions {
  stagingRoot: string;
  /** Continue into this existing (incomplete) image set directory instead of a new one. */
  dir?: string;
  capture: CaptureResult;
  request: CaptureRequest;
  osLevel: string | null;
  capturedAt?: Date;
  /** Gets a fresh connection after a drop. */
  reconnect: () => Promise<RemoteHost>;
  /** Reconnect-and-resume attempts per image. Default 3. */
  retries?: number;
  transport?: FetchTransport;
  /** Delete the images from the server's work directory once the manifest is written. */
  removeRemote?: boolean;
  onProgress?: (p: ImageSetProgress) => void;
  onLog?: (line: string) => void;
  signal?: AbortSignal;
}

/** Where an image set is, plus its manifest. */
export interface FetchedImageSet {
  dir: string;
  manifest: ImageSetManifest;
}

/** "20261122T011500Z" */
export function stagingTimestamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** The newest directory of a server's staging area that has no manifest (an interrupted fetch), if any. */
export async function findIncompleteImageSet(stagingRoot: string, server: string): Promise<string | undefined> {
  const base = join(stagingRoot, validateServerName(server));
  let entries: string[];
  try {
    entries = (await readdir(base)).sort().reverse();
  } catch {
    return undefined;
  }
  for (const name of entries) {
    const dir = join(base, name);
    try {
      await stat(join(dir, MANIFEST_FILE));
    } catch {
      return dir;
    }
  }
  return undefined;
}

async function sizeIfExists(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** Fetches the images of a capture into a new (or given) image set directory. */
export async function fetchImageSet(first: RemoteHost, opts: FetchImageSetOptions): Promise<FetchedImageSet> {
  let host = first;
  const server = validateServerName(host.server.name);
  const capturedAt = opts.capturedAt ?? new Date();
  const dir = opts.dir ?? join(opts.stagingRoot, server, stagingTimestamp(capturedAt));
  // A mksysb holds /etc/security/passwd: staging is for this user only.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const log = (line: string) => opts.onLog?.(line);

  const setTotal = opts.capture.images.reduce((s, i) => s + i.size, 0);
  let already = 0;
  for (const img of opts.capture.images)
    already += Math.max(await sizeIfExists(join(dir, img.name)), await sizeIfExists(join(dir, `${img.name}.part`)));
  const fsInfo = await statfs(dir);
  const free = fsInfo.bavail * fsInfo.bsize;
  const needed = setTotal - already;
  if (free < needed + 64 * 1024 * 1024) {
    throw new SysbError(
      'FETCH_FAILED',
      `not enough local space in ${dir}: ${Math.round(free / 1048576)} MB free, the images need ${Math.round(needed / 1048576)} MB more (plus 64 MB headroom). Free space or use --staging DIR.`,
    );
  }

  const tool: ChecksumTool = await detectChecksumTool(host);
  log(`server checksum tool: ${tool}`);
  const images: ManifestImage[] = [];
  let doneBefore = 0;
  for (const img of opts.capture.images) {
    const dest = join(dir, img.name);
    // The server computes its checksum while we receive: both read the same file.
    const remoteSum = remoteChecksum(host, tool, img.remotePath, opts.signal, img.size);
    remoteSum.catch(() => {});
    const result = await fetchWithRetries(
      img,
      dest,
      opts,
      () => host,
      async () => {
        host = await opts.reconnect();
        return host;
      },
      (p) => {
        opts.onProgress?.({ ...p, image: img.name, setBytes: doneBefore + p.bytes, setTotal });
      },
      log,
    );
    if (result.bytes !== img.size)
      throw new SysbError('FETCH_FAILED', `${img.name}: received ${result.bytes} bytes, the server reported ${img.size}`);
    const remote = await remoteSum.catch(async () => remoteChecksum(host, tool, img.remotePath, opts.signal, img.size));
    if (!(await matchesRemote(dest, result.sha256, remote))) {
      throw new SysbError(
        'FETCH_FAILED',
        `${img.name}: the local copy does not match the server's ${tool} checksum (${remote.value}); delete ${dest} and fetch again`,
      );
    }
    log(
      `${img.name}: ${result.bytes} bytes, sha256 ${result.sha256}, matches ${tool} on the server${result.resumedFrom > 0 ? ` (resumed at ${result.resumedFrom})` : ''}`,
    );
    images.push({
      record: img.record as 1 | 2 | 4,
      name: img.name,
      file: img.name,
      remotePath: img.remotePath,
      size: result.bytes,
      sha256: result.sha256,
      remoteChecksum: remote.value,
      remoteChecksumTool: tool,
    });
    doneBefore += img.size;
  }

  await writeFile(
    join(dir, 'capture.log'),
    opts.capture.steps
      .map(
        (s) =>
          `== ${s.step} (${s.startedAt} → ${s.endedAt}, exit ${s.exitCode ?? 'none'})\n$ ${s.command}\n${s.output}${s.output.endsWith('\n') ? '' : '\n'}`,
      )
      .join('\n'),
    { mode: 0o600 },
  );
  const manifest: ImageSetManifest = {
    format: 'sysbtape-image-set',
    version: 1,
    server,
    host: host.server.host,
    capturedAt: capturedAt.toISOString(),
    fetchedAt: new Date().toISOString(),
    osLevel: opts.osLevel,
    tapeblksz: opts.capture.tapeblksz,
    record4BlockSize: opts.request.record4BlockSize,
    options: { exclude: opts.request.exclude, pack: opts.request.pack, expandTmp: opts.request.expandTmp },
    remoteWorkdir: opts.capture.workdir,
    images,
    ...(opts.capture.facts ? { readinessFacts: opts.capture.facts } : {}),
  };
  const readiness = await assessReadiness(dir, manifest, log);
  if (readiness) manifest.readiness = readiness;
  await writeManifest(dir, manifest);
  if (opts.removeRemote) {
    await host.check(sh`rm -f ${opts.capture.images.map((i) => i.remotePath)}`);
    log('removed the images from the server');
  }
  return { dir, manifest };
}

async function fetchWithRetries(
  img: RemoteImage,
  dest: string,
  opts: FetchImageSetOptions,
  current: () => RemoteHost,
  reconnect: () => Promise<RemoteHost>,
  onProgress: (p: TransferProgress) => void,
  log: (l: string) => void,
) {
  const retries = opts.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    try {
      const host = current().isClosed ? await reconnect() : current();
      return await host.fetch(img.remotePath, dest, {
        resume: true,
        onProgress,
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.transport ? { transport: opts.transport } : {}),
      });
    } catch (err) {
      const retryable =
        err instanceof SysbError &&
        ['FETCH_FAILED', 'SSH_CONNECT', 'SSH_TIMEOUT', 'SSH_REFUSED'].includes(err.code) &&
        !/does not match|not a regular file|cannot stat|sent more than/.test(err.message);
      if (!retryable || attempt >= retries || opts.signal?.aborted) throw err;
      log(`${img.name}: ${(err as Error).message}; reconnecting (attempt ${attempt + 2} of ${retries + 1})`);
      await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
      current().close();
      await reconnect();
    }
  }
}
