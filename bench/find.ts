/**
 * `find` benchmark (#12). Goal: `find` p99 < 50 ms over 100 image sets of 200,000 members each.
 *   node bench/find.ts [sets=100] [members=200000]
 * FIND_BENCH_DIR=/some/dir keeps the generated catalog and baseline there and reuses them on the next run
 * (generation is most of the run time at 20M members).
 *
 * The data is a generated fleet, shaped like real mksysb backups:
 * - 5 servers, sets/5 backups each, one a day;
 * - ~70% of every backup's members are the base OS, the same paths on every server of the fleet
 *   (./usr/lib, ./usr/share/man, ./usr/lpp, ./etc/hosts, ./etc/passwd, ...);
 * - ~27% are the server's own (./opt/app<N>, ./home/<user>, ./var/db<N>); 2% of those appear only
 *   from some backup on (a patch or an install);
 * - ~3% are unique to the one backup: logs and spool files named by the capture date
 *   (./var/adm/ras/errlog.20260107.12, ./var/log/app2/trace.20260107.331.log, ./tmp/...);
 * - sizes, modes, owners and mtimes vary; a tenth of the files change mtime/size from backup to backup.
 * Queries are what operators ask: exact files, substrings, shell patterns, a date-named log, too-broad
 * patterns (truncated at FIND_MAX_NAMES), no match, and filters by server and date.
 *
 * The baseline the issue names runs in the same process on the same members: a plain table
 * (image_set_id, name, size, mtime) searched with LIKE / GLOB (a full scan per query).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openCatalog } from '../electron/services/catalog/catalog.ts';
import type { FindFilter, IndexedMember } from '../electron/services/catalog/member-index.ts';

const SETS = Number(process.argv[2] ?? 100);
const MEMBERS = Number(process.argv[3] ?? 200_000);
const SERVERS = 5;
const BACKUPS = Math.max(1, Math.round(SETS / SERVERS));
const BASE_SHARE = 0.7;
const UNIQUE_SHARE = 0.03;

const OS_DIRS = [
  'usr/lib',
  'usr/bin',
  'usr/sbin',
  'usr/share/man/man1',
  'usr/share/man/man8',
  'usr/lpp/bos.rte',
  'usr/lpp/bos.net',
  'usr/include/sys',
  'usr/lib/nls/msg/en_US',
  'usr/lib/methods',
  'opt/freeware/lib',
  'opt/freeware/bin',
  'usr/lib/security',
  'etc/objrepos',
  'usr/java8_64/jre/lib',
  'usr/share/locale',
  'sbin/helpers',
  'usr/lib/drivers',
  'etc/security',
  'usr/samples/tcpip',
];
const OS_WORDS = [
  'libc',
  'libpthreads',
  'inetd',
  'ntp',
  'syslog',
  'errpt',
  'lsattr',
  'mkdev',
  'bootinfo',
  'installp',
  'tctl',
  'sendmail',
  'cron',
  'snmpd',
  'hosts',
  'passwd',
  'profile',
  'rmdev',
  'lslpp',
  'chdev',
  'odmget',
  'mksysb',
  'restore',
  'savevg',
  'lsvg',
  'nfso',
  'no',
  'vmo',
  'ioo',
  'schedo',
  'errlog',
  'trcrpt',
  'topas',
  'nmon',
  'perl',
  'python',
  'rpm',
  'ssh',
  'ssl',
  'crypto',
  'krb5',
  'ldap',
  'cas',
  'gsk',
];
const OS_EXTS = ['', '', '.a', '.so', '.cat', '.h', '.conf', '.cfg', '.1', '.8', '.jar', '.py', '.pl', '.rules', '.txt'];
const WELL_KNOWN = [
  './etc/hosts',
  './etc/hosts.equiv',
  './etc/hosts.lpd',
  './etc/passwd',
  './etc/group',
  './etc/security/passwd',
  './etc/security/user',
  './etc/inetd.conf',
  './etc/ntp.conf',
  './etc/syslog.conf',
  './etc/sendmail.cf',
  './etc/resolv.conf',
  './etc/filesystems',
  './etc/inittab',
  './etc/environment',
  './usr/lib/libc.a',
  './usr/sbin/sendmail',
  './image.data',
  './bosinst.data',
];
const APP_DIRS = ['opt/app', 'home/oper', 'home/dba', 'var/db', 'opt/IBM/db2/V11', 'usr/local/app', 'etc/app'];
const APP_WORDS = ['orders', 'invoice', 'payroll', 'ledger', 'batch', 'report', 'export', 'import', 'config', 'queue', 'session', 'index'];
const APP_EXTS = ['.dat', '.idx', '.sh', '.conf', '.log', '.ksh', '.sql', '.xml', ''];

/** A small fast deterministic generator (LCG): the same data on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** A name known to this fleet, with its attributes and from which backup of the server on it exists. */
interface Shape {
  name: string;
  size: number;
  mode: number;
  uid: number;
  mtime: number;
  from: number;
}

/** The base OS: the same paths on every server. */
function baseNames(count: number): Shape[] {
  const r = rng(7);
  const out: Shape[] = WELL_KNOWN.map((name) => ({
    name,
    size: 1000 + Math.floor(r() * 9000),
    mode: 0o100644,
    uid: 0,
    mtime: 1_650_000_000,
    from: 0,
  }));
  for (let i = out.length; i < count; i++) {
    const name = `./${pick(r, OS_DIRS)}/${pick(r, OS_WORDS)}${i}${pick(r, OS_EXTS)}`;
    out.push({
      name,
      size: Math.floor(r() ** 3 * 2_000_000),
      mode: r() < 0.3 ? 0o100755 : 0o100644,
      uid: 2,
      mtime: 1_600_000_000 + Math.floor(r() * 9e7),
      from: 0,
    });
  }
  return out;
}

/** The server's own files; 2% appear only from some backup on. */
function serverNames(server: number, count: number): Shape[] {
  const r = rng(1000 + server);
  const out: Shape[] = [];
  for (let i = 0; i < count; i++) {
    const dir = pick(r, APP_DIRS);
    const name = `./${dir}${dir === 'opt/app' || dir === 'var/db' ? server : ''}/${pick(r, APP_WORDS)}/${pick(r, APP_WORDS)}${i}${pick(r, APP_EXTS)}`;
    const from = r() < 0.02 ? Math.floor(r() * BACKUPS) : 0;
    out.push({
      name,
      size: Math.floor(r() ** 2 * 50_000_000),
      mode: 0o100640,
      uid: 200 + server,
      mtime: 1_700_000_000 + Math.floor(r() * 3e7),
      from,
    });
  }
  return out;
}

function dateOf(backup: number): Date {
  return new Date(Date.UTC(2026, 0, 1 + backup));
}
function ymd(d: Date): string {
  return d.toISOString().slice(0, 10).replaceAll('-', '');
}

/** The members of one backup: the base and the server's names (as of that backup) and its own dated logs. */
function* membersOf(base: Shape[], own: Shape[], server: number, backup: number): Generator<IndexedMember> {
  const r = rng(server * 1000 + backup);
  const at = Math.floor(dateOf(backup).getTime() / 1000);
  let offset = 0;
  for (const list of [base, own]) {
    for (const s of list) {
      if (s.from > backup) continue;
      const changed = r() < 0.1; // a tenth of the files were written since the last backup
      yield {
        name: s.name,
        kind: 'file',
        size: changed ? s.size + Math.floor(r() * 4096) : s.size,
        mode: s.mode,
        uid: s.uid,
        gid: 0,
        mtime: changed ? at - Math.floor(r() * 86400) : s.mtime,
        offset,
      };
      offset += 512 + s.size;
    }
  }
  const day = ymd(dateOf(backup));
  const unique = Math.round(MEMBERS * UNIQUE_SHARE);
  for (let i = 0; i < unique; i++) {
    const k = Math.floor(r() * 4);
    const name =
      k === 0
        ? `./var/adm/ras/errlog.${day}.${i}`
        : k === 1
          ? `./var/log/app${server}/trace.${day}.${i}.log`
          : k === 2
            ? `./tmp/mksysb.${day}.${i}/spool${i}`
            : `./var/spool/mqueue/qf${day}${i}`;
    yield {
      name,
      kind: 'file',
      size: Math.floor(r() * 100_000),
      mode: 0o100600,
      uid: 0,
      gid: 0,
      mtime: at - Math.floor(r() * 86400),
      offset,
    };
    offset += 512;
  }
}

/** What generation measured, kept with the catalog for reruns. */
interface Generated {
  indexMs: number;
  indexCpuMs?: number;
  plainMs: number;
  totalMs: number;
  members: number;
  load?: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1000;
}

function percentile(ms: number[], p: number): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

interface Query {
  pattern: string;
  filter: FindFilter;
}
const QUERIES: Query[] = [
  { pattern: '/etc/hosts', filter: {} },
  { pattern: 'passwd', filter: {} },
  { pattern: 'inetd.conf', filter: {} },
  { pattern: 'libc.a', filter: {} },
  { pattern: '*.conf', filter: {} },
  { pattern: './etc/*', filter: {} },
  { pattern: 'errlog.20260107', filter: {} },
  { pattern: 'payroll12', filter: { server: 'aix2' } },
  { pattern: 'sendmail', filter: { after: '2026-01-10T00:00:00Z' } },
  { pattern: 'nothing-here', filter: {} },
  { pattern: 'lib', filter: {} },
  { pattern: '*.log', filter: { server: 'aix1', before: '2026-01-15T00:00:00Z' } },
  { pattern: 'trace.20260103', filter: {} },
  { pattern: 'ntp', filter: {} },
];

async function main(): Promise<void> {
  const keep = process.env.FIND_BENCH_DIR;
  const dir = keep ? path.join(keep, `${SETS}x${MEMBERS}`) : fs.mkdtempSync(path.join(os.tmpdir(), 'sysbtape-bench-find-'));
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'catalog.db');
  const base = path.join(dir, 'baseline.db');
  const stamp = path.join(dir, 'generated.json');
  let gen = fs.existsSync(stamp) ? (JSON.parse(fs.readFileSync(stamp, 'utf8')) as Generated) : undefined;
  if (!gen) {
    for (const f of [file, base]) for (const x of ['', '-wal', '-shm']) fs.rmSync(f + x, { force: true });
    const cat = await openCatalog(file, { autoBackup: false });
    const plain = new Database(base);
    plain.pragma('journal_mode = WAL');
    plain.exec('CREATE TABLE members (image_set_id INTEGER, name TEXT, size INTEGER, mtime INTEGER)');
    const plainInsert = plain.prepare('INSERT INTO members VALUES (?, ?, ?, ?)');
    const osNames = baseNames(Math.round(MEMBERS * BASE_SHARE));
    let indexMs = 0;
    let indexCpuMs = 0;
    let plainMs = 0;
    let members = 0;
    const t = performance.now();
    for (let s = 0; s < SERVERS; s++) {
      const server = cat.servers.put({ name: `aix${s}`, host: `aix${s}.example`, user: 'root', workdir: '/tmp/s' });
      const own = serverNames(s, MEMBERS - osNames.length - Math.round(MEMBERS * UNIQUE_SHARE));
      for (let b = 0; b < BACKUPS; b++) {
        const set = cat.imageSets.add({
          serverId: server.id,
          capturedAt: dateOf(b).toISOString(),
          tapeblksz: 512,
          stagingPath: `/s/${s}/${b}`,
          images: (['boot', 'mkinsttape', 'mksysb'] as const).map((kind, k) => ({
            kind,
            fileName: kind,
            size: 1,
            sha256: (s * 1000 + b * 10 + k).toString(16).padStart(64, '0'),
          })),
        });
        const list = [...membersOf(osNames, own, s, b)];
        members += list.length;
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        cat.members.replace(set.id, 4, list);
        indexMs += performance.now() - t0;
        indexCpuMs += cpuMs(c0);
        const t1 = performance.now();
        plain.transaction(() => {
          for (const m of list) plainInsert.run(set.id, m.name, m.size, m.mtime);
        })();
        plainMs += performance.now() - t1;
        process.stderr.write(`\rindexed ${s * BACKUPS + b + 1}/${SERVERS * BACKUPS} image sets`);
      }
    }
    process.stderr.write('\n');
    gen = { indexMs, indexCpuMs, plainMs, totalMs: performance.now() - t, members, load: os.loadavg()[0]! };
    cat.close();
    plain.pragma('wal_checkpoint(TRUNCATE)');
    plain.close();
    fs.writeFileSync(stamp, JSON.stringify(gen));
  }

  const cat = await openCatalog(file, { autoBackup: false });
  const plain = new Database(base, { readonly: true });
  // Warm up once (first statement preparation, page cache), as a long-running app or a second CLI call would be.
  for (const q of QUERIES) cat.members.find(q.pattern, { ...q.filter, limitPerSet: 100 });
  const timeFind: number[] = [];
  const cpuFind: number[] = [];
  const loadBefore = os.loadavg()[0]!;
  const perPattern = new Map<string, { ms: number[]; backups: number; names: number; truncated: boolean }>();
  for (let round = 0; round < 15; round++) {
    for (const q of QUERIES) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = cat.members.find(q.pattern, { ...q.filter, limitPerSet: 100 });
      const ms = performance.now() - t0;
      timeFind.push(ms);
      cpuFind.push(cpuMs(c0));
      const p = perPattern.get(q.pattern) ?? { ms: [], backups: r.backups.length, names: r.namesMatched, truncated: r.truncated };
      p.ms.push(ms);
      perPattern.set(q.pattern, p);
    }
  }
  // The baseline: the same search as a LIKE/GLOB scan of a plain table (one round: each query is a full scan).
  const timePlain: number[] = [];
  const cpuPlain: number[] = [];
  const plainServerOf = (f: FindFilter) => (f.server ? ` AND image_set_id IN (SELECT id FROM sets WHERE server = '${f.server}')` : '');
  plain.exec(`ATTACH '${file}' AS cat`);
  plain.exec(
    'CREATE TEMP VIEW sets AS SELECT i.id, s.name AS server, i.captured_at FROM cat.image_sets i JOIN cat.servers s ON s.id = i.server_id',
  );
  for (const q of QUERIES) {
    const glob = /[*?[]/.test(q.pattern);
    const arg = glob ? (q.pattern.includes('/') ? q.pattern : `*/${q.pattern}`) : `%${q.pattern}%`;
    const where =
      `name ${glob ? 'GLOB' : 'LIKE'} ?${plainServerOf(q.filter)}` +
      `${q.filter.before ? ` AND image_set_id IN (SELECT id FROM sets WHERE captured_at < '${q.filter.before}')` : ''}` +
      `${q.filter.after ? ` AND image_set_id IN (SELECT id FROM sets WHERE captured_at >= '${q.filter.after}')` : ''}`;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    plain.prepare(`SELECT image_set_id, name, size, mtime FROM members WHERE ${where}`).all(arg);
    timePlain.push(performance.now() - t0);
    cpuPlain.push(cpuMs(c0));
  }
  cat.close();
  plain.close();
  const catalogBytes = fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
  const millions = gen.members / 1e6;
  const row = (label: string, ms: number[]) =>
    `${label.padEnd(40)} p50 ${percentile(ms, 50).toFixed(2).padStart(9)} ms   p99 ${percentile(ms, 99).toFixed(2).padStart(9)} ms`;
  const lines = [
    `find over ${SETS} image sets × ${MEMBERS} members (${gen.members.toLocaleString('en')} rows; ${SERVERS} servers), ` +
      `${timeFind.length} queries (${QUERIES.length} patterns × 15), node ${process.version}`,
    `machine: ${os.cpus().length} cores shared with other work, load average ${loadBefore.toFixed(1)} when timing started, ${os.loadavg()[0]!.toFixed(1)} at the end;`,
    "  wall = elapsed time (inflated by the load), cpu = this process's CPU time (what an idle core would take)",
    row('sysbtape find, wall', timeFind),
    row('sysbtape find, cpu', cpuFind),
    row(`baseline LIKE/GLOB scan, wall (${timePlain.length} q)`, timePlain),
    row(`baseline LIKE/GLOB scan, cpu (${timePlain.length} q)`, cpuPlain),
    `p99 ratio baseline/find: ${(percentile(timePlain, 99) / percentile(timeFind, 99)).toFixed(0)}× wall, ${(percentile(cpuPlain, 99) / percentile(cpuFind, 99)).toFixed(0)}× cpu;` +
      `   goal find p99 < 50 ms: wall ${percentile(timeFind, 99) < 50 ? 'met' : 'NOT met'}, cpu ${percentile(cpuFind, 99) < 50 ? 'met' : 'NOT met'}`,
    ...[...perPattern].map(
      ([p, v]) =>
        `  ${p.padEnd(18)} max ${Math.max(...v.ms)
          .toFixed(2)
          .padStart(8)} ms  backups ${String(v.backups).padStart(3)}  names ${v.names}${v.truncated ? ' (truncated)' : ''}`,
    ),
    `index: ${(gen.indexMs / (SERVERS * BACKUPS)).toFixed(0)} ms per image set of ~${MEMBERS} members: ${(((gen.indexMs / gen.members) * 500_000) / 1000).toFixed(2)} s wall, ` +
      `${gen.indexCpuMs === undefined ? 'n/a' : (((gen.indexCpuMs / gen.members) * 500_000) / 1000).toFixed(2)} s cpu per 500,000 ` +
      `(load average ${gen.load?.toFixed(1) ?? 'n/a'} at the end of generation)`,
    `catalog size ${(catalogBytes / 2 ** 20).toFixed(0)} MiB = ${(catalogBytes / millions / 2 ** 20).toFixed(1)} MiB per million members; ` +
      `baseline table ${(fs.statSync(base).size / 2 ** 20).toFixed(0)} MiB`,
    `generation (index + baseline table + data): ${(gen.totalMs / 1000).toFixed(0)} s (baseline inserts ${(gen.plainMs / 1000).toFixed(0)} s)`,
  ];
  console.log(lines.join('\n'));
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(`bench/results/find-${SETS}x${MEMBERS}.txt`, `${lines.join('\n')}\n`);
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
}

await main();
