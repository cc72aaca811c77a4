/**
 * Opens an authenticated ssh2 connection to a saved server: host key checked first, then the
 * configured auth methods in order; failures become distinct, operator-readable errors.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import ssh2, { Client, type AnyAuthMethod, type AuthenticationType, type ConnectConfig } from 'ssh2';
import { SysbError } from '../../../shared/errors.ts';
import { hostKeyAlgorithmsFor, hostKeyError, judgeHostKey, type HostKeyPolicy, type HostKeyVerdict } from './host-key-policy.ts';
import { readKeyFile } from './key-file.ts';
import { readKnownHostKeys } from './known-hosts.ts';
import { answerPasswordPrompts } from './keyboard-interactive.ts';
import { resolveTimeouts, type RemoteTimeouts } from './remote-timeouts.ts';
import type { SshSecrets } from './ssh-secrets.ts';
import type { AuthMethod } from '../../../shared/domain.ts';
import type { ServerConfig } from './server-config.ts';

/** Options for one connection. */
export interface ConnectOptions extends SshSecrets {
  /** Command and transfer timeouts of this connection (defaults, then SYSBTAPE_* variables, then these). */
  timeouts?: Partial<RemoteTimeouts>;
  /** A fingerprint the operator has just confirmed. */
  acceptFingerprint?: string;
  /** known_hosts to consult; null skips it. Default ~/.ssh/known_hosts. */
  knownHostsPath?: string | null;
  signal?: AbortSignal;
}

/** A live, authenticated connection. */
export interface SshConnection {
  client: Client;
  server: ServerConfig;
  hostKey: Extract<HostKeyVerdict, { status: 'known' }>;
  /** Auth methods tried, in order, the last one having succeeded. */
  authTried: string[];
  /** Timeouts for what runs on this connection. */
  timeouts: RemoteTimeouts;
  close(): void;
}

/** Ciphers in the order ssh2 does them fastest on Node (AES-GCM uses OpenSSL; chacha20 may fall back to JS). */
const CIPHERS = ['aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr'];

/** The default known_hosts file. */
export function defaultKnownHostsPath(): string {
  return process.env.SYSBTAPE_KNOWN_HOSTS ?? join(homedir(), '.ssh', 'known_hosts');
}

/** Builds the host-key policy for a server from its pinned keys and known_hosts. */
export async function policyFor(server: ServerConfig, opts: ConnectOptions): Promise<HostKeyPolicy> {
  const path = opts.knownHostsPath === undefined ? defaultKnownHostsPath() : opts.knownHostsPath;
  const knownHosts = path === null ? [] : await readKnownHostKeys(path, server.host, server.port);
  return {
    pinned: server.hostKeys.map((k) => k.fingerprint),
    knownHosts,
    ...(opts.acceptFingerprint ? { acceptFingerprint: opts.acceptFingerprint } : {}),
  };
}

/** "root@aix1 (10.0.0.5:22)" */
export function serverLabel(server: ServerConfig): string {
  return `${server.name} (${server.user}@${server.host}:${server.port})`;
}

type Step = { label: string; method: AnyAuthMethod } | { label: string; skip: string };

async function authSteps(server: ServerConfig, opts: ConnectOptions): Promise<Step[]> {
  const steps: Step[] = [];
  for (const name of server.auth) steps.push(await authStep(name, server, opts));
  return steps;
}

async function authStep(name: AuthMethod, server: ServerConfig, opts: ConnectOptions): Promise<Step> {
  switch (name) {
    case 'agent': {
      const sock = process.env.SSH_AUTH_SOCK;
      if (!sock) return { label: 'agent', skip: 'agent (skipped: SSH_AUTH_SOCK is not set)' };
      return { label: 'agent', method: { type: 'agent', username: server.user, agent: sock } };
    }
    case 'key': {
      // A bad key file (missing, not a regular file, too big) is an error naming it, not a skipped method.
      const key = await readKeyFile(server.keyPath ?? '');
      // Parse here so an encrypted key without (or with a wrong) passphrase gets its own clear reason.
      const parsed = ssh2.utils.parseKey(key, opts.passphrase);
      if (parsed instanceof Error) {
        const why = /encrypted|passphrase/i.test(parsed.message)
          ? opts.passphrase === undefined
            ? 'the key is encrypted; give its passphrase with --passphrase-stdin'
            : 'wrong passphrase for the key'
          : `not a usable private key: ${parsed.message}`;
        return { label: 'publickey', skip: `publickey ${server.keyPath} (skipped: ${why})` };
      }
      const method: AnyAuthMethod = { type: 'publickey', username: server.user, key: Array.isArray(parsed) ? parsed[0] : parsed };
      return { label: `publickey ${server.keyPath}`, method };
    }
    case 'password':
      if (opts.password === undefined) return { label: 'password', skip: 'password (skipped: give it with --password-stdin)' };
      return { label: 'password', method: { type: 'password', username: server.user, password: opts.password } };
    case 'keyboard-interactive': {
      const password = opts.password;
      if (password === undefined)
        return { label: 'keyboard-interactive', skip: 'keyboard-interactive (skipped: give the password with --password-stdin)' };
      return {
        label: 'keyboard-interactive',
        method: {
          type: 'keyboard-interactive',
          username: server.user,
          prompt: (_name, _instructions, _lang, prompts, finish) => finish(answerPasswordPrompts(prompts, password)),
        },
      };
    }
  }
}

function classifyNetworkError(server: ServerConfig, err: NodeJS.ErrnoException & { level?: string }): SysbError {
  const where = serverLabel(server);
  switch (err.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new SysbError(
        'SSH_NAME_NOT_FOUND',
        `cannot connect to ${where}: the name '${server.host}' was not found (check the spelling or DNS)`,
      );
    case 'ECONNREFUSED':
      return new SysbError('SSH_REFUSED', `cannot connect to ${where}: connection refused (is sshd running on port ${server.port}?)`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new SysbError(
        'SSH_TIMEOUT',
        `cannot connect to ${where}: ${err.code === 'ETIMEDOUT' ? 'timed out' : 'no route to host'} (check the address and firewalls)`,
      );
    default:
      break;
  }
  if (err.level === 'client-timeout' || /timed out/i.test(err.message)) {
    return new SysbError(
      'SSH_TIMEOUT',
      `cannot connect to ${where}: no SSH handshake within ${server.connectTimeoutSeconds}s (check the address, port and firewalls)`,
    );
  }
  return new SysbError('SSH_CONNECT', `cannot connect to ${where}: ${err.message}`);
}

/** Connects and authenticates, or throws SSH_* errors (host key refusal happens before any credential). */
export async function connectSsh(server: ServerConfig, opts: ConnectOptions = {}): Promise<SshConnection> {
  const policy = await policyFor(server, opts);
  const steps = await authSteps(server, opts);
  const timeouts = resolveTimeouts(opts.timeouts);
  const tried: string[] = [];
  let verdict: HostKeyVerdict | undefined;
  const client = new Client();
  const knownTypes = policy.knownHosts.filter((k) => !k.revoked).map((k) => k.keyType);
  const pinnedTypes = server.hostKeys.map((k) => k.keyType);
  const preferred = hostKeyAlgorithmsFor([...pinnedTypes, ...knownTypes]);
  const config: ConnectConfig = {
    host: server.host,
    port: server.port,
    username: server.user,
    readyTimeout: server.connectTimeoutSeconds * 1000,
    keepaliveInterval: server.keepaliveSeconds * 1000,
    keepaliveCountMax: 4,
    algorithms: {
      cipher: { append: [], prepend: CIPHERS, remove: [] },
      ...(preferred.length > 0 ? { serverHostKey: { append: [], prepend: preferred as never[], remove: [] } } : {}),
    },
    hostVerifier: (key: Buffer) => {
      verdict = judgeHostKey(policy, key);
      return verdict.status === 'known';
    },
    authHandler: (_left: AuthenticationType[] | null, _partial: boolean | null, next: (m: AnyAuthMethod | false) => void) => {
      for (;;) {
        const step = steps.shift();
        if (!step) return next(false);
        if ('skip' in step) {
          tried.push(step.skip);
          continue;
        }
        tried.push(step.label);
        return next(step.method);
      }
    },
  } as ConnectConfig;
  return new Promise<SshConnection>((resolve, reject) => {
    let settled = false;
    const onAbort = () => fail(new SysbError('CANCELLED', `connecting to ${serverLabel(server)} was cancelled`));
    const fail = (e: SysbError) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      client.end();
      client.destroy();
      reject(e);
    };
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    client.on('ready', () => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      if (verdict?.status !== 'known') {
        client.end();
        return reject(new SysbError('INTERNAL', 'connected without a host key verdict'));
      }
      resolve({ client, server, hostKey: verdict, authTried: tried, timeouts, close: () => client.end() });
    });
    // From the first byte, small packets must not wait on Nagle's algorithm: with it every
    // authentication round trip waited for a delayed ACK (40 ms each, ~200 ms per connect), and a fetch
    // stalled on every window refill (a third of scp's speed).
    client.on('connect', () => client.setNoDelay(true));
    client.on('error', (err: NodeJS.ErrnoException & { level?: string }) => {
      if (verdict && verdict.status !== 'known') return fail(hostKeyError(serverLabel(server), verdict, server.name));
      if (err.level === 'client-authentication') {
        const list = tried.length > 0 ? tried.join(', ') : 'none configured';
        return fail(
          new SysbError('SSH_AUTH', `authentication to ${serverLabel(server)} failed; methods tried: ${list}`, { tried, hostKey: verdict }),
        );
      }
      if (/private key|passphrase|Encrypted/i.test(err.message)) {
        return fail(
          new SysbError('SSH_AUTH', `cannot use key ${server.keyPath}: ${err.message} (give its passphrase with --passphrase-stdin)`, {
            tried,
          }),
        );
      }
      fail(classifyNetworkError(server, err));
    });
    client.on('close', () => {
      if (verdict && verdict.status !== 'known') return fail(hostKeyError(serverLabel(server), verdict, server.name));
      fail(new SysbError('SSH_CONNECT', `connection to ${serverLabel(server)} closed during setup`));
    });
    client.connect(config);
  });
}

/** Connects only far enough to see the host key, and reports the verdict without authenticating. */
export async function probeHostKey(server: ServerConfig, opts: ConnectOptions = {}): Promise<HostKeyVerdict> {
  try {
    const conn = await connectSsh({ ...server, auth: [] }, opts);
    conn.close();
    return conn.hostKey;
  } catch (err) {
    if (err instanceof SysbError) {
      const d = err.details as { fingerprint?: string; keyType?: string; expected?: string[] } | undefined;
      if (err.code === 'SSH_HOST_KEY_UNKNOWN' && d?.fingerprint)
        return { status: 'unknown', fingerprint: d.fingerprint, keyType: d.keyType ?? 'unknown' };
      if (err.code === 'SSH_HOST_KEY_CHANGED' && d?.fingerprint) {
        return d.expected
          ? { status: 'changed', fingerprint: d.fingerprint, keyType: 'unknown', expected: d.expected }
          : { status: 'revoked', fingerprint: d.fingerprint, keyType: 'unknown' };
      }
      // An accepted key with no usable auth method still tells us the key is fine.
      const hostKey = (err.details as { hostKey?: HostKeyVerdict } | undefined)?.hostKey;
      if (err.code === 'SSH_AUTH' && hostKey) return hostKey;
    }
    throw err;
  }
}
