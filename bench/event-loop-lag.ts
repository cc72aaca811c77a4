/**
 * Benchmark: the main event loop's lag (perf_hooks.monitorEventLoopDelay) while the job engine
 * captures, fetches and writes a 1 GiB mksysb (goal: p99 < 50 ms during fetch and write), against,
 * in the same run, the same four-record write done on the main thread — what the engine's worker
 * threads avoid. The simulated AIX host runs in a child process so its SSH server does not load the
 * measured loop. Peak RSS of this process (workers included) from process.resourceUsage().
 * Usage: node bench/event-loop-lag.ts [mksysb MiB, default 1024]   (results also go to bench/results/)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openCatalog } from '../electron/services/catalog/catalog.ts';
import { JobEngine } from '../electron/services/jobs/job-engine.ts';
import { DEFAULT_CAPTURE } from '../electron/services/ssh/capture.ts';
import { startEmbeddedAixHost } from '../electron/sim/embedded-host.ts';
import { writeFourRecordTape } from '../electron/services/tape/four-record-writer.ts';
import { SimhTapeDrive } from '../electron/services/tape/simh-tape-drive.ts';

const MiB = 1024 * 1024;
const root = fileURLToPath(new URL('..', import.meta.url));

interface HostInfo {
  host: string;
  port: number;
  user: string;
  keyPath: string;
  workdir: string;
  hostKeyFingerprint: string;
  hostKeyType: string;
}

/** Child mode: run the embedded simulated AIX host until stdin closes. */
async function hostChild(mib: number): Promise<void> {
  const host = await startEmbeddedAixHost({ sim: { mksysbBytes: mib * MiB, hostname: 'benchaix', mksysbMillis: 1000 } });
  const info: HostInfo = {
    host: host.host,
    port: host.port,
    user: host.user,
    keyPath: host.keyPath,
    workdir: host.workdir,
    hostKeyFingerprint: host.hostKeyFingerprint,
    hostKeyType: host.hostKeyType,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void host.stop().then(() => process.exit(0));
  });
}

interface Row {
  what: string;
  seconds: number;
  mb: number;
  p50: number;
  p99: number;
  max: number;
}

const ms = (ns: number): number => ns / 1e6;

function row(what: string, h: { percentile(p: number): number; max: number }, seconds: number, bytes: number): Row {
  return { what, seconds, mb: bytes / 1e6, p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };
}

async function main(): Promise<void> {
  const mib = Number(process.argv[2] ?? 1024);
  const work = mkdtempSync(join(tmpdir(), 'sysbtape-bench-lag-'));
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--host', String(mib)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`host child exited (${code})`)));
    });
    const h = JSON.parse(first) as HostInfo;
    const catalog = await openCatalog(join(work, 'catalog.db'), { autoBackup: false });
    catalog.servers.put({
      name: 'benchaix',
      host: h.host,
      port: h.port,
      user: h.user,
      auth: ['key'],
      keyPath: h.keyPath,
      workdir: h.workdir,
      hostKeys: [{ fingerprint: h.hostKeyFingerprint, keyType: h.hostKeyType, pinnedAt: new Date().toISOString() }],
    });
    catalog.cartridges.add({ volser: 'BENCH1', mediaId: 'L8' });
    const engine = new JobEngine(catalog);
    const tape = join(work, 'bench.tap');
    const job = engine.createTapeJob({
      server: 'benchaix',
      target: tape,
      volser: 'BENCH1',
      stagingRoot: join(work, 'staging'),
      labelDir: join(work, 'labels'),
      capture: DEFAULT_CAPTURE,
      knownHostsPath: null,
    });

    // 1 ms sampling: every value includes that 1 ms interval, so an idle loop reads about 1 ms.
    const lag = monitorEventLoopDelay({ resolution: 1 });
    const fetchAndWrite = monitorEventLoopDelay({ resolution: 1 });
    const rows: Row[] = [];
    lag.enable();
    const idleStart = performance.now();
    await new Promise((r) => setTimeout(r, 3000));
    rows.push(row('idle main loop (machine noise)', lag, (performance.now() - idleStart) / 1000, 0));
    let started = 0;
    let bytes = 0;
    engine.subscribe((e) => {
      if (e.type === 'progress') bytes = Math.max(bytes, e.progress.bytes);
      if (e.type !== 'step') return;
      if (e.state === 'running') {
        lag.reset();
        started = performance.now();
        bytes = 0;
        if (e.step === 'fetch') fetchAndWrite.enable();
        return;
      }
      rows.push(row(`job step ${e.step} (worker thread)`, lag, (performance.now() - started) / 1000, bytes));
      if (e.step === 'write') fetchAndWrite.disable();
      process.stdout.write(`${e.step}: ${e.state}\n`);
    });
    const outcome = await engine.run(job.id, { confirmed: ['*'] });
    if (outcome.verdict !== 'pass') throw new Error(`the job did not pass: ${JSON.stringify(outcome.job.steps.map((s) => s.message))}`);
    const fw = row('fetch + write together (worker threads)', fetchAndWrite, 0, 0);

    // Baseline in the same run: the same write with the tape writer on the main thread.
    lag.reset();
    const t0 = performance.now();
    await writeFourRecordTape(new SimhTapeDrive(join(work, 'baseline.tap')), outcome.imageSetDir!);
    rows.push(
      row(
        'baseline: same write on the main thread',
        lag,
        (performance.now() - t0) / 1000,
        statSync(join(outcome.imageSetDir!, '4_mksysb.img')).size,
      ),
    );
    lag.disable();
    catalog.close();

    const maxRssMiB = process.resourceUsage().maxRSS / 1024;
    const table = [
      `Event-loop lag of the main thread, ${mib} MiB mksysb, ${new Date().toISOString()} (goal: p99 < 50 ms during fetch and write)`,
      '',
      '| what | seconds | MB/s | delay p50 ms | delay p99 ms | delay max ms |',
      '|---|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.what} | ${r.seconds.toFixed(1)} | ${r.mb > 0 && r.seconds > 0 ? (r.mb / r.seconds).toFixed(0) : '-'} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} |`,
      ),
      `| ${fw.what} | - | - | ${fw.p50.toFixed(1)} | ${fw.p99.toFixed(1)} | ${fw.max.toFixed(1)} |`,
      '',
      `Peak RSS of the job process (main + worker threads): ${maxRssMiB.toFixed(0)} MiB. The simulated host runs in a separate process.`,
    ].join('\n');
    process.stdout.write(`\n${table}\n`);
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(join(root, 'bench', 'results', `event-loop-lag-${new Date().toISOString().replace(/[:.]/g, '-')}.md`), `${table}\n`);
  } finally {
    child.stdin?.end();
    await new Promise((r) => {
      if (child.exitCode !== null) r(undefined);
      else child.once('exit', r);
    });
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--host') await hostChild(Number(process.argv[3]));
else await main();
