/**
 * The member list of a synthetic mksysb (record 4): names, types, sizes and content kinds, decided up
 * front from the seed so the total member count is known before any byte is written (the simulated
 * `mksysb` prints "N of M files"). Contents are produced later, while streaming.
 */
import type { ContentKind } from './content-pool.ts';
import { scratchFiles } from './scratch-files.ts';
import { SeededRandom } from './seeded-random.ts';

/** One planned member; content is cut from the pools when it is written. */
export interface PlannedMember {
  /** Name as stored; bytes for the few names that are not UTF-8. */
  name: string | Uint8Array;
  type: 'directory' | 'file' | 'symlink';
  perm: number;
  uid: number;
  gid: number;
  mtime: number;
  /** Content kind and size of a file. */
  kind?: ContentKind;
  size: number;
  /** Fixed content (bosinst.data, image.data). */
  text?: string;
  target?: string;
  largeFile?: boolean;
  /** Extended ACL (5 dwords) instead of the usual 2,2 sac_rec. */
  extendedAcl?: boolean;
  /** Hard links: members with the same group share inode, nlink and content. */
  hardLinkGroup?: number;
  /** The last member: its size is set while streaming so the archive ends on the requested size. */
  filler?: boolean;
}

/** Where files live and what they look like. */
interface Area {
  dir: string;
  subdirs: readonly string[];
  /** Share of the planned files. */
  share: number;
  kinds: readonly ContentKind[];
  min: number;
  max: number;
  perm: number;
  uid: number;
  gid: number;
  exts: readonly string[];
}

const AREAS: readonly Area[] = [
  {
    dir: './etc',
    subdirs: ['', 'security', 'rc.d/rc2.d', 'ssh', 'tunables', 'snmp', 'objrepos'],
    share: 0.1,
    kinds: ['text', 'text', 'text', 'object'],
    min: 60,
    max: 40_000,
    perm: 0o644,
    uid: 0,
    gid: 0,
    exts: ['', '.conf', '.cfg', '.rules'],
  },
  {
    dir: './sbin',
    subdirs: ['', 'helpers/jfs2'],
    share: 0.02,
    kinds: ['object'],
    min: 4_000,
    max: 400_000,
    perm: 0o555,
    uid: 0,
    gid: 0,
    exts: [''],
  },
  {
    dir: './usr/bin',
    subdirs: [''],
    share: 0.14,
    kinds: ['object', 'object', 'object', 'text'],
    min: 2_000,
    max: 600_000,
    perm: 0o555,
    uid: 2,
    gid: 2,
    exts: [''],
  },
  {
    dir: './usr/sbin',
    subdirs: ['', 'rsct/bin'],
    share: 0.08,
    kinds: ['object', 'object', 'text'],
    min: 2_000,
    max: 500_000,
    perm: 0o500,
    uid: 0,
    gid: 0,
    exts: [''],
  },
  {
    dir: './usr/lib',
    subdirs: ['', 'methods', 'drivers', 'security', 'nls/msg/C', 'boot'],
    share: 0.16,
    kinds: ['object', 'object', 'random'],
    min: 4_000,
    max: 3_000_000,
    perm: 0o555,
    uid: 2,
    gid: 2,
    exts: ['.a', '.o', '', '.cat'],
  },
  {
    dir: './usr/share/man',
    subdirs: ['man1', 'man5', 'man8'],
    share: 0.12,
    kinds: ['text'],
    min: 800,
    max: 90_000,
    perm: 0o444,
    uid: 2,
    gid: 2,
    exts: ['.1', '.5', '.8'],
  },
  {
    dir: './usr/lpp',
    subdirs: ['bos', 'bos.rte/inst_root', 'bosinst', 'devices.common'],
    share: 0.12,
    kinds: ['text', 'object', 'object'],
    min: 300,
    max: 400_000,
    perm: 0o644,
    uid: 0,
    gid: 0,
    exts: ['', '.cfgfiles', '.size', '.inventory'],
  },
  {
    dir: './var/adm',
    subdirs: ['', 'ras', 'sw', 'streams'],
    share: 0.06,
    kinds: ['text', 'text', 'object'],
    min: 100,
    max: 700_000,
    perm: 0o664,
    uid: 0,
    gid: 0,
    exts: ['', '.log', '.out'],
  },
  {
    dir: './opt/freeware',
    subdirs: ['bin', 'lib', 'share/doc', 'src/packages'],
    share: 0.12,
    kinds: ['object', 'random', 'text'],
    min: 1_000,
    max: 3_000_000,
    perm: 0o755,
    uid: 0,
    gid: 0,
    exts: ['', '.so', '.gz', '.rpm', '.txt'],
  },
  {
    dir: './home',
    subdirs: ['guest', 'oper', 'dbadmin', 'dbadmin/scripts'],
    share: 0.08,
    kinds: ['text', 'random'],
    min: 50,
    max: 500_000,
    perm: 0o640,
    uid: 205,
    gid: 1,
    exts: ['', '.sh', '.tar.gz', '.sql', '.txt'],
  },
];

const STEMS = [
  'acct',
  'alog',
  'bootinfo',
  'cfgmgr',
  'chdev',
  'cron',
  'errpt',
  'hosts',
  'inetd',
  'inittab',
  'installp',
  'lsattr',
  'lslpp',
  'mkdev',
  'mount',
  'netstat',
  'nim',
  'odmget',
  'passwd',
  'profile',
  'rc',
  'restore',
  'savevg',
  'sendmail',
  'services',
  'smit',
  'snmpd',
  'sshd',
  'syslog',
  'tctl',
  'trace',
  'vmstat',
  'xntpd',
];

/** sys/mode.h: the file has an extended ACL. */
const S_IXACL = 0x02000000;

/** Files at least this big are streamed in pieces and written as FS_NAME_LF records. */
export const LARGE_FILE_BYTES = 8 * 1024 * 1024;

/** Planned bytes stop short of the requested size by this share; the filler member takes the rest. */
const PLAN_SHARE = 0.88;

/** Options that shape the plan. */
export interface PlanOptions {
  seed: number;
  /** Requested archive size in bytes. */
  sizeBytes: number;
  /** Backup date, epoch seconds (member times lie before it). */
  date: number;
  bosinstData: string;
  imageData: string;
}

/** Decides every member of the mksysb. */
export function planMksysb(options: PlanOptions): PlannedMember[] {
  const rng = new SeededRandom(options.seed ^ 0x4444);
  const yearsBack = (): number => options.date - rng.int(3600, 5 * 365 * 86400);
  const budget = Math.floor(options.sizeBytes * PLAN_SHARE);
  // Files are added until the budget is used (about one per 30 KB); the cap only guards the plan's memory.
  const maxFiles = 200_000;
  let aclPlaced = false;
  const members: PlannedMember[] = [
    {
      name: './bosinst.data',
      type: 'file',
      perm: 0o644,
      uid: 0,
      gid: 0,
      mtime: options.date,
      size: 0,
      text: options.bosinstData,
      kind: 'text',
    },
    {
      name: './image.data',
      type: 'file',
      perm: 0o644,
      uid: 0,
      gid: 0,
      mtime: options.date,
      size: 0,
      text: options.imageData,
      kind: 'text',
    },
  ];
  let planned = options.bosinstData.length + options.imageData.length;
  const filesByDir = new Map<string, PlannedMember[]>();
  const dirs = new Set<string>(['.']);
  const addDir = (dir: string): void => {
    for (let d = dir; d !== '.' && !dirs.has(d); d = d.slice(0, d.lastIndexOf('/'))) dirs.add(d);
  };
  const place = (dir: string, m: PlannedMember): void => {
    addDir(dir);
    const list = filesByDir.get(dir) ?? [];
    list.push(m);
    filesByDir.set(dir, list);
  };
  // Numbered like real trees (cfgmgr, cfgmgr2…); a counter per name keeps this linear.
  const nextNumber = new Map<string, number>();
  const uniqueName = (dir: string, stem: string, ext = ''): string => {
    const key = `${dir}/${stem}${ext}`;
    const n = nextNumber.get(key) ?? 1;
    nextNumber.set(key, n + 1);
    return n === 1 ? key : `${dir}/${stem}${n}${ext}`;
  };
  // Large files first (only on images big enough to hold them): FS_NAME_LF records.
  const largeCount = options.sizeBytes >= 8 * LARGE_FILE_BYTES ? 2 : 0;
  for (let i = 0; i < largeCount; i++) {
    const size = Math.max(LARGE_FILE_BYTES, Math.floor(options.sizeBytes * 0.03));
    const dir = i === 0 ? './usr/lib/boot' : './var/adm/ras/livedump';
    const m: PlannedMember = {
      name: uniqueName(dir, i === 0 ? 'unix_64.big' : 'dump.part0'),
      type: 'file',
      perm: 0o644,
      uid: 0,
      gid: 0,
      mtime: yearsBack(),
      kind: i === 0 ? 'object' : 'random',
      size,
      largeFile: true,
    };
    place(dir, m);
    planned += size;
  }
  // vi, view and ex are one file with three names, as on AIX; backup stores each name in full.
  const viSize = Math.min(rng.int(150_000, 250_000), Math.floor(options.sizeBytes / 50));
  for (const name of ['vi', 'view', 'ex']) {
    place('./usr/bin', {
      name: uniqueName('./usr/bin', name),
      type: 'file',
      perm: 0o555,
      uid: 2,
      gid: 2,
      mtime: options.date - 400 * 86400,
      kind: 'object',
      size: viSize,
      hardLinkGroup: 1,
    });
    planned += viSize;
  }
  for (let i = 0; i < maxFiles && planned < budget; i++) {
    let roll = rng.next();
    let area = AREAS[AREAS.length - 1]!;
    for (const a of AREAS) {
      roll -= a.share;
      if (roll < 0) {
        area = a;
        break;
      }
    }
    const sub = rng.pick(area.subdirs);
    const dir = sub ? `${area.dir}/${sub}` : area.dir;
    const kind = rng.pick(area.kinds);
    // Most files are small; one in twenty draws from the area's full range (libraries, archives).
    const max = rng.chance(0.05) ? area.max : Math.min(area.max, 48_000);
    const size = Math.min(rng.logSize(area.min, max), Math.max(0, budget - planned));
    const name = uniqueName(dir, rng.pick(STEMS), rng.pick(area.exts));
    if (rng.chance(0.04)) {
      // Symlinks point to a sibling area, like /usr/lib/libc.a -> /usr/ccs/lib/libc.a.
      const target = `/usr/${rng.pick(['lib', 'bin', 'ccs/lib', 'opt'])}/${rng.pick(STEMS)}`;
      place(dir, { name, type: 'symlink', perm: 0o777, uid: 0, gid: 0, mtime: yearsBack(), size: target.length, target });
      continue;
    }
    const m: PlannedMember = { name, type: 'file', perm: area.perm, uid: area.uid, gid: area.gid, mtime: yearsBack(), kind, size };
    if (size >= LARGE_FILE_BYTES) m.largeFile = true;
    // A few files (always at least one) carry an extended ACL and the S_IXACL mode bit, so readers
    // meet a sac_rec that is not the usual 2,2.
    if (rng.chance(0.005) || !aclPlaced) {
      m.extendedAcl = true;
      m.perm |= S_IXACL;
      aclPlaced = true;
    }
    place(dir, m);
    planned += size;
  }
  // One name in ISO8859-1 bytes (not UTF-8), as AIX systems in a latin1 locale have.
  place('./home/guest', {
    name: Buffer.from('./home/guest/r\xe9sum\xe9.txt', 'latin1'),
    type: 'file',
    perm: 0o644,
    uid: 205,
    gid: 1,
    mtime: yearsBack(),
    kind: 'text',
    size: 1200,
  });
  // What operators leave out with mksysb -e; fixed attributes, so no seeded draw moves.
  const scratch = scratchFiles(options.date);
  const fixedDirs = new Map(scratch.dirs.map((d) => [d.dir, d]));
  for (const d of scratch.dirs) addDir(d.dir);
  for (const f of scratch.files) place(f.dir, f.member);
  const fillerDir = './opt/IBM/db2/backup';
  addDir(fillerDir);
  // Directories before their contents, like `find / -xdev`; root first as "./".
  const emit = (dir: string): void => {
    const dirName = dir === '.' ? './' : dir;
    const fixed = fixedDirs.get(dir);
    members.push({
      name: dirName,
      type: 'directory',
      perm: fixed?.perm ?? 0x10000 | 0o755,
      uid: 0,
      gid: 0,
      mtime: fixed?.mtime ?? yearsBack(),
      size: 0,
    });
    members.push(...(filesByDir.get(dir) ?? []));
    const children = [...dirs].filter((d) => d !== dir && d.slice(0, d.lastIndexOf('/')) === dir).sort();
    for (const child of children) emit(child);
  };
  emit('.');
  members.push({
    name: `${fillerDir}/SAMPLE.0.db2inst1.NODE0000.img`,
    type: 'file',
    perm: 0o600,
    uid: 205,
    gid: 1,
    mtime: options.date - 7200,
    kind: 'random',
    size: 0,
    largeFile: true,
    filler: true,
  });
  return members;
}
