/**
 * Archive files on disk: scan (list and verify) a backup-by-name archive, read one small member
 * (e.g. ./tapeblksz from record 2) and extract one member to a file like `restore -x`.
 * Reads in fixed 1 MiB pieces; member data nobody wants is skipped by seeking, so listing costs
 * about one read per cluster of headers, whatever the archive size. Memory stays flat.
 */
import { open, readFile, rename, rm, symlink } from 'node:fs/promises';
import { SysbError } from '../../../shared/errors.ts';
import { ArchiveParser } from './archive-parser.ts';
import type { ArchiveMember, ArchiveParserOptions, ArchiveSummary, MemberDataResult } from './archive-types.ts';
import { nameBytes } from './member-name.ts';

const CHUNK_BYTES = 1024 * 1024;
/** Below this, reading through is cheaper than a separate read at a new position. */
const MIN_SKIP_BYTES = 256 * 1024;
const PROGRESS_INTERVAL_MS = 250;

/** Progress of a long scan: bytes, rate and estimated time left. */
export interface ScanProgress {
  bytes: number;
  totalBytes: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
}

/** Options for reading an archive file. */
export interface ScanFileOptions extends ArchiveParserOptions {
  signal?: AbortSignal;
  /** About four times a second. */
  onProgress?: (p: ScanProgress) => void;
  /** Read every byte instead of seeking past unwanted data (what a tape read-back does). */
  readAll?: boolean;
}

/** Summary of an archive file. */
export interface ArchiveFileSummary extends ArchiveSummary {
  fileBytes: number;
}

/**
 * Feeds a file to a parser until the parser is done, the file ends or `after` (awaited after each
 * piece, e.g. to write out what the parser's callbacks queued) says to stop.
 */
export async function feedArchiveFile(
  path: string,
  parser: ArchiveParser,
  opts: Pick<ScanFileOptions, 'signal' | 'onProgress' | 'readAll'>,
  after?: () => Promise<boolean>,
): Promise<number> {
  const fh = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new SysbError(err.code === 'ENOENT' ? 'NOT_FOUND' : 'INVALID_INPUT', `cannot open ${path}: ${err.message}`);
  });
  try {
    const { size } = await fh.stat();
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    const started = Date.now();
    let lastProgress = started;
    let pos = 0;
    while (pos < size && !parser.done) {
      if (opts.signal?.aborted) throw new SysbError('CANCELLED', `reading ${path} was cancelled`);
      const skippable = opts.readAll ? 0 : parser.skippable();
      if (skippable >= MIN_SKIP_BYTES) {
        const n = Math.min(skippable, size - pos);
        parser.skip(n);
        pos += n;
      } else {
        const { bytesRead } = await fh.read(buf, 0, CHUNK_BYTES, pos);
        if (bytesRead === 0) break;
        parser.write(buf.subarray(0, bytesRead));
        pos += bytesRead;
        if (after && (await after())) break;
      }
      const now = Date.now();
      if (opts.onProgress && now - lastProgress >= PROGRESS_INTERVAL_MS) {
        lastProgress = now;
        const rate = pos / Math.max(0.001, (now - started) / 1000);
        opts.onProgress({ bytes: pos, totalBytes: size, bytesPerSecond: rate, etaSeconds: rate > 0 ? (size - pos) / rate : null });
      }
    }
    return size;
  } finally {
    await fh.close();
  }
}

/** Lists and verifies a whole archive file; problems are in the summary, never thrown. */
export async function scanArchiveFile(path: string, opts: ScanFileOptions = {}): Promise<ArchiveFileSummary> {
  const parser = new ArchiveParser(opts);
  const fileBytes = await feedArchiveFile(path, parser, opts);
  return { ...parser.end(), fileBytes };
}

/** Names a user may mean: exactly what was given, and with or without the leading "./". */
function nameCandidates(name: string | Buffer): Buffer[] {
  const exact = Buffer.isBuffer(name) ? name : nameBytes(name);
  const text = exact.toString('latin1');
  const alt = text.startsWith('./') ? text.slice(2) : `./${text.replace(/^\/+/, '')}`;
  return [exact, Buffer.from(alt, 'latin1')];
}

/** A member found by name, its data and how its data ended. */
export interface MemberRead {
  member: ArchiveMember;
  data: Buffer;
  result: MemberDataResult;
}

/**
 * Reads one member's (decoded) data into memory, stopping as soon as it is read. Returns null when
 * the archive has no such member; throws INVALID_INPUT when it is bigger than maxBytes.
 */
export async function readMember(
  path: string,
  name: string | Buffer,
  maxBytes: number,
  opts: Pick<ScanFileOptions, 'signal'> = {},
): Promise<MemberRead | null> {
  for (const candidate of nameCandidates(name)) {
    const r = await readExact(path, candidate, maxBytes, opts);
    if (r !== null) return r;
  }
  return null;
}

async function readExact(
  path: string,
  wanted: Buffer,
  maxBytes: number,
  opts: Pick<ScanFileOptions, 'signal'>,
): Promise<MemberRead | null> {
  let found: ArchiveMember | null = null;
  let ended: MemberDataResult | null = null;
  let tooBig = false;
  const parts: Buffer[] = [];
  const parser = new ArchiveParser({
    wantData: (m) => m === found,
    onMember: (m) => {
      if (found === null && wanted.equals(m.name)) {
        found = m;
        tooBig = m.size > maxBytes;
      }
    },
    onMemberData: (_m, chunk) => {
      if (!tooBig) parts.push(Buffer.from(chunk));
    },
    onMemberEnd: (m, r) => {
      if (m === found) ended = r;
    },
    decodePacked: false,
  });
  await feedArchiveFile(path, parser, opts, async () => found !== null && (ended !== null || tooBig));
  if (found === null) return null;
  const member: ArchiveMember = found;
  if (tooBig)
    throw new SysbError(
      'INVALID_INPUT',
      `member ${member.displayName} is ${member.size} bytes, more than the ${maxBytes} bytes this reads`,
    );
  return { member, data: Buffer.concat(parts), result: ended ?? { ok: false, bytes: 0, error: 'the archive ends inside this member' } };
}

/** Result of extracting one member. */
export interface ExtractResult {
  member: ArchiveMember;
  bytes: number;
}

/**
 * Extracts one member to destFile like `restore -x`: regular files are written to a temporary name
 * and renamed when complete and correct, so a damaged member never leaves a half file; symlinks
 * are created as symlinks.
 */
export async function extractMember(
  path: string,
  name: string | Buffer,
  destFile: string,
  opts: Pick<ScanFileOptions, 'signal' | 'onProgress'> = {},
): Promise<ExtractResult> {
  const wanted = nameCandidates(name);
  for (const candidate of wanted) {
    const r = await extractExact(path, candidate, destFile, opts);
    if (r !== null) return r;
  }
  throw new SysbError(
    'NOT_FOUND',
    `the archive ${path} has no member named ${Buffer.isBuffer(name) ? name.toString('latin1') : name}; use 'sysbtape list ${path}' to see the names`,
  );
}

async function extractExact(
  path: string,
  wanted: Buffer,
  destFile: string,
  opts: Pick<ScanFileOptions, 'signal' | 'onProgress'>,
): Promise<ExtractResult | null> {
  const partial = `${destFile}.part-${process.pid}`;
  let found: ArchiveMember | null = null;
  let ended: MemberDataResult | null = null;
  let pending: Buffer[] = [];
  const out = await open(partial, 'w');
  let written = 0;
  try {
    const parser = new ArchiveParser({
      wantData: (m) => m === found,
      onMember: (m) => {
        if (found === null && wanted.equals(m.name)) found = m;
      },
      onMemberData: (_m, chunk) => {
        pending.push(Buffer.from(chunk));
      },
      onMemberEnd: (m, r) => {
        if (m === found) ended = r;
      },
      decodePacked: false,
    });
    const flush = async (): Promise<boolean> => {
      const list = pending;
      pending = [];
      for (const b of list) {
        await out.write(b);
        written += b.length;
      }
      return found !== null && ended !== null;
    };
    await feedArchiveFile(path, parser, opts, flush);
    await flush();
    await out.close();
    if (found === null) {
      await rm(partial, { force: true });
      return null;
    }
    const member: ArchiveMember = found;
    const result: MemberDataResult = ended ?? { ok: false, bytes: written, error: 'the archive ends inside this member' };
    if (!result.ok)
      throw new SysbError(
        'ARCHIVE_DAMAGED',
        `member ${member.displayName} is damaged (${result.error ?? 'unknown'}); nothing was extracted`,
      );
    switch (member.kind) {
      case 'file':
        await rename(partial, destFile);
        return { member, bytes: written };
      case 'symlink':
        // The data of a symlink is its target, exactly as stored.
        await symlink(await readFile(partial), destFile);
        return { member, bytes: 0 };
      case 'directory':
      case 'other':
        throw new SysbError(
          'INVALID_INPUT',
          `member ${member.displayName} is a ${member.kind === 'directory' ? 'directory' : 'special file'}; only files and symlinks can be extracted`,
        );
    }
  } finally {
    await out.close().catch(() => undefined);
    await rm(partial, { force: true });
  }
}
