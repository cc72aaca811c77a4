/**
 * Benchmark: `sysbtape make-images` (synthetic mksysb generation) against `dd if=/dev/zero` writing
 * the same number of bytes to the same disk in the same run, for 256 MiB and 1 GiB. Also measures
 * generation alone (no disk). Peak RSS of each child comes from /usr/bin/time -v.
 * Usage: node bench/make-images.ts [sizes in MiB…]   (results also go to bench/results/)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageSetTexts } from '../electron/services/aix/synthetic/image-set.ts';
import { mksysbChunks } from '../electron/services/aix/synthetic/mksysb-image.ts';

const MiB = 1024 * 1024;
const root = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;

/** Child mode: generate a mksysb in memory and discard it. */
function generateOnly(sizeMiB: number): void {
  const sizeBytes = sizeMiB * MiB;
  let bytes = 0;
  for (const chunk of mksysbChunks({ seed: 1, sizeBytes, date: 1_768_444_200, pack: true, ...imageSetTexts({ mksysbSize: sizeBytes }) }))
    bytes += chunk.length;
  process.stdout.write(`${bytes}\n`);
}

interface Run {
  seconds: number;
  rssMiB: number;
}

const ROUNDS = 3;

/** The run with the median time (its RSS comes along; RSS varies little between runs). */
function median(runs: Run[]): Run {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)]!;
}

/** Runs a command under /usr/bin/time -v; wall time measured here, peak RSS from time's report. */
function timed(cmd: string, args: string[]): Run {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 16 * MiB });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { seconds, rssMiB: rss ? Number(rss[1]) / 1024 : NaN };
}

function main(): void {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const list = sizes.length > 0 ? sizes : [256, 1024];
  const work = mkdtempSync(join(tmpdir(), 'sysbtape-bench-images-'));
  const rows: string[] = [
    '| mksysb | dd if=/dev/zero MB/s | make-images MB/s | ratio | make-images peak RSS | generate only MB/s | generate only peak RSS | CLI start-up (--help) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  try {
    for (const mib of list) {
      const mb = (mib * MiB) / 1e6;
      // Interleaved and repeated: the machine is shared, so each figure is the median of three runs.
      const dds: Run[] = [];
      const makes: Run[] = [];
      const gens: Run[] = [];
      const starts: Run[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        starts.push(timed(node, ['bin/sysbtape.js', '--help']));
        dds.push(timed('dd', ['if=/dev/zero', `of=${join(work, 'dd.img')}`, 'bs=1M', `count=${mib}`, 'status=none']));
        rmSync(join(work, 'dd.img'));
        makes.push(
          timed(node, ['bin/sysbtape.js', 'make-images', '--out', join(work, 'set'), '--mksysb-size', `${mib}MiB`, '--seed', '1']),
        );
        rmSync(join(work, 'set'), { recursive: true });
        gens.push(timed(node, [fileURLToPath(import.meta.url), '--generate-only', String(mib)]));
      }
      const [dd, make, gen, start] = [median(dds), median(makes), median(gens), median(starts)];
      const rate = (r: Run): number => mb / r.seconds;
      rows.push(
        `| ${mib} MiB | ${rate(dd).toFixed(0)} | ${rate(make).toFixed(0)} | ${(rate(make) / rate(dd)).toFixed(2)}× | ${make.rssMiB.toFixed(0)} MiB | ${rate(gen).toFixed(0)} | ${gen.rssMiB.toFixed(0)} MiB | ${start.seconds.toFixed(1)} s, ${start.rssMiB.toFixed(0)} MiB |`,
      );
      process.stdout.write(`${rows.at(-1)}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const table = rows.join('\n');
  const note = '(medians of 3 runs; make-images includes Node start-up, the boot and mkinsttape images, and writing to disk)';
  process.stdout.write(`\n${table}\n${note}\n`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results', `make-images-${new Date().toISOString().replace(/[:.]/g, '-')}.md`), `${table}\n${note}\n`);
}

if (process.argv[2] === '--generate-only') generateOnly(Number(process.argv[3]));
else main();
