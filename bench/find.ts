/**
 * `find` benchmark (#12): 100 image sets of 200,000 members each (5 servers × 20 backups; backups of one
 * server share ~97% of their paths, as real ones do), indexed through the catalog API. Times `find`
 * (catalog.members.find: FTS5 trigram over names stored once, then the per-set rows) for a mix of
 * patterns, against the baseline the issue names in the same run: a plain table of (image set, name,
 * size, mtime) searched with LIKE. Also reports index time per 500,000-member image set and bytes per
 * member. Goal: find p99 < 50 ms.
 *   node bench/find.ts [sets=100] [members=200000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openCatalog } from '../electron/services/catalog/catalog.ts';
import type { IndexedMember } from '../electron/services/catalog/member-index.ts';

const SETS = Number(process.argv[2] ?? 100);
const MEMBERS = Number(process.argv[3] ?? 200_000);
const SERVERS = 5;
const DIRS = ['etc', 'usr/bin', 'usr/lib', 'usr/share/man/man1', 'opt/freeware/lib', 'var/adm', 'home/oper', 'usr/lpp/bos', 'sbin', 'usr/sbin'];
const WORDS = ['hosts', 'passwd', 'inetd', 'ntp', 'syslog', 'profile', 'errpt', 'lsattr', 'mkdev', 'bootinfo', 'installp', 'tctl', 'sendmail', 'cron', 'snmpd'];
const EXTS = ['', '.conf', '.cfg', '.so', '.a', '.cat', '.txt', '.rules', '.8'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

/** The member names of a server: deterministic, distinct. */
function serverNames(server: number): string[] {
  const r = rng(1000 + server);
  const names: string[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const dir = DIRS[Math.floor(r() * DIRS.length)]!;
    const word = WORDS[Math.floor(r() * WORDS.length)]!;
    names.push(`./${dir}/d${i % 997}/${word}${i}${EXTS[Math.floor(r() * EXTS.length)]}`);
  }
  return names;
}

function* membersOf(names: string[], backup: number): Generator<IndexedMember> {
  const r = rng(backup);
  for (let i = 0; i < names.length; i++) {
    // ~3% of paths differ per backup: a patch renames or adds files.
    const name = r() < 0.03 ? `${names[i]!}.b${backup}` : names[i]!;
    yield { name, kind: 'file', size: Math.floor(r() * 100_000), mode: 0o100644, uid: 0, gid: 0, mtime: 1_700_000_000 + backup * 86400, offset: i * 512 };
  }
}

function percentile(ms: number[], p: number): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysbtape-bench-find-'));
  const file = path.join(dir, 'catalog.db');
  const cat = await openCatalog(file, { autoBackup: false });
  const base = path.join(dir, 'baseline.db');
  const plain = new Database(base);
  plain.pragma('journal_mode = WAL');
  plain.exec('CREATE TABLE members (image_set_id INTEGER, name TEXT, size INTEGER, mtime INTEGER)');
  const plainInsert = plain.prepare('INSERT INTO members VALUES (?, ?, ?, ?)');
  let indexMs = 0;
  for (let s = 0; s < SERVERS; s++) {
    const server = cat.servers.put({ name: `aix${s}`, host: `aix${s}.example`, user: 'root', workdir: '/tmp/s' });
    const names = serverNames(s);
    for (let b = 0; b < SETS / SERVERS; b++) {
      const set = cat.imageSets.add({ serverId: server.id, capturedAt: new Date(Date.UTC(2026, 0, 1 + b)).toISOString(), tapeblksz: 512, stagingPath: `/s/${s}/${b}`,
        images: (['boot', 'mkinsttape', 'mksysb'] as const).map((kind, k) => ({ kind, fileName: kind, size: 1, sha256: (s * 1000 + b * 10 + k).toString(16).padStart(64, '0') })) });
      const t0 = performance.now();
      cat.members.replace(set.id, 4, membersOf(names, s * 100 + b));
      indexMs += performance.now() - t0;
      plain.transaction(() => { for (const m of membersOf(names, s * 100 + b)) plainInsert.run(set.id, m.name, m.size, m.mtime); })();
      process.stderr.write(`\rindexed ${(s * SETS) / SERVERS + b + 1}/${SETS} image sets`);
    }
  }
  process.stderr.write('\n');
  const patterns = ['hosts12', 'passwd', '/etc/', 'inetd.conf', '*.rules', 'usr/lib/d42/*', 'sendmail19', 'nothing-here', 'ntp7', '*.b7'];
  const queries = Array.from({ length: 200 }, (_, i) => patterns[i % patterns.length]!);
  const timeFind: number[] = [];
  let rowsFound = 0;
  for (const q of queries) {
    const t0 = performance.now();
    const hits = cat.members.find(q, { limitPerSet: 100 });
    timeFind.push(performance.now() - t0);
    rowsFound += hits.backups.length;
  }
  // The baseline: the same substring/pattern as a LIKE/GLOB scan of a plain table (fewer rounds: each is a full scan).
  const timePlain: number[] = [];
  for (const q of queries.slice(0, 20)) {
    const t0 = performance.now();
    if (/[*?[]/.test(q)) plain.prepare('SELECT image_set_id, name, size, mtime FROM members WHERE name GLOB ?').all(q.includes('/') ? `./${q}` : `*/${q}`);
    else plain.prepare("SELECT image_set_id, name, size, mtime FROM members WHERE name LIKE ?").all(`%${q}%`);
    timePlain.push(performance.now() - t0);
  }
  const members = SETS * MEMBERS;
  cat.close();
  plain.close();
  const catalogBytes = fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
  const row = (label: string, ms: number[]) => `${label.padEnd(30)} p50 ${percentile(ms, 50).toFixed(2).padStart(9)} ms   p99 ${percentile(ms, 99).toFixed(2).padStart(9)} ms`;
  const lines = [
    `find over ${SETS} image sets × ${MEMBERS} members (${members.toLocaleString('en')} rows), ${queries.length} queries; backups found: ${rowsFound}`,
    row('sysbtape find (FTS5 trigram)', timeFind),
    row('baseline LIKE scan', timePlain),
    `p99 ratio baseline/find: ${(percentile(timePlain, 99) / percentile(timeFind, 99)).toFixed(1)}×   goal find p99 < 50 ms: ${percentile(timeFind, 99) < 50 ? 'met' : 'NOT met'}`,
    `index: ${(indexMs / SETS).toFixed(0)} ms per image set of ${MEMBERS} members (${((indexMs / SETS) * (500_000 / MEMBERS) / 1000).toFixed(2)} s per 500,000)`,
    `catalog size ${(catalogBytes / 2 ** 20).toFixed(0)} MiB = ${(catalogBytes / members).toFixed(1)} bytes per member; baseline table ${(fs.statSync(base).size / 2 ** 20).toFixed(0)} MiB`,
  ];
  console.log(lines.join('\n'));
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/find.txt', `${lines.join('\n')}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
