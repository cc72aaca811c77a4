/**
 * Starts a real OpenSSH sshd on 127.0.0.1 for tests: its own host key, config and authorized key in a
 * temp dir, the simulated AIX commands first on PATH, and SYSBTAPE_SIM_ROOT pointing at a private
 * simulator root. `stop()` ends sshd and every session process it started, and removes the temp dir.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimConfig } from '../../electron/sim/sim-config.ts';
import type { NewServer } from '../../electron/services/catalog/model.ts';
import { fingerprintOf } from '../../electron/services/ssh/fingerprint.ts';

/** Options for startSshd. */
export interface SshdOptions {
  /** Simulator settings written to <simRoot>/sim.json. */
  sim?: Partial<SimConfig>;
  /** sshd LogLevel; DEBUG1 (default) logs every authentication request. */
  logLevel?: 'INFO' | 'VERBOSE' | 'DEBUG1' | 'DEBUG3';
  /** Extra sshd_config lines. */
  extraConfig?: string[];
  /** Put electron/sim/fault-bin (hostile stand-ins such as `cat`) first on the sessions' PATH. */
  faultBin?: boolean;
}

/** A running test sshd. */
export interface TestSshd {
  host: string;
  port: number;
  user: string;
  /** Private key (no passphrase) that the server accepts. */
  keyPath: string;
  hostKeyFingerprint: string;
  /** The host public key line, e.g. "ssh-ed25519 AAAA…". */
  hostPublicKey: string;
  logPath: string;
  /** The simulated host's root (tapeblksz, etc/exclude.rootvg, sim.json). */
  simRoot: string;
  /** A scratch directory inside the temp dir, usable as a remote work directory. */
  workdir: string;
  /** The temp dir holding everything. */
  dir: string;
  /** Rewrites the simulator settings (takes effect for the next command). */
  setSim(sim: Partial<SimConfig>): void;
  /** Kills the per-connection sshd processes (drops every live connection). */
  dropConnections(): void;
  /** Text of sshd's log so far. */
  log(): string;
  stop(): Promise<void>;
}

const SIM_BIN = resolve(fileURLToPath(new URL('../../electron/sim/bin', import.meta.url)));
const SIM_FAULT_BIN = resolve(fileURLToPath(new URL('../../electron/sim/fault-bin', import.meta.url)));

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

function descendantsOf(pid: number): number[] {
  const all: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const kids = childrenOf(queue.shift()!);
    all.push(...kids);
    queue.push(...kids);
  }
  return all;
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function waitForBanner(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((res, rej) => {
    const attempt = () => {
      if (child.exitCode !== null) return rej(new Error(`sshd exited with ${child.exitCode}`));
      const sock = connect(port, '127.0.0.1');
      sock.once('data', (d) => {
        sock.destroy();
        return d.toString().startsWith('SSH-') ? res() : rej(new Error('no SSH banner'));
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) return rej(new Error('sshd did not start listening'));
        setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Starts sshd; always call stop() (e.g. in afterAll). */
export async function startSshd(opts: SshdOptions = {}): Promise<TestSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'sysbtape-sshd-'));
  const simRoot = join(dir, 'aixroot');
  const workdir = join(dir, 'work');
  mkdirSync(join(simRoot, 'etc'), { recursive: true });
  mkdirSync(workdir);
  const keygen = (file: string) =>
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'sysbtape-test', '-f', file], { stdio: 'ignore' });
  const hostKey = join(dir, 'host_ed25519_key');
  const keyPath = join(dir, 'client_ed25519');
  keygen(hostKey);
  keygen(keyPath);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${keyPath}.pub`));
  const hostPublicKey = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const hostKeyFingerprint = fingerprintOf(Buffer.from(hostPublicKey.split(' ')[1]!, 'base64'));
  const logPath = join(dir, 'sshd.log');
  const user = userInfo().username;
  const setSim = (sim: Partial<SimConfig>) => writeFileSync(join(simRoot, 'sim.json'), JSON.stringify(sim));
  setSim(opts.sim ?? {});
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  let child: ChildProcess | undefined;
  let port = 0;
  for (let tries = 0; tries < 3 && !child; tries++) {
    port = await freePort();
    const config = [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      `LogLevel ${opts.logLevel ?? 'DEBUG1'}`,
      'PrintMotd no',
      'PrintLastLog no',
      // HOME points at the temp dir so the login shell does not source the real user's rc files.
      `SetEnv PATH=${opts.faultBin ? `${SIM_FAULT_BIN}:` : ''}${SIM_BIN}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin SYSBTAPE_SIM_ROOT=${simRoot} HOME=${dir}`,
      'Subsystem sftp internal-sftp',
      'MaxSessions 32',
      ...(opts.extraConfig ?? []),
    ];
    const configPath = join(dir, 'sshd_config');
    writeFileSync(configPath, `${config.join('\n')}\n`);
    const proc = spawn('/usr/sbin/sshd', ['-D', '-f', configPath, '-E', logPath], { stdio: 'ignore' });
    try {
      await waitForBanner(port, proc);
      child = proc;
    } catch {
      proc.kill('SIGKILL');
    }
  }
  if (!child) {
    const log = (() => {
      try {
        return readFileSync(logPath, 'utf8');
      } catch {
        return '';
      }
    })();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`sshd would not start: ${log.slice(-2000)}`);
  }
  const sshd = child;
  const masterPid = sshd.pid!;
  return {
    host: '127.0.0.1',
    port,
    user,
    keyPath,
    hostKeyFingerprint,
    hostPublicKey,
    logPath,
    simRoot,
    workdir,
    dir,
    setSim,
    dropConnections: () => {
      for (const pid of childrenOf(masterPid)) killQuietly(pid, 'SIGKILL');
    },
    log: () => {
      try {
        return readFileSync(logPath, 'utf8');
      } catch {
        return '';
      }
    },
    stop: async () => {
      const all = descendantsOf(masterPid);
      killQuietly(masterPid, 'SIGTERM');
      for (const pid of all) killQuietly(pid, 'SIGTERM');
      if (sshd.exitCode === null && sshd.signalCode === null) await new Promise((r) => sshd.once('exit', r));
      for (const pid of all) killQuietly(pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The catalog row of a server on the test sshd: key authentication, its host key already pinned (so a
 * capture connects without asking), as `server add` + trusting the key would leave it.
 */
export function pinnedTestServer(sshd: TestSshd, name: string): NewServer {
  return {
    name,
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    auth: ['key'],
    keyPath: sshd.keyPath,
    workdir: sshd.workdir,
    hostKeys: [{ fingerprint: sshd.hostKeyFingerprint, keyType: 'ssh-ed25519', pinnedAt: new Date().toISOString() }],
  };
}
