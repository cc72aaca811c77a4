/**
 * Extracts members of a backup-by-name archive into a directory, like `restore -xq`, safely:
 * - nothing is ever written outside the directory: unsafe names are refused, parent components are
 *   created by the extractor and checked never to be symlinks, symlinks are created but never followed,
 *   and a symlink pointing outside the directory is not created unless asked;
 * - a file appears only when its data is complete and correct (written to a temporary name, renamed);
 *   a damaged member is reported with its offset and extraction goes on with the next one;
 * - existing files are kept unless `overwrite`;
 * - modes, times and (as root) owners are restored; hard links are recreated as links.
 * The parser's callbacks are synchronous, file writes are not: callbacks queue events and the feeding
 * loop awaits drain() after each piece, so memory stays bounded by one piece's worth of data.
 */
import { type FileHandle, chmod, link, lchown, lstat, lutimes, mkdir, open, rename, rm, symlink, utimes } from 'node:fs/promises';
import type { ArchiveMember, ArchiveParserOptions, MemberDataResult } from '../aix/archive-types.ts';
import type { MemberSelector } from './member-selection.ts';
import { joinUnder, safeRelativePath, symlinkStaysInside } from './safe-path.ts';

/** How to extract. */
export interface ExtractOptions {
  /** The extraction root as a Buffer path (already created and resolved with realpath). */
  root: Buffer;
  select: MemberSelector;
  /** Replace existing files and symlinks (never a directory by a file). */
  overwrite: boolean;
  /** Create symlinks whose target leaves the directory (they are still never followed). */
  linksOutside: boolean;
  /** Restore owners (needs root); default: when running as root. */
  restoreOwners?: boolean;
}

/** A member that was not extracted, and why. */
export interface ExtractSkip {
  name: string;
  /** Offset of the member's header in the archive. */
  offset: number;
  reason: string;
}

/** What an extraction did. */
export interface ExtractCounts {
  files: number;
  directories: number;
  symlinks: number;
  hardLinks: number;
  /** Bytes of file data written. */
  bytes: number;
  skipped: ExtractSkip[];
}

type Event =
  { t: 'begin'; m: ArchiveMember } | { t: 'data'; m: ArchiveMember; chunk: Buffer } | { t: 'end'; m: ArchiveMember; r: MemberDataResult };

/** The member being written. */
interface Current {
  m: ArchiveMember;
  dest: Buffer;
  parts: Buffer[];
  existing: boolean;
  /** A file being written to `temp`, a symlink target being collected, or a hard link to make. */
  mode: 'file' | 'symlink' | 'link' | 'skip';
  handle?: FileHandle;
  temp?: Buffer;
  linkTo?: Buffer;
  linkData: Buffer[];
  bytes: number;
}

interface DirMeta {
  dest: Buffer;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  depth: number;
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Consumes parser events and writes the selected members under the root. */
export class ArchiveExtractor {
  readonly counts: ExtractCounts = { files: 0, directories: 0, symlinks: 0, hardLinks: 0, bytes: 0, skipped: [] };
  readonly #opts: ExtractOptions;
  readonly #owners: boolean;
  #queue: Event[] = [];
  #current: Current | null = null;
  /** Members the parser should deliver data for (decided synchronously, by identity). */
  readonly #wanted = new WeakSet<ArchiveMember>();
  /** First extracted name of each hard-link group, by inode. */
  readonly #linkPrimary = new Map<number, { dest: Buffer; size: number }>();
  readonly #dirs: DirMeta[] = [];
  /** Parent directories known to be real directories under the root (not symlinks). */
  readonly #safeDirs = new Set<string>();

  constructor(opts: ExtractOptions) {
    this.#opts = opts;
    this.#owners = opts.restoreOwners ?? process.getuid?.() === 0;
  }

  /** Callbacks to give the ArchiveParser. */
  parserOptions(): ArchiveParserOptions {
    return {
      onMember: (m) => {
        if ((m.kind === 'file' || m.kind === 'symlink') && this.#opts.select(m.displayName)) this.#wanted.add(m);
        this.#queue.push({ t: 'begin', m });
      },
      wantData: (m) => this.#wanted.has(m),
      onMemberData: (m, chunk) => {
        this.#queue.push({ t: 'data', m, chunk: Buffer.from(chunk) });
      },
      onMemberEnd: (m, r) => {
        this.#queue.push({ t: 'end', m, r });
      },
    };
  }

  /** Carries out the queued events in order. */
  async drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      for (const e of batch) {
        if (e.t === 'begin') await this.#begin(e.m);
        else if (e.t === 'data') await this.#data(e.m, e.chunk);
        else await this.#end(e.m, e.r);
      }
    }
  }

  /** Applies directory modes and times (deepest first, after their contents) and drops a half-written file. */
  async finish(): Promise<void> {
    await this.#abandonCurrent();
    this.#dirs.sort((a, b) => b.depth - a.depth);
    for (const d of this.#dirs) {
      try {
        if (this.#owners) await lchown(d.dest, d.uid, d.gid);
        await chmod(d.dest, d.mode & 0o7777);
        await utimes(d.dest, d.mtime, d.mtime);
      } catch (err) {
        this.counts.skipped.push({
          name: d.dest.toString('latin1'),
          offset: -1,
          reason: `could not set the directory's mode or times: ${errText(err)}`,
        });
      }
    }
  }

  #skip(m: ArchiveMember, reason: string): void {
    this.counts.skipped.push({ name: m.displayName, offset: m.headerOffset, reason });
  }

  async #abandonCurrent(): Promise<void> {
    const c = this.#current;
    this.#current = null;
    if (!c) return;
    await c.handle?.close().catch(() => undefined);
    if (c.temp) await rm(c.temp, { force: true });
  }

  /** Creates (or checks) every parent directory of `parts`; returns a reason when one is not a real directory. */
  async #parents(parts: Buffer[]): Promise<string | null> {
    for (let i = 1; i < parts.length; i++) {
      const dir = joinUnder(this.#opts.root, parts.slice(0, i));
      const key = dir.toString('latin1');
      if (this.#safeDirs.has(key)) continue;
      const st = await lstat(dir).catch(() => null);
      if (st === null) {
        // 0700 while extracting; the directory's own member (if selected) sets its mode at the end.
        await mkdir(dir, { mode: 0o700 });
      } else if (st.isSymbolicLink()) {
        return `${key.slice(this.#opts.root.length + 1)} is a symlink in the extraction directory: not followed`;
      } else if (!st.isDirectory()) {
        return `${key.slice(this.#opts.root.length + 1)} exists and is not a directory`;
      }
      this.#safeDirs.add(key);
    }
    return null;
  }

  async #begin(m: ArchiveMember): Promise<void> {
    this.#current = null;
    if (!this.#opts.select(m.displayName)) return;
    const safe = safeRelativePath(m.name);
    if (!safe.ok) return this.#skip(m, `refused: ${safe.reason}`);
    if (safe.parts.length === 0) return; // "." — the root itself
    if (m.kind === 'other') return this.#skip(m, 'special file (device, FIFO or socket): not extracted; the install recreates devices');
    const blocked = await this.#parents(safe.parts);
    if (blocked) return this.#skip(m, blocked);
    const dest = joinUnder(this.#opts.root, safe.parts);
    const st = await lstat(dest).catch(() => null);
    if (m.kind === 'directory') {
      if (st && (st.isSymbolicLink() || !st.isDirectory()))
        return this.#skip(m, 'a file or symlink of that name already exists; not replaced by a directory');
      if (!st) await mkdir(dest, { mode: 0o700 });
      this.#safeDirs.add(dest.toString('latin1'));
      this.#dirs.push({ dest, mode: m.mode, uid: m.uid, gid: m.gid, mtime: m.mtime, depth: safe.parts.length });
      this.counts.directories++;
      return;
    }
    if (st?.isDirectory()) return this.#skip(m, 'a directory of that name already exists; not replaced');
    if (st && !this.#opts.overwrite) return this.#skip(m, 'already exists (use --overwrite to replace it)');
    const c: Current = { m, dest, parts: safe.parts, existing: st !== null, mode: 'skip', linkData: [], bytes: 0 };
    if (m.kind === 'symlink') c.mode = 'symlink';
    else {
      const primary = m.nlink > 1 ? this.#linkPrimary.get(m.ino) : undefined;
      if (primary && primary.size === m.size) {
        c.mode = 'link';
        c.linkTo = primary.dest;
      } else {
        c.mode = 'file';
        c.temp = Buffer.concat([dest, Buffer.from(`.sysbtape-part-${process.pid}`)]);
        c.handle = await open(c.temp, 'wx', 0o600);
      }
    }
    this.#current = c;
  }

  async #data(m: ArchiveMember, chunk: Buffer): Promise<void> {
    const c = this.#current;
    if (!c || c.m !== m) return;
    if (c.mode === 'file') {
      await c.handle!.write(chunk);
      c.bytes += chunk.length;
    } else if (c.mode === 'symlink') c.linkData.push(chunk);
  }

  async #end(m: ArchiveMember, r: MemberDataResult): Promise<void> {
    const c = this.#current;
    if (!c || c.m !== m) return;
    this.#current = null;
    try {
      if (c.mode === 'file') await this.#endFile(c, r);
      else if (c.mode === 'link') await this.#endLink(c);
      else if (c.mode === 'symlink') await this.#endSymlink(c, r);
    } catch (err) {
      await c.handle?.close().catch(() => undefined);
      if (c.temp) await rm(c.temp, { force: true });
      this.#skip(m, `could not be written: ${errText(err)}`);
    }
  }

  async #endFile(c: Current, r: MemberDataResult): Promise<void> {
    await c.handle!.close();
    if (!r.ok || c.bytes !== c.m.size) {
      await rm(c.temp!, { force: true });
      return this.#skip(
        c.m,
        `damaged data at offset ${c.m.dataOffset || c.m.headerOffset}: ${r.error ?? `${c.bytes} of ${c.m.size} bytes`}; nothing written`,
      );
    }
    await this.#applyMeta(c.temp!, c.m);
    await rename(c.temp!, c.dest);
    if (c.m.nlink > 1 && !this.#linkPrimary.has(c.m.ino)) this.#linkPrimary.set(c.m.ino, { dest: c.dest, size: c.m.size });
    this.counts.files++;
    this.counts.bytes += c.bytes;
  }

  async #endLink(c: Current): Promise<void> {
    if (c.existing) await rm(c.dest, { force: true });
    await link(c.linkTo!, c.dest);
    this.counts.hardLinks++;
  }

  async #endSymlink(c: Current, r: MemberDataResult): Promise<void> {
    if (!r.ok) return this.#skip(c.m, `damaged symlink at offset ${c.m.headerOffset}: ${r.error ?? 'unknown'}`);
    const target = c.linkData.length > 0 ? Buffer.concat(c.linkData) : Buffer.from(c.m.linkTarget ?? '', 'latin1');
    if (!this.#opts.linksOutside && !symlinkStaysInside(c.parts, target)) {
      return this.#skip(
        c.m,
        `symlink to ${target.toString('latin1')} points outside the directory: not created (--links-outside creates it as stored)`,
      );
    }
    if (c.existing) await rm(c.dest, { force: true });
    await symlink(target, c.dest);
    if (this.#owners) await lchown(c.dest, c.m.uid, c.m.gid);
    await lutimes(c.dest, c.m.mtime, c.m.mtime);
    this.counts.symlinks++;
  }

  async #applyMeta(file: Buffer, m: ArchiveMember): Promise<void> {
    // chown first: it clears set-id bits that chmod then restores.
    if (this.#owners) await lchown(file, m.uid, m.gid);
    await chmod(file, m.mode & 0o7777);
    await utimes(file, m.mtime, m.mtime);
  }
}
