/**
 * Benchmark: write throughput through LinuxStDrive on the REAL Linux st driver (the rig: tgtd tape LUN,
 * QEMU/TCG guest) against `dd ibs=512 obs=256k conv=sync` of the same bytes to the same /dev/nst0 in
 * the same guest, alternating, several rounds (goal: LinuxStDrive ≥ 0.9× dd). Peak RSS of each
 * process from /usr/bin/time in the guest. Absolute MB/s are the emulated rig's (TCG + iSCSI + tgt),
 * not a real drive's; the ratio is the figure that matters. (Measured here: with 1 MiB write() calls
 * LinuxStDrive ran at 0.76× dd, with 256 KiB calls at 1.47×, hence ST_MAX_WRITE = 256 KiB.)
 * Usage: node bench/st-write.ts [MiB] [rounds]   (results also go to bench/results/st-write.txt)
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RIG_DIR, prepareRig, runRig } from '../test/rig/rig.ts';

const MiB = 1024 * 1024;
const sizeMiB = Number(process.argv[2] ?? 32);
const rounds = Number(process.argv[3] ?? 3);
// Not a multiple of 512, so both sides pad the last block the same way.
const bytes = sizeMiB * MiB + 100;
const onTape = Math.ceil(bytes / 512) * 512;

interface Sample {
  tool: string;
  round: number;
  wallMs: number;
  selfMs: number;
  rssKiB: number;
}

const cacheDir = await prepareRig();
const run = await runRig({
  cacheDir,
  cartridges: [{ sizeMiB: sizeMiB * 2 + 16, barcode: 'BENCH1L6' }],
  script: join(RIG_DIR, 'scenarios/bench-st-write.sh'),
  arg: String(rounds),
  timeoutMs: 1_800_000,
  setup: (outDir) => writeFile(join(outDir, 'bench.img'), randomBytes(bytes)),
});
try {
  if (run.guest.rc !== 0)
    throw new Error(`bench guest failed (rc ${run.guest.rc}):\n${run.guest.guestLog}\n${run.guest.serialLog.slice(-2000)}`);
  const samples: Sample[] = (await readFile(join(run.outDir, 'bench.txt'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => {
      const [tool, round, wallMs, selfMs, rssKiB] = line.split(/\s+/);
      return { tool: tool!, round: Number(round), wallMs: Number(wallMs), selfMs: Number(selfMs), rssKiB: Number(rssKiB) };
    });
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)]!;
  };
  const mbps = (ms: number): number => onTape / 1e6 / (ms / 1000);
  const rows = ['dd', 'linux-st-drive'].map((tool) => {
    const mine = samples.filter((s) => s.tool === tool);
    return {
      tool,
      selfMBps: median(mine.map((s) => mbps(s.selfMs))),
      bestMBps: Math.max(...mine.map((s) => mbps(s.selfMs))),
      wallMBps: median(mine.map((s) => mbps(s.wallMs))),
      rssMiB: Math.max(...mine.map((s) => s.rssKiB)) / 1024,
    };
  });
  const [dd, app] = rows as [(typeof rows)[0], (typeof rows)[0]];
  const lines = [
    `st-write: ${(onTape / MiB).toFixed(1)} MiB in 512-byte blocks to /dev/nst0 (real st driver, tgt tape, QEMU TCG), median of ${rounds} rounds`,
    'tool                      write MB/s (median)   write MB/s (best)   process MB/s   peak RSS',
    ...rows.map(
      (r) =>
        `${r.tool.padEnd(24)} ${r.selfMBps.toFixed(2).padStart(20)} ${r.bestMBps.toFixed(2).padStart(19)} ${r.wallMBps.toFixed(2).padStart(14)} ${r.rssMiB.toFixed(1).padStart(8)} MiB`,
    ),
    `ratio LinuxStDrive / dd (write phase): median ${(app.selfMBps / dd.selfMBps).toFixed(2)}×, best ${(app.bestMBps / dd.bestMBps).toFixed(2)}×   (goal ≥ 0.90×)`,
    `ratio including Node start-up and open: ${(app.wallMBps / dd.wallMBps).toFixed(2)}×`,
    "write MB/s: dd's own figure vs the drive's write loop incl. the filemark; process MB/s: whole process wall time",
    `raw: ${samples.map((s) => `${s.tool}#${s.round} ${s.selfMs}/${s.wallMs} ms`).join(', ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'st-write.txt'), `${new Date().toISOString()}\n${lines.join('\n')}\n`);
} finally {
  await run.cleanup();
}
