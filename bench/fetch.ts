/**
 * Benchmark: fetching a 1 GiB image over loopback SSH with SysbTape's fetch (SFTP with many reads in
 * flight, and `cat` over an exec channel; both hash SHA-256 while receiving) against OpenSSH's `scp`
 * of the same file from the same sshd in the same run. Reports MB/s, the ratio to scp, CPU time
 * (user+sys) and peak RSS of each, measured by /usr/bin/time -v around a child process. A second baseline,
 * `ssh cat | tee | openssl dgst -sha256`, does the same work as the fetch (keep the bytes, SHA-256 while
 * receiving) with OpenSSH and OpenSSL, to tell the cost of the transport from the cost of hashing.
 * Usage: node bench/fetch.ts [size in MiB] [rounds]   (default 1024 MiB, 2 rounds; results also in bench/results/)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FetchTransport } from '../electron/services/ssh/fetch-file.ts';
import { RemoteHost } from '../electron/services/ssh/remote-host.ts';
import { normalizeServerConfig } from '../electron/services/ssh/server-config.ts';
import { startSshd } from '../test/helpers/sshd.ts';

const MiB = 1024 * 1024;
const root = fileURLToPath(new URL('..', import.meta.url));

interface ChildArgs {
  transport: FetchTransport;
  port: number;
  user: string;
  keyPath: string;
  fingerprint: string;
  source: string;
  dest: string;
}

/** Child mode: one fetch, prints the SHA-256 it computed while receiving. */
async function child(a: ChildArgs): Promise<void> {
  const server = normalizeServerConfig({
    name: 'bench',
    host: '127.0.0.1',
    port: a.port,
    user: a.user,
    auth: ['key'],
    keyPath: a.keyPath,
    workdir: '/tmp/sysbtape',
    hostKeys: [{ fingerprint: a.fingerprint, keyType: 'ssh-ed25519', pinnedAt: '' }],
  });
  const host = await RemoteHost.connect(server, { knownHostsPath: null });
  try {
    const started = performance.now();
    const r = await host.fetch(a.source, a.dest, { transport: a.transport, resume: false });
    // Second line: the fetch alone (connected, modules loaded), as inside the app's long-lived process.
    process.stdout.write(`${r.sha256}\n${((performance.now() - started) / 1000).toFixed(3)}\n`);
  } finally {
    host.close();
  }
}

interface Run {
  seconds: number;
  cpuSeconds: number;
  rssMiB: number;
  stdout: string;
  fetchSeconds?: number;
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  // Start every run with no dirty pages: otherwise one run's writeback (the source file, the last
  // output) lands in the next one's time, and which method pays for it is luck.
  spawnSync('sync');
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd: root, env, encoding: 'utf8', maxBuffer: 16 * MiB });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const num = (re: RegExp) => Number(re.exec(r.stderr)?.[1] ?? NaN);
  return {
    seconds,
    cpuSeconds: num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/),
    rssMiB: num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024,
    stdout: r.stdout,
  };
}

async function main(): Promise<void> {
  const sizeMiB = Number(process.argv[2] ?? 1024);
  const rounds = Number(process.argv[3] ?? 2);
  const sshd = await startSshd({ logLevel: 'INFO' });
  const local = mkdtempSync(join(tmpdir(), 'sysbtape-bench-fetch-'));
  try {
    const source = join(sshd.workdir, '4_mksysb.img');
    spawnSync('sh', ['-c', `head -c ${sizeMiB * MiB} /dev/urandom > '${source}'`]);
    const bytes = statSync(source).size;
    const expected = spawnSync('sha256sum', [source], { encoding: 'utf8' }).stdout.split(' ')[0]!;
    const sha = timed('sha256sum', [source]);
    const results: Record<string, Run[]> = { scp: [], 'ssh+openssl': [], sftp: [], exec: [] };
    for (let round = 0; round < rounds; round++) {
      const dest = join(local, 'scp.img');
      results.scp!.push(
        timed('scp', [
          '-q',
          '-i',
          sshd.keyPath,
          '-P',
          String(sshd.port),
          '-o',
          'StrictHostKeyChecking=no',
          '-o',
          'UserKnownHostsFile=/dev/null',
          '-o',
          'LogLevel=ERROR',
          `${sshd.user}@127.0.0.1:${source}`,
          dest,
        ]),
      );
      if (statSync(dest).size !== bytes) throw new Error('scp copied the wrong size');
      rmSync(dest);
      // The same work as sysbtape's fetch done by OpenSSH and OpenSSL: stream, keep, SHA-256 while receiving.
      const teed = join(local, 'ssh.img');
      const sshArgs = [
        '-i',
        sshd.keyPath,
        '-p',
        String(sshd.port),
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'LogLevel=ERROR',
      ];
      const same = timed('sh', [
        '-c',
        `ssh ${sshArgs.map((a) => `'${a}'`).join(' ')} ${sshd.user}@127.0.0.1 cat '${source}' | tee '${teed}' | openssl dgst -sha256 -r`,
      ]);
      if (same.stdout.split(' ')[0] !== expected) throw new Error('ssh | tee | openssl: SHA-256 mismatch');
      results['ssh+openssl']!.push(same);
      rmSync(teed);
      for (const transport of ['sftp', 'exec'] as const) {
        const out = join(local, `${transport}.img`);
        const args: ChildArgs = {
          transport,
          port: sshd.port,
          user: sshd.user,
          keyPath: sshd.keyPath,
          fingerprint: sshd.hostKeyFingerprint,
          source,
          dest: out,
        };
        // The child starts like the `sysbtape` command does: with Node's compile cache on.
        const run = timed(process.execPath, [fileURLToPath(import.meta.url), '--child', JSON.stringify(args)], {
          ...process.env,
          NODE_COMPILE_CACHE: join(tmpdir(), 'node-compile-cache'),
        });
        const [sha256, fetchSeconds] = run.stdout.trim().split('\n');
        if (sha256 !== expected) throw new Error(`${transport}: SHA-256 mismatch`);
        run.fetchSeconds = Number(fetchSeconds);
        results[transport]!.push(run);
        rmSync(out);
      }
    }
    const best = (runs: Run[]) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const median = (runs: Run[]) => [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor((runs.length - 1) / 2)]!;
    const mb = bytes / 1e6;
    const scp = best(results.scp!);
    const rows = [
      `Fetch of ${sizeMiB} MiB over loopback (best and median of ${rounds}, whole processes; sshd: OpenSSH, same file, same run)`,
      '',
      '| method | MB/s | vs scp | median MB/s | median vs scp | fetch alone: median MB/s, vs scp | CPU user+sys (s) | peak RSS |',
      '|---|---|---|---|---|---|---|---|',
    ];
    for (const [name, runs] of Object.entries(results)) {
      const r = best(runs);
      const label =
        name === 'scp'
          ? 'OpenSSH scp'
          : name === 'ssh+openssl'
            ? 'OpenSSH ssh cat piped to tee and openssl dgst -sha256 (the same work as the fetch)'
            : `sysbtape fetch (${name}, SHA-256 while receiving)`;
      const m = median(runs);
      const alone = runs.every((x) => x.fetchSeconds !== undefined)
        ? [...runs].map((x) => x.fetchSeconds!).sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)]!
        : undefined;
      const aloneCell =
        alone === undefined ? '— (whole process)' : `${(mb / alone).toFixed(0)}, ${(median(results.scp!).seconds / alone).toFixed(2)}×`;
      rows.push(
        `| ${label} | ${(mb / r.seconds).toFixed(0)} | ${(scp.seconds / r.seconds).toFixed(2)}× | ${(mb / m.seconds).toFixed(0)} | ${(median(results.scp!).seconds / m.seconds).toFixed(2)}× | ${aloneCell} | ${r.cpuSeconds.toFixed(1)} | ${r.rssMiB.toFixed(0)} MiB |`,
      );
    }
    rows.push(
      `| sha256sum of the file (hashing cost alone) | ${(mb / sha.seconds).toFixed(0)} | — | — | — | — | ${sha.cpuSeconds.toFixed(1)} | ${sha.rssMiB.toFixed(0)} MiB |`,
    );
    const table = rows.join('\n');
    process.stdout.write(`${table}\n`);
    mkdirSync(join(root, 'bench/results'), { recursive: true });
    writeFileSync(join(root, 'bench/results', `fetch-${new Date().toISOString().replace(/[:.]/g, '-')}.md`), `${table}\n`);
  } finally {
    rmSync(local, { recursive: true, force: true });
    await sshd.stop();
  }
}

if (process.argv[2] === '--child') await child(JSON.parse(process.argv[3]!) as ChildArgs);
else await main();
