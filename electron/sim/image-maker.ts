/**
 * Feeds the synthetic image writer (electron/services/aix/synthetic) with a simulated rootvg and
 * streams the archives to files, so the simulated mkinsttape and mksysb produce real backup-by-name
 * images. Only the choice of members lives here; the bytes come from the shared writer.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { archiveChunks, type ArchiveMember } from '../services/aix/synthetic/archive-writer.ts';
import { ContentPool, type ContentKind } from '../services/aix/synthetic/content-pool.ts';
import { SeededRandom } from '../services/aix/synthetic/seeded-random.ts';
import { bosinstDataText, imageDataText } from '../services/aix/synthetic/stanza-files.ts';
import type { SimConfig } from './sim-config.ts';

const DIRS = ['./etc', './usr/bin', './usr/lib', './usr/lpp/bos', './var/adm', './opt/freeware/bin', './home/admin', './tmp'];
const KINDS: ContentKind[] = ['object', 'object', 'text', 'random'];

/** The simulated rootvg's files, in backup order; `exclude` holds egrep-style patterns from /etc/exclude.rootvg. */
export function* rootvgMembers(cfg: SimConfig, date: number, exclude: RegExp[]): Generator<ArchiveMember> {
  const rng = new SeededRandom(cfg.seed);
  const pool = new ContentPool(cfg.seed);
  const sys = { hostname: cfg.hostname, oslevel: cfg.oslevel, date, dataBytes: cfg.mksysbBytes };
  const enc = new TextEncoder();
  yield { name: './bosinst.data', type: 'file', perm: 0o644, data: enc.encode(bosinstDataText(sys)) };
  yield { name: './image.data', type: 'file', perm: 0o644, data: enc.encode(imageDataText(sys)) };
  for (const dir of DIRS) yield { name: dir, type: 'directory', perm: 0o755, dirSize: 4096 };
  const files = Math.max(1, cfg.mksysbFiles - DIRS.length - 2);
  const average = Math.max(1, Math.floor(cfg.mksysbBytes / files));
  for (let i = 0; i < files; i++) {
    const dir = DIRS[i % DIRS.length]!;
    const name = `${dir}/file${String(i).padStart(5, '0')}`;
    if (exclude.some((re) => re.test(name))) continue;
    const size = Math.max(0, Math.round(average * (0.5 + rng.next())));
    const kind = rng.pick(KINDS);
    if (size > pool.maxSliceBytes(kind)) {
      const seed = rng.nextU32();
      yield { name, type: 'file', perm: 0o755, streamed: { size, pieces: () => pool.pieces(kind, size, new SeededRandom(seed)) } };
    } else {
      yield { name, type: 'file', perm: i % 3 === 0 ? 0o755 : 0o644, data: pool.slice(kind, size, rng) };
    }
  }
}

/** The members mkinsttape puts on the install image: ./tapeblksz (if given) then the install files. */
export function* mkinsttapeMembers(cfg: SimConfig, date: number, tapeblksz: string | undefined): Generator<ArchiveMember> {
  const enc = new TextEncoder();
  const sys = { hostname: cfg.hostname, oslevel: cfg.oslevel, date, dataBytes: cfg.mksysbBytes };
  if (tapeblksz) yield { name: './tapeblksz', type: 'file', perm: 0o644, data: enc.encode(tapeblksz) };
  yield { name: './image.data', type: 'file', perm: 0o644, data: enc.encode(imageDataText(sys)) };
  yield { name: './bosinst.data', type: 'file', perm: 0o644, data: enc.encode(bosinstDataText(sys)) };
  const rng = new SeededRandom(cfg.seed + 2);
  const pool = new ContentPool(cfg.seed + 2);
  for (const tool of ['restbyname', 'bi_main', 'tctl', 'chdev', 'mkdev', 'odmget']) {
    yield { name: `./usr/lpp/bosinst/${tool}`, type: 'file', perm: 0o755, data: pool.slice('object', 16 * 1024 + rng.int(0, 32 * 1024), rng) };
  }
}

/** Streams an archive to a file; returns its byte length. `failAfterMembers` simulates a write error midway. */
export async function writeArchiveFile(path: string, members: Iterable<ArchiveMember>, opts: {
  date: number; pack: boolean; onMember?: (index: number) => void | Promise<void>; failAfterMembers?: number;
}): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let count = 0;
  let fail = false;
  const gen = archiveChunks(members, { date: opts.date, pack: opts.pack, user: 'root', onMember: () => { count++; } });
  let seen = 0;
  try {
    for (const chunk of gen) {
      if (!out.write(chunk)) await once(out, 'drain');
      written += chunk.length;
      while (seen < count) {
        seen++;
        await opts.onMember?.(seen);
        if (opts.failAfterMembers !== undefined && seen >= opts.failAfterMembers) { fail = true; break; }
      }
      if (fail) break;
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  if (fail) throw new Error('simulated write failure');
  return written;
}

/**
 * A tape boot image as bosboot writes it: a 512-byte IPL record starting C9C2D4C1 ("IBMA"), a config
 * record (id F8E9DACB) with IBM's copyright text, then compressed boot code; a whole number of 512-byte blocks.
 */
export function bootImage(cfg: SimConfig): Buffer {
  const blocks = Math.max(4, Math.ceil(cfg.bootImageBytes / 512));
  const img = Buffer.alloc(blocks * 512);
  img.writeUInt32BE(0xc9c2d4c1, 0);
  img.writeUInt32BE(0xf8e9dacb, 512);
  img.write('(C) Copyright IBM Corp. and by others 1987,1991,1993.', 520, 'latin1');
  const rng = new SeededRandom(cfg.seed + 1);
  const body = img.subarray(1024);
  for (let i = 0; i + 4 <= body.length; i += 4) body.writeUInt32LE(rng.nextU32(), i);
  return img;
}
