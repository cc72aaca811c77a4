/**
 * Benchmark: `sysbtape list` of a synthetic mksysb against `sha256sum` of the same file, in the same
 * run, for 256 MiB and 1 GiB (goal: list at least as fast as sha256sum). Also: the parser fed every
 * byte (what the tape read-back does), packed-member decode speed, and peak RSS of each child
 * (/usr/bin/time -v). The file is read once beforehand so every contender starts from a warm cache.
 * Usage: node bench/archive-list.ts [sizes in MiB…]   (results also go to bench/results/)
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanArchiveFile } from '../electron/services/aix/archive-file.ts';
import { HuffmanDecoder } from '../electron/services/aix/huffman-decoder.ts';

const MiB = 1024 * 1024;
const root = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;
const self = fileURLToPath(import.meta.url);

/** Child mode: scan the file in-process (seeking, or every byte); print members and seconds spent. */
async function scanOnly(file: string, readAll: boolean): Promise<void> {
  const started = process.hrtime.bigint();
  const s = await scanArchiveFile(file, { readAll, decodePacked: false });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!s.complete) throw new Error(`archive has problems: ${JSON.stringify(s.problems.slice(0, 3))}`);
  process.stdout.write(`${s.memberCount} ${seconds}\n`);
}

/** Child mode: decode every packed member (read into memory first, up to 256 MiB); print MB/s. */
async function decodePacked(file: string): Promise<void> {
  const packed: Array<{ at: number; stored: number; size: number }> = [];
  await scanArchiveFile(file, {
    decodePacked: false,
    onMember: (m) => {
      if (m.packed) packed.push({ at: m.dataOffset, stored: m.storedLength, size: m.size });
    },
  });
  const fd = openSync(file, 'r');
  const inputs: Array<{ data: Buffer; size: number }> = [];
  let held = 0;
  for (const p of packed) {
    if (held + p.stored > 256 * MiB) break;
    const data = Buffer.allocUnsafe(p.stored);
    readSync(fd, data, 0, p.stored, p.at);
    inputs.push({ data, size: p.size });
    held += p.stored;
  }
  closeSync(fd);
  const time = (withOutput: boolean): { seconds: number; bytes: number } => {
    const started = process.hrtime.bigint();
    let bytes = 0;
    for (const { data, size } of inputs) {
      const dec = new HuffmanDecoder(
        size,
        withOutput
          ? (c) => {
              bytes += c.length;
            }
          : undefined,
      );
      dec.write(data);
      const r = dec.end();
      if (!r.ok) throw new Error(r.error ?? 'decode failed');
      if (!withOutput) bytes += r.decodedBytes;
    }
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes };
  };
  const out = time(true);
  const count = time(false);
  process.stdout.write(
    `${inputs.length} ${held} ${out.bytes} ${(out.bytes / 1e6 / out.seconds).toFixed(1)} ${(count.bytes / 1e6 / count.seconds).toFixed(1)}\n`,
  );
}

interface Run {
  seconds: number;
  rssMiB: number;
  stdout: string;
}

/** Runs a command under /usr/bin/time -v; wall time measured here, peak RSS from time's report. */
function timed(cmd: string, args: string[]): Run {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 256 * MiB });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { seconds, rssMiB: rss ? Number(rss[1]) / 1024 : NaN, stdout: r.stdout };
}

function main(): void {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const list = sizes.length > 0 ? sizes : [256, 1024];
  const work = mkdtempSync(join(tmpdir(), 'sysbtape-bench-list-'));
  const rows: string[] = [
    '| mksysb | members | sha256sum MB/s | `sysbtape list` MB/s (ratio) | list peak RSS | list scan in-process MB/s (ratio) | every byte through the parser MB/s (ratio) | its peak RSS | packed decode MB/s (output / count only) |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  try {
    for (const mib of list) {
      const set = join(work, `set-${mib}`);
      timed(node, ['bin/sysbtape.js', 'make-images', '--out', set, '--mksysb-size', `${mib}MiB`, '--seed', '1']);
      const file = join(set, '4_mksysb.img');
      timed('dd', [`if=${file}`, 'of=/dev/null', 'bs=1M', 'status=none']); // warm the page cache for everyone alike
      const mb = Number(spawnSync('stat', ['-c', '%s', file], { encoding: 'utf8' }).stdout.trim()) / 1e6;
      const sha = timed('sha256sum', [file]);
      const lst = timed(node, ['bin/sysbtape.js', 'list', file]);
      const members = /files archived: (\d+)/.exec(lst.stdout)?.[1] ?? '?';
      const scan = timed(node, [self, '--scan', file]);
      const all = timed(node, [self, '--read-all', file]);
      const dec = timed(node, [self, '--decode', file]).stdout.trim().split(' ');
      const shaRate = mb / sha.seconds;
      const cell = (rate: number): string => `${rate.toFixed(0)} (${(rate / shaRate).toFixed(2)}×)`;
      const inner = (r: Run): number => mb / Number(r.stdout.trim().split(' ')[1]);
      rows.push(
        `| ${mib} MiB | ${members} | ${shaRate.toFixed(0)} | ${cell(mb / lst.seconds)} | ${lst.rssMiB.toFixed(0)} MiB | ${cell(inner(scan))} ` +
          `| ${cell(inner(all))} | ${all.rssMiB.toFixed(0)} MiB | ${dec[3]} / ${dec[4]} (${dec[0]} members, ${(Number(dec[2]) / MiB).toFixed(0)} MiB out) |`,
      );
      process.stdout.write(`${rows.at(-1)}\n`);
      rmSync(set, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const table = rows.join('\n');
  const note =
    '(`sysbtape list` is the whole command, Node and CLI start-up included; "scan in-process" times the same scan without ' +
    'start-up; both seek past member data and read headers only, like restore -T. "every byte" feeds the whole file through the parser, ' +
    'as a tape read-back does. Packed decode: every packed member of the image, decoded in memory.)';
  process.stdout.write(`\n${table}\n${note}\n`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results', `archive-list-${new Date().toISOString().replace(/[:.]/g, '-')}.md`), `${table}\n${note}\n`);
}

if (process.argv[2] === '--read-all') await scanOnly(process.argv[3]!, true);
else if (process.argv[2] === '--scan') await scanOnly(process.argv[3]!, false);
else if (process.argv[2] === '--decode') await decodePacked(process.argv[3]!);
else main();
