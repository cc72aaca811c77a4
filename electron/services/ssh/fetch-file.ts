/**
 * Copies one remote file to a local path with resume and SHA-256 computed as the bytes arrive.
 * Bytes land in `<dest>.part`; only a complete file of the remote size is renamed to `dest`.
 * Two transports: SFTP with many reads in flight (any offset), or `cat`/`tail -c` over an exec channel.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { open, rename, stat, truncate, type FileHandle } from 'node:fs/promises';
import type { Client, SFTPWrapper } from 'ssh2';
import { SysbError } from '../../../shared/errors.ts';
import { execChannel, killRemote, PidLineReader, withPidReport } from './remote-run.ts';
import { sh } from './shell-quote.ts';
import { flushBehind } from './flush-behind.ts';
import { progressThrottle, type TransferProgress } from './transfer-progress.ts';

/** How bytes travel. */
export type FetchTransport = 'sftp' | 'exec';

/** The transport used unless asked otherwise (chosen by bench/fetch.ts measurements). */
export const DEFAULT_TRANSPORT: FetchTransport = 'exec';

/** Options for fetching one file. */
export interface FetchOptions {
  /** Continue an existing `<dest>.part` instead of starting over. Default true. */
  resume?: boolean;
  onProgress?: (p: TransferProgress) => void;
  /** Least time between progress reports; default 250 ms (a UI needs no more). */
  progressIntervalMs?: number;
  signal?: AbortSignal;
  transport?: FetchTransport;
  /**
   * Fail (keeping the partial file for a resume) when no byte arrives for this long, in ms.
   * RemoteHost.fetch fills in the connection's transfer idle timeout. Default: none.
   */
  idleTimeoutMs?: number;
  /** SFTP tuning: bytes per read request and requests in flight. */
  chunkBytes?: number;
  inFlight?: number;
}

/** What a finished fetch produced. */
export interface FetchResult {
  path: string;
  bytes: number;
  sha256: string;
  /** Bytes that were already in the partial file and not transferred again. */
  resumedFrom: number;
  transport: FetchTransport;
}

/** Opens the SFTP subsystem. */
export function openSftp(client: Client): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => {
    client.sftp((err, sftp) => (err ? reject(new SysbError('FETCH_FAILED', `the server offers no SFTP: ${err.message}`)) : resolve(sftp)));
  });
}

/** Size of a remote file, via SFTP stat. */
export function sftpSize(sftp: SFTPWrapper, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    sftp.stat(path, (err, st) => {
      if (err) return reject(new SysbError('FETCH_FAILED', `cannot stat ${path} on the server: ${err.message}`));
      if (!st.isFile()) return reject(new SysbError('FETCH_FAILED', `${path} on the server is not a regular file`));
      resolve(st.size);
    });
  });
}

async function hashExisting(path: string, bytes: number, hash: Hash): Promise<void> {
  if (bytes === 0) return;
  for await (const chunk of createReadStream(path, { start: 0, end: bytes - 1, highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
}

async function partialSize(part: string, remoteSize: number, resume: boolean): Promise<number> {
  if (!resume) return 0;
  try {
    const st = await stat(part);
    if (st.size <= remoteSize) return st.size;
    await truncate(part, 0); // larger than the source: it belongs to another image
    return 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

/** Fetches `remotePath` to `dest`, resuming `<dest>.part` when present. */
export async function fetchFile(client: Client, remotePath: string, dest: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const transport = opts.transport ?? DEFAULT_TRANSPORT;
  const sftp = await openSftp(client);
  try {
    const size = await sftpSize(sftp, remotePath);
    const part = `${dest}.part`;
    const start = await partialSize(part, size, opts.resume ?? true);
    const hash = createHash('sha256');
    await hashExisting(part, start, hash);
    // Owner-only: the image holds the server's password hashes.
    const fh = await open(part, start > 0 ? 'r+' : 'w', 0o600);
    const progress = progressThrottle(size, opts.onProgress, opts.progressIntervalMs);
    const flusher = flushBehind(fh);
    const report = (done: number, force?: boolean) => {
      flusher.wrote(done);
      progress(done, force);
    };
    try {
      if (start > 0) await fh.truncate(start);
      report(start, true);
      if (size > start) {
        switch (transport) {
          case 'sftp':
            await pullSftp(sftp, remotePath, fh, hash, start, size, report, opts);
            break;
          case 'exec':
            await pullExec(client, remotePath, part, hash, start, size, report, opts);
            break;
        }
      }
      await flusher.settle();
      await fh.sync(); // the image set is only as good as the bytes that reached the disk
    } finally {
      await flusher.settle().catch(() => {}); // never close the handle under a running flush
      await fh.close();
    }
    const got = (await stat(part)).size;
    if (got !== size)
      throw new SysbError(
        'FETCH_FAILED',
        `${remotePath}: received ${got} bytes but the server file has ${size}; run the fetch again to resume`,
      );
    report(size, true);
    await rename(part, dest);
    return { path: dest, bytes: size, sha256: hash.digest('hex'), resumedFrom: start, transport };
  } finally {
    sftp.end();
  }
}

function lostConnection(remotePath: string, done: number, reason: string): SysbError {
  return new SysbError(
    'FETCH_FAILED',
    `${remotePath}: transfer stopped after ${done} bytes (${reason}); the partial file is kept, fetch again to resume`,
    { done },
  );
}

async function pullSftp(
  sftp: SFTPWrapper,
  remotePath: string,
  fh: FileHandle,
  hash: Hash,
  start: number,
  size: number,
  report: (n: number) => void,
  opts: FetchOptions,
): Promise<void> {
  const chunk = opts.chunkBytes ?? 256 * 1024;
  const depth = opts.inFlight ?? 16;
  const handle = await new Promise<Buffer>((resolve, reject) => {
    sftp.open(remotePath, 'r', (err, h) =>
      err ? reject(new SysbError('FETCH_FAILED', `cannot open ${remotePath}: ${err.message}`)) : resolve(h),
    );
  });
  const ready = new Map<number, Buffer>();
  let next = start;
  let written = start;
  let inflight = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const issue = (off: number, len: number) => {
    inflight++;
    sftp.read(handle, Buffer.allocUnsafe(len), 0, len, off, (err, n, buf) => {
      inflight--;
      idle.touch();
      if (err) failure ??= err;
      else if (n === 0) failure ??= new Error('the file became shorter while it was read');
      else {
        ready.set(off, n === len ? buf : buf.subarray(0, n));
        if (n < len) issue(off + n, len - n);
      }
      fill();
      notify();
    });
  };
  const fill = () => {
    while (!failure && inflight < depth && next < size && ready.size < depth * 2) {
      const len = Math.min(chunk, size - next);
      issue(next, len);
      next += len;
    }
  };
  const onAbort = () => {
    failure ??= new SysbError('CANCELLED', `fetch of ${remotePath} cancelled`);
    notify();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  sftp.on('close', () => {
    failure ??= new Error('connection closed');
    notify();
  });
  const idle = idleWatch(opts.idleTimeoutMs, (why) => {
    failure ??= new Error(why);
    notify();
  });
  try {
    fill();
    while (written < size) {
      const buf = ready.get(written);
      if (buf) {
        ready.delete(written);
        hash.update(buf);
        await fh.write(buf, 0, buf.length, written);
        written += buf.length;
        report(written);
        fill();
        continue;
      }
      if (failure) throw failure instanceof SysbError ? failure : lostConnection(remotePath, written, failure.message);
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    idle.stop();
    opts.signal?.removeEventListener('abort', onAbort);
    sftp.close(handle, () => {});
  }
}

/** A timer that fires `onIdle` when `touch()` was not called for `ms` (none without ms). */
function idleWatch(ms: number | undefined, onIdle: (why: string) => void): { touch(): void; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    if (ms === undefined) return;
    clearTimeout(timer);
    timer = setTimeout(() => onIdle(`no data for ${ms / 1000} s`), ms);
  };
  touch();
  return { touch, stop: () => clearTimeout(timer) };
}

/** The error for a server that sends more than the file it said it has. */
function tooManyBytes(remotePath: string, size: number): SysbError {
  return new SysbError(
    'FETCH_FAILED',
    `${remotePath}: the server sent more than the ${size} bytes the file has ` +
      '(it grew while it was read, or the server misbehaves); the transfer was stopped and the extra bytes were not kept',
    { size, overrun: true },
  );
}

async function pullExec(
  client: Client,
  remotePath: string,
  part: string,
  hash: Hash,
  start: number,
  size: number,
  report: (n: number) => void,
  opts: FetchOptions,
): Promise<void> {
  // tail -c +N counts from 1; both AIX and GNU tail take it. exec: the PID reported is the reader's own.
  const reader = start === 0 ? sh`exec cat ${remotePath}` : sh`exec tail -c +${start + 1} ${remotePath}`;
  const { channel, ended } = await execChannel(client, withPidReport(reader)).catch((err: Error) => {
    throw lostConnection(remotePath, start, err.message);
  });
  let written = start;
  let stderr = '';
  const pid = new PidLineReader();
  channel.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 4096) stderr += pid.push(d.toString());
  });
  // Send EOF on our side now: pipeline() waits for a duplex source to finish both ways.
  channel.end();
  // Reading stops at the expected size: one byte more is an error, never a silently longer (or endless) read.
  // On a failure the remote reader is stopped at once, and we do not wait for the pipeline to drain:
  // a channel the server keeps open would keep it from ever settling.
  let failure: SysbError | undefined;
  let failed: (err: SysbError) => void = () => {};
  const failedPromise = new Promise<never>((_resolve, reject) => {
    failed = reject;
  });
  failedPromise.catch(() => {});
  const stopWith = (err: SysbError) => {
    if (failure) return;
    failure = err;
    void (async () => {
      if (pid.pid) await killRemote(client, pid.pid);
      channel.close();
      sink.destroy();
      failed(err);
    })();
  };
  const idle = idleWatch(opts.idleTimeoutMs, (why) => stopWith(lostConnection(remotePath, written, why)));
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      idle.touch();
      if (failure) return done();
      if (chunk.length > size - written) {
        stopWith(tooManyBytes(remotePath, size));
        return done(); // drop it: the failure ends the fetch
      }
      hash.update(chunk);
      written += chunk.length;
      report(written);
      done(null, chunk);
    },
  });
  // A stream of its own on the partial file (a FileHandle lent to a stream cannot be closed by its owner after).
  const sink = createWriteStream(part, { flags: 'r+', start, highWaterMark: 1 << 20 });
  const onAbort = () => stopWith(new SysbError('CANCELLED', `fetch of ${remotePath} cancelled`));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const piped = pipeline(channel, counter, sink, ...(opts.signal ? [{ signal: opts.signal }] : []));
  piped.catch(() => {});
  try {
    await Promise.race([piped, failedPromise]);
  } catch (err) {
    if (failure) throw failure;
    if (opts.signal?.aborted) throw new SysbError('CANCELLED', `fetch of ${remotePath} cancelled`);
    throw lostConnection(remotePath, written, (err as Error).message);
  } finally {
    idle.stop();
    opts.signal?.removeEventListener('abort', onAbort);
  }
  if (failure) throw failure;
  if (opts.signal?.aborted) throw new SysbError('CANCELLED', `fetch of ${remotePath} cancelled`);
  if (written < size) {
    const { code } = await ended;
    throw lostConnection(
      remotePath,
      written,
      code === null ? 'connection lost' : `remote exit ${code}${stderr ? `: ${stderr.trim()}` : ''}`,
    );
  }
}
