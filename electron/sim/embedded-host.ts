/**
 * The simulated AIX host in process: an ssh2 Server on 127.0.0.1 whose exec requests run through
 * /bin/sh with the simulated AIX commands first on PATH, plus read-only SFTP. `sysbtape demo` and
 * tests use it when no OpenSSH sshd is installed.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timingSafeEqual } from 'node:crypto';
import ssh2, { type Connection } from 'ssh2';
import { fingerprintOf } from '../services/ssh/fingerprint.ts';
import type { SimConfig } from './sim-config.ts';
import { serveReadOnlySftp } from './embedded-sftp.ts';

/** Options for startEmbeddedAixHost. */
export interface EmbeddedHostOptions {
  /** Login name the host accepts. Default "root". */
  user?: string;
  /** Enables password and keyboard-interactive logins with this password. */
  password?: string;
  /** Simulator settings (sim.json). */
  sim?: Partial<SimConfig>;
  /** Listen port; 0 (default) picks a free one. */
  port?: number;
}

/** A running embedded host. */
export interface EmbeddedAixHost {
  host: string;
  port: number;
  user: string;
  /** A private key file (no passphrase) the host accepts. */
  keyPath: string;
  password: string | undefined;
  hostKeyFingerprint: string;
  hostKeyType: string;
  simRoot: string;
  /** A directory usable as the remote work directory. */
  workdir: string;
  /** Authentication attempts seen, as "method:user:accepted". */
  authLog: string[];
  setSim(sim: Partial<SimConfig>): void;
  /** Drops every live connection (as if the network failed). */
  dropConnections(): void;
  stop(): Promise<void>;
}

// ssh2 is CommonJS; Server and utils are not visible as ESM named exports.
const { Server, utils } = ssh2;
// The simulated AIX commands are shell scripts beside the sources; the compiled CLI (dist/cli/electron/sim/)
// uses the same ones.
const SIM_BIN = resolve(
  fileURLToPath(new URL(import.meta.url.endsWith('.js') ? '../../../../electron/sim/bin' : './bin', import.meta.url)),
);

function same(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

type ParsedKey = Exclude<ReturnType<typeof utils.parseKey>, Error | ReadonlyArray<unknown>>;

/**
 * An ed25519 key pair that ssh2 can read back. About 1 in 250 of ssh2's generated ed25519 pairs is
 * malformed (a public key whose first byte is 0 comes out 31 bytes long), so draw again when it is.
 */
function usableKeyPair(): { pair: { private: string; public: string }; publicKey: ParsedKey } {
  for (let attempt = 0; attempt < 20; attempt++) {
    const pair = utils.generateKeyPairSync('ed25519');
    const pub = utils.parseKey(pair.public);
    const priv = utils.parseKey(pair.private);
    if (!(pub instanceof Error) && !(priv instanceof Error) && !Array.isArray(pub)) return { pair, publicKey: pub as ParsedKey };
  }
  throw new Error('ssh2 generated no usable ed25519 key pair in 20 attempts');
}

/** Starts the embedded simulated AIX host. */
export async function startEmbeddedAixHost(opts: EmbeddedHostOptions = {}): Promise<EmbeddedAixHost> {
  const dir = mkdtempSync(join(tmpdir(), 'sysbtape-aixsim-'));
  const simRoot = join(dir, 'aixroot');
  const workdir = join(dir, 'work');
  mkdirSync(join(simRoot, 'etc'), { recursive: true });
  mkdirSync(workdir);
  const setSim = (sim: Partial<SimConfig>) => writeFileSync(join(simRoot, 'sim.json'), JSON.stringify(sim));
  setSim(opts.sim ?? {});
  const user = opts.user ?? 'root';
  const hostKeys = usableKeyPair();
  const clientKeys = usableKeyPair();
  const hostPair = hostKeys.pair;
  const keyPath = join(dir, 'client_ed25519');
  writeFileSync(keyPath, clientKeys.pair.private, { mode: 0o600 });
  const clientKey = clientKeys.publicKey;
  const hostKey = hostKeys.publicKey;
  const hostKeyFingerprint = fingerprintOf(hostKey.getPublicSSH());
  const authLog: string[] = [];
  const connections = new Set<Connection>();
  const children = new Set<number>();
  const env = { PATH: `${SIM_BIN}:/usr/bin:/bin`, SYSBTAPE_SIM_ROOT: simRoot, HOME: dir, LANG: 'C' };

  const server = new Server({ hostKeys: [hostPair.private] }, (client) => {
    connections.add(client);
    // As on the client side: window adjusts must not wait on Nagle's algorithm. ssh2's server-side
    // Connection has setNoDelay at runtime; @types/ssh2 does not declare it.
    (client as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
    client.on('close', () => connections.delete(client));
    client.on('error', () => {});
    client.on('authentication', (ctx) => {
      const ok = (accepted: boolean) => {
        authLog.push(`${ctx.method}:${ctx.username}:${accepted}`);
        return accepted ? ctx.accept() : ctx.reject(opts.password ? ['publickey', 'password', 'keyboard-interactive'] : ['publickey']);
      };
      if (ctx.username !== user) return ok(false);
      switch (ctx.method) {
        case 'publickey': {
          if (ctx.key.algo !== clientKey.type || !same(ctx.key.data, clientKey.getPublicSSH())) return ok(false);
          if (!ctx.signature || !ctx.blob) return ctx.accept(); // a query before signing
          return ok(clientKey.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true);
        }
        case 'password':
          return ok(opts.password !== undefined && ctx.password === opts.password);
        case 'keyboard-interactive':
          if (opts.password === undefined) return ok(false);
          return ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => ok(answers[0] === opts.password));
        default:
          return ok(false);
      }
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('exec', (accept, _reject, info) => {
          const channel = accept();
          const child = spawn('/bin/sh', ['-c', info.command], { env, cwd: dir, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
          if (child.pid) children.add(child.pid);
          child.stdout.pipe(channel, { end: false });
          child.stderr.pipe(channel.stderr, { end: false });
          channel.on('data', (d: Buffer) => child.stdin.write(d));
          channel.on('end', () => child.stdin.end());
          channel.on('close', () => {
            if (child.exitCode === null && child.pid) {
              try {
                process.kill(-child.pid, 'SIGTERM');
              } catch {
                /* gone */
              }
            }
          });
          child.on('close', (code, signal) => {
            if (child.pid) children.delete(child.pid);
            if (signal) channel.exit(signal.replace(/^SIG/, ''), false, '');
            else channel.exit(code ?? 1);
            channel.end();
          });
        });
        session.on('sftp', (accept) => serveReadOnlySftp(accept()));
      });
    });
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(opts.port ?? 0, '127.0.0.1', () => res());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    host: '127.0.0.1',
    port,
    user,
    keyPath,
    password: opts.password,
    hostKeyFingerprint,
    hostKeyType: hostKey.type,
    simRoot,
    workdir,
    authLog,
    setSim,
    dropConnections: () => {
      for (const c of connections) c.end();
    },
    stop: async () => {
      for (const pid of children) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      for (const c of connections) c.end();
      await new Promise<void>((res) => server.close(() => res()));
      // Killed commands may still be writing into the dir for a moment: retry instead of failing with ENOTEMPTY.
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}
