/**
 * Synthetic mkinsttape image (record 2, aix-formats.md §3): a backup-by-name archive holding
 * ./tapeblksz (only when given, as mkinsttape copies /tapeblksz only if it exists), the tape drivers,
 * ./image.data, ./bosinst.data and a few installer tools, in the 4.1 mkinsttape order.
 */
import { type ArchiveMember, buildArchive } from './archive-writer.ts';
import { type ContentPool, contentPoolFor } from './content-pool.ts';
import { SeededRandom } from './seeded-random.ts';

/** Options for the mkinsttape image. */
export interface MkinsttapeOptions {
  seed: number;
  /** Backup date, epoch seconds. */
  date: number;
  /** Content of ./tapeblksz without the newline (e.g. "512 NONE"); null leaves the member out. */
  tapeblksz: string | null;
  bosinstData: string;
  imageData: string;
  /** Pack members like `backup -irpf` does. */
  pack: boolean;
  /** Junk (seeded) after names' NULs and in data padding, as real archives have; default zeros. */
  junkPadding?: boolean;
  /** Content pool to cut tool binaries from (one is made from the seed if absent). */
  pool?: ContentPool;
}

/** Installer tools and drivers: name, content kind, size range. */
const TOOLS: readonly [string, 'object' | 'text', number, number][] = [
  ['./usr/lib/drivers/tape', 'object', 40_000, 90_000],
  ['./usr/lib/drivers/stape', 'object', 20_000, 60_000],
  ['./usr/lib/methods/cfgsctape', 'object', 20_000, 50_000],
  ['./usr/lib/methods/ucfgdevice', 'object', 8_000, 20_000],
  ['./usr/sbin/restbyname', 'object', 60_000, 120_000],
  ['./usr/bin/tctl', 'object', 15_000, 40_000],
  ['./usr/bin/dd', 'object', 20_000, 40_000],
  ['./usr/sbin/bootinfo', 'object', 20_000, 45_000],
  ['./usr/lpp/bosinst/bi_main', 'text', 30_000, 60_000],
  ['./usr/lpp/bosinst/berror', 'text', 4_000, 9_000],
  ['./usr/lpp/bosinst/BosMenus', 'object', 150_000, 260_000],
  ['./usr/lib/nls/msg/C/BosMenus.cat', 'text', 20_000, 40_000],
  ['./etc/objrepos/PdDv', 'object', 100_000, 200_000],
  ['./etc/objrepos/PdAt', 'object', 150_000, 300_000],
];

/** The members of the mkinsttape archive, in order. */
export function mkinsttapeMembers(options: MkinsttapeOptions): ArchiveMember[] {
  const rng = new SeededRandom(options.seed ^ 0x2222);
  const pool = options.pool ?? contentPoolFor(options.seed);
  const members: ArchiveMember[] = [];
  if (options.tapeblksz !== null) {
    members.push({ name: './tapeblksz', type: 'file', perm: 0o644, data: Buffer.from(`${options.tapeblksz}\n`, 'latin1') });
  }
  members.push({ name: './tmp/vgdata/rootvg/hd5.map', type: 'file', perm: 0o644, data: Buffer.from('hdisk0:1-64\n', 'latin1') });
  const [drivers, tools] = [TOOLS.slice(0, 4), TOOLS.slice(4)];
  const tool = ([name, kind, min, max]: (typeof TOOLS)[number]): ArchiveMember => ({
    name,
    type: 'file',
    perm: kind === 'text' ? 0o555 : 0o755,
    uid: 2,
    gid: 2,
    data: pool.slice(kind, rng.int(min, max), rng),
  });
  members.push(...drivers.map(tool));
  members.push({ name: './image.data', type: 'file', perm: 0o644, data: Buffer.from(options.imageData, 'latin1') });
  members.push({ name: './bosinst.data', type: 'file', perm: 0o644, data: Buffer.from(options.bosinstData, 'latin1') });
  members.push(...tools.map(tool));
  return members;
}

/** Builds the mkinsttape image in memory (it is small: about a megabyte). */
export function buildMkinsttapeImage(options: MkinsttapeOptions): Buffer {
  return buildArchive(mkinsttapeMembers(options), {
    date: options.date,
    pack: options.pack,
    ...(options.junkPadding ? { junkSeed: options.seed ^ 0x3333 } : {}),
  });
}
