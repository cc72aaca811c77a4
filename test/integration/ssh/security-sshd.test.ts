/** Host keys, authentication and hostile input against a real OpenSSH sshd (its log is the witness). */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../../electron/services/ssh/fingerprint.ts';
import { RemoteHost } from '../../../electron/services/ssh/remote-host.ts';
import { quoteArg, sh } from '../../../electron/services/ssh/shell-quote.ts';
import { connectSsh } from '../../../electron/services/ssh/ssh-connection.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { startSshd, type TestSshd } from '../../helpers/sshd.ts';
import { serverFor } from './ssh-test-kit.ts';

let sshd: TestSshd;
let scratch: string;
beforeAll(async () => {
  sshd = await startSshd();
  scratch = mkdtempSync(join(tmpdir(), 'sysbtape-sec-'));
});
afterAll(async () => {
  await sshd?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Log lines sshd wrote after `mark` characters. */
const logSince = (mark: number) => sshd.log().slice(mark);

function otherFingerprint(): string {
  const key = join(scratch, `other-${Date.now()}`);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key], { stdio: 'ignore' });
  return fingerprintOf(Buffer.from(readFileSync(`${key}.pub`, 'utf8').split(' ')[1]!, 'base64'));
}

describe('host keys', () => {
  it('refuses a changed host key before any authentication, showing both fingerprints', async () => {
    const pinned = otherFingerprint();
    const mark = sshd.log().length;
    const err = await connectSsh(serverFor(sshd, { hostKeys: [{ fingerprint: pinned, keyType: 'ssh-ed25519', pinnedAt: '' }] }), {
      knownHostsPath: null,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SSH_HOST_KEY_CHANGED' });
    expect((err as Error).message).toContain(pinned);
    expect((err as Error).message).toContain(sshd.hostKeyFingerprint);
    await new Promise((r) => setTimeout(r, 300)); // let sshd finish logging the closed connection
    const log = logSince(mark);
    expect(log).toMatch(/Connection (closed|reset) by|Connection from 127\.0\.0\.1/);
    expect(log).not.toMatch(/userauth-request|Accepted |Failed |Postponed /);
  });

  it('reports an unknown host key with its fingerprint and sends no credential', async () => {
    const mark = sshd.log().length;
    const err = await connectSsh(serverFor(sshd, { hostKeys: [] }), { knownHostsPath: null }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SSH_HOST_KEY_UNKNOWN' });
    expect((err as Error).message).toContain(sshd.hostKeyFingerprint);
    await new Promise((r) => setTimeout(r, 300));
    expect(logSince(mark)).not.toMatch(/userauth-request|Accepted |Failed /);
  });

  it('trusts a host listed (hashed) in known_hosts', async () => {
    const kh = join(scratch, 'known_hosts');
    execFileSync(
      'sh',
      [
        '-c',
        `printf '%s\\n' ${quoteArg(`[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}`)} > ${quoteArg(kh)} && ssh-keygen -H -f ${quoteArg(kh)}`,
      ],
      { stdio: 'ignore' },
    );
    const conn = await connectSsh(serverFor(sshd, { hostKeys: [] }), { knownHostsPath: kh });
    expect(conn.hostKey).toMatchObject({ status: 'known', source: 'known_hosts', fingerprint: sshd.hostKeyFingerprint });
    conn.close();
  });
});

describe('authentication', () => {
  it('says which methods were tried when all fail', async () => {
    const wrongKey = join(scratch, 'wrong');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrongKey], { stdio: 'ignore' });
    const saved = process.env.SSH_AUTH_SOCK;
    delete process.env.SSH_AUTH_SOCK;
    try {
      const err = await connectSsh(serverFor(sshd, { auth: ['agent', 'key', 'password'], keyPath: wrongKey }), {
        knownHostsPath: null,
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'SSH_AUTH' });
      expect((err as Error).message).toMatch(/agent \(skipped: SSH_AUTH_SOCK is not set\)/);
      expect((err as Error).message).toContain(`publickey ${wrongKey}`);
      expect((err as Error).message).toMatch(/password \(skipped: give it with --password-stdin\)/);
    } finally {
      if (saved !== undefined) process.env.SSH_AUTH_SOCK = saved;
    }
  });

  it('uses a passphrase-protected key with the passphrase, and explains when it is missing', async () => {
    const key = join(scratch, 'locked');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'open sesame', '-f', key], { stdio: 'ignore' });
    execFileSync('sh', ['-c', `cat ${quoteArg(`${key}.pub`)} >> ${quoteArg(join(sshd.dir, 'authorized_keys'))}`]);
    const server = serverFor(sshd, { keyPath: key });
    const err = await connectSsh(server, { knownHostsPath: null }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SSH_AUTH' });
    expect((err as Error).message).toMatch(/passphrase/i);
    const conn = await connectSsh(server, { knownHostsPath: null, passphrase: 'open sesame' });
    expect(conn.authTried).toEqual([`publickey ${key}`]);
    conn.close();
  });

  it('authenticates through an ssh-agent', async () => {
    const sock = join(scratch, 'agent.sock');
    const agent = execFileSync('ssh-agent', ['-a', sock, '-s'], { encoding: 'utf8' });
    const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(agent)![1]);
    try {
      execFileSync('ssh-add', [sshd.keyPath], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      const saved = process.env.SSH_AUTH_SOCK;
      process.env.SSH_AUTH_SOCK = sock;
      try {
        const conn = await connectSsh(serverFor(sshd, { auth: ['agent'] }), { knownHostsPath: null });
        expect(conn.authTried).toEqual(['agent']);
        conn.close();
      } finally {
        if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
        else process.env.SSH_AUTH_SOCK = saved;
      }
    } finally {
      process.kill(pid, 'SIGTERM');
    }
  });
});

describe('hostile input', () => {
  const canary = () => join(sshd.dir, 'pwned');
  const hostile = () => [
    `; touch ${canary()}`,
    `$(touch ${canary()})`,
    `\`touch ${canary()}\``,
    `'; touch ${canary()}; '`,
    `"; touch ${canary()}; "`,
    `x\ntouch ${canary()}`,
    `../../../${canary()}`,
    `| touch ${canary()}`,
  ];

  it('passes every hostile value through the remote shell as literal text, and no extra command runs', async () => {
    const host = await RemoteHost.connect(serverFor(sshd), { knownHostsPath: null });
    try {
      for (const value of hostile()) {
        const out = await host.check(sh`printf '%s' ${value}`);
        expect(out).toBe(value);
        const viaFile = await host.check(sh`ls -d ${value} 2>/dev/null; echo done`);
        expect(viaFile.trim()).toBe('done');
      }
      expect(existsSync(canary())).toBe(false);
    } finally {
      host.close();
    }
  });

  it('rejects hostile work directories and server names before anything reaches the server', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sysbtape-home-'));
    const saved = process.env.SYSBTAPE_HOME;
    const savedData = process.env.XDG_DATA_HOME;
    process.env.SYSBTAPE_HOME = home;
    process.env.XDG_DATA_HOME = home; // the catalog, which holds the servers
    const mark = sshd.log().length;
    try {
      for (const workdir of [`/tmp/x;touch ${canary()}`, `/tmp/$(touch ${canary()})`, `/tmp/'x'`, '/tmp/a\nb', '/tmp/../etc', 'relative']) {
        const r = await runCli([
          'server',
          'add',
          'aix1',
          '--host',
          sshd.host,
          '--port',
          String(sshd.port),
          '--user',
          sshd.user,
          '--key',
          sshd.keyPath,
          '--workdir',
          workdir,
        ]);
        expect(r.code).toBe(2);
        expect(r.err).toMatch(/work directory/);
      }
      for (const name of ['../evil', 'a;b', "it's", '$(id)', 'a\nb']) {
        const r = await runCli(['server', 'add', name, '--host', sshd.host, '--user', sshd.user]);
        expect(r.code).toBe(2);
        expect(r.err).toMatch(/server name/);
      }
      expect((await runCli(['server', 'list', '--json'])).out.trim()).toBe('[]');
      expect(sshd.log().slice(mark)).not.toMatch(/Connection from/);
      expect(existsSync(canary())).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.SYSBTAPE_HOME;
      else process.env.SYSBTAPE_HOME = saved;
      if (savedData === undefined) delete process.env.XDG_DATA_HOME;
      else process.env.XDG_DATA_HOME = savedData;
      rmSync(home, { recursive: true, force: true });
    }
  });
});
