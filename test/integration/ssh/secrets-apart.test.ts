/**
 * Issue #8 finding 11: a key's passphrase is never offered to the server as the account password, and
 * keyboard-interactive answers only prompts that ask for a password. Witnesses: a recording SSH server
 * (it asks for a one-time code and a password and keeps every credential it is sent) and the real
 * OpenSSH sshd's DEBUG log of each authentication request.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../../electron/services/ssh/fingerprint.ts';
import { connectSsh } from '../../../electron/services/ssh/ssh-connection.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { startSshd, type TestSshd } from '../../helpers/sshd.ts';
import { serverFor } from './ssh-test-kit.ts';

const PASSPHRASE = 'key passphrase 7f3a';
const PASSWORD = 'account password 91c2';

/** An SSH server that refuses every login and records what each method was sent. */
interface RecordingServer {
  port: number;
  fingerprint: string;
  sent: string[];
  close(): Promise<void>;
}

async function startRecordingServer(): Promise<RecordingServer> {
  const hostKey = ssh2.utils.generateKeyPairSync('ecdsa', { bits: 256 });
  const parsed = ssh2.utils.parseKey(hostKey.private);
  if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('cannot parse the generated host key');
  const sent: string[] = [];
  const server = new ssh2.Server({ hostKeys: [hostKey.private] }, (client) => {
    client.on('error', () => {});
    client.on('authentication', (ctx) => {
      switch (ctx.method) {
        case 'password':
          sent.push(`password:${ctx.password}`);
          return ctx.reject(['publickey', 'password', 'keyboard-interactive']);
        case 'keyboard-interactive':
          return ctx.prompt(
            [
              { prompt: 'Verification code: ', echo: false },
              { prompt: 'Password: ', echo: false },
            ],
            (answers) => {
              sent.push(`keyboard-interactive:${JSON.stringify(answers)}`);
              ctx.reject(['publickey', 'password', 'keyboard-interactive']);
            },
          );
        default:
          sent.push(ctx.method);
          return ctx.reject(['publickey', 'password', 'keyboard-interactive']);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    fingerprint: fingerprintOf(parsed.getPublicSSH()),
    sent,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let scratch: string;
let lockedKey: string;
let recorder: RecordingServer;
let sshd: TestSshd;
const saved = new Map(['SYSBTAPE_HOME', 'XDG_DATA_HOME', 'SYSBTAPE_KNOWN_HOSTS', 'SYSBTAPE_PASSWORD'].map((k) => [k, process.env[k]]));
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'sysbtape-secrets-'));
  lockedKey = join(scratch, 'locked_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', PASSPHRASE, '-f', lockedKey], { stdio: 'ignore' });
  recorder = await startRecordingServer();
  sshd = await startSshd();
  process.env.SYSBTAPE_HOME = scratch;
  process.env.XDG_DATA_HOME = scratch;
  process.env.SYSBTAPE_KNOWN_HOSTS = join(scratch, 'no_known_hosts');
});
afterAll(async () => {
  await recorder?.close();
  await sshd?.stop();
  rmSync(scratch, { recursive: true, force: true });
  for (const [k, v] of saved) {
    if (v === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = v;
  }
});

describe('passphrase and password kept apart', () => {
  it('sends the password only to password prompts and never the passphrase (recording server, through the CLI)', async () => {
    recorder.sent.length = 0;
    const add = await runCli([
      'server',
      'add',
      'rec',
      '--host',
      '127.0.0.1',
      '--port',
      String(recorder.port),
      '--user',
      'root',
      '--key',
      lockedKey,
      '--password-stdin',
      '--keyboard-interactive',
    ]);
    expect(add.code).toBe(0);
    expect((await runCli(['server', 'trust', 'rec', '--accept-fingerprint', recorder.fingerprint])).code).toBe(0);
    process.env.SYSBTAPE_PASSWORD = PASSWORD;
    try {
      const check = await runCli(['server', 'check', 'rec', '--passphrase-stdin'], `${PASSPHRASE}\n`);
      expect(check.code).toBe(1);
      expect(check.err).toMatch(/SSH_AUTH/);
    } finally {
      Reflect.deleteProperty(process.env, 'SYSBTAPE_PASSWORD');
    }
    // The key was decrypted (publickey was offered), the password went to the password method and to
    // the "Password:" prompt only; the one-time-code prompt got an empty answer; the passphrase went nowhere.
    expect(recorder.sent).toEqual(['publickey', `password:${PASSWORD}`, `keyboard-interactive:${JSON.stringify(['', PASSWORD])}`]);
    expect(recorder.sent.join('\n')).not.toContain(PASSPHRASE);
  });

  it('with only the passphrase given, no password method sends anything (recording server)', async () => {
    recorder.sent.length = 0;
    const server = serverFor(
      {
        host: '127.0.0.1',
        port: recorder.port,
        user: 'root',
        keyPath: lockedKey,
        hostKeyFingerprint: recorder.fingerprint,
        workdir: '/tmp/sysbtape',
      },
      {
        auth: ['key', 'password', 'keyboard-interactive'],
        hostKeys: [{ fingerprint: recorder.fingerprint, keyType: 'ecdsa-sha2-nistp256', pinnedAt: '' }],
      },
    );
    const err = await connectSsh(server, { knownHostsPath: null, passphrase: PASSPHRASE }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SSH_AUTH', message: expect.stringMatching(/password \(skipped: give it with --password-stdin\)/) });
    expect(recorder.sent).toEqual(['publickey']);
  });

  it("sshd's log shows the key offered and no password request when only the passphrase is given", async () => {
    // The locked key is not in authorized_keys: sshd refuses it, and a client that mixed the secrets up
    // would now try the passphrase as the account password.
    const mark = sshd.log().length;
    const server = serverFor(sshd, { keyPath: lockedKey, auth: ['key', 'password', 'keyboard-interactive'] });
    const err = await connectSsh(server, { knownHostsPath: null, passphrase: PASSPHRASE }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SSH_AUTH' });
    await new Promise((r) => setTimeout(r, 300)); // let sshd finish logging the closed connection
    const log = sshd.log().slice(mark);
    expect(log).toMatch(/userauth-request for user \S+ service ssh-connection method publickey/);
    expect(log).not.toMatch(/method (password|keyboard-interactive)/);
  });
});
