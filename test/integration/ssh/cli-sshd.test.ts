/** The `sysbtape server` and `sysbtape capture` commands end to end against a real sshd. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.ts';
import { startSshd, type TestSshd } from '../../helpers/sshd.ts';
import { QUICK_SIM, sha256File } from './ssh-test-kit.ts';

let sshd: TestSshd;
let home: string;
const saved = { home: process.env.SYSBTAPE_HOME, kh: process.env.SYSBTAPE_KNOWN_HOSTS, data: process.env.XDG_DATA_HOME };
beforeAll(async () => {
  sshd = await startSshd({ sim: QUICK_SIM });
  home = mkdtempSync(join(tmpdir(), 'sysbtape-clihome-'));
  process.env.SYSBTAPE_HOME = home;
  process.env.XDG_DATA_HOME = home; // the catalog, which holds the servers
  process.env.SYSBTAPE_KNOWN_HOSTS = join(home, 'no_known_hosts');
});
afterAll(async () => {
  await sshd?.stop();
  rmSync(home, { recursive: true, force: true });
  if (saved.home === undefined) delete process.env.SYSBTAPE_HOME;
  else process.env.SYSBTAPE_HOME = saved.home;
  if (saved.data === undefined) delete process.env.XDG_DATA_HOME;
  else process.env.XDG_DATA_HOME = saved.data;
  if (saved.kh === undefined) delete process.env.SYSBTAPE_KNOWN_HOSTS;
  else process.env.SYSBTAPE_KNOWN_HOSTS = saved.kh;
});

describe('sysbtape server and capture', () => {
  it('adds a server, refuses it until the host key is trusted, then checks and captures', async () => {
    const staging = join(home, 'staging');
    const add = await runCli([
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
      sshd.workdir,
    ]);
    expect(add.code).toBe(0);
    expect(add.out).toMatch(/next: sysbtape server trust aix1/);

    const blocked = await runCli(['server', 'check', 'aix1']);
    expect(blocked.code).toBe(1);
    expect(blocked.err).toContain(sshd.hostKeyFingerprint);
    expect(blocked.err).toMatch(/SSH_HOST_KEY_UNKNOWN/);

    const show = await runCli(['server', 'trust', 'aix1']);
    expect(show.code).toBe(1);
    expect(show.out).toContain(`--accept-fingerprint ${sshd.hostKeyFingerprint}`);
    const wrong = await runCli(['server', 'trust', 'aix1', '--accept-fingerprint', `SHA256:${'A'.repeat(43)}`]);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/nothing was pinned/);
    const ok = await runCli(['server', 'trust', 'aix1', '--accept-fingerprint', sshd.hostKeyFingerprint]);
    expect(ok.code).toBe(0);
    expect((await runCli(['server', 'list'])).out).toContain(sshd.hostKeyFingerprint);

    const check = await runCli(['server', 'check', 'aix1', '--json']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.out)).toMatchObject({ server: 'aix1', ok: true });

    const capture = await runCli(['capture', 'aix1', '--staging', staging, '--no-pack', '--block-size', '1024']);
    expect(capture.err).toMatch(/mksysb: \d+ of \d+ files \(100%\)/);
    expect(capture.code).toBe(0);
    const dir = capture.out.trim();
    expect(dir.startsWith(join(staging, 'aix1'))).toBe(true);
    for (const name of ['1_bosboot.img', '2_mkinsttape.img', '4_mksysb.img'])
      expect(sha256File(join(dir, name))).toBe(sha256File(join(sshd.workdir, name)));
    expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
  }, 300_000);

  it('--fetch-only resumes the images already on the server into the newest incomplete image set', async () => {
    const staging = join(home, 'staging-resume');
    const incomplete = join(staging, 'aix1', '20260101T000000Z');
    mkdirSync(incomplete, { recursive: true });
    const source = readFileSync(join(sshd.workdir, '4_mksysb.img'));
    writeFileSync(join(incomplete, '4_mksysb.img.part'), source.subarray(0, Math.floor(source.length / 3)));
    const r = await runCli(['capture', 'aix1', '--fetch-only', '--staging', staging]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(incomplete);
    expect(r.err).toMatch(/resuming into/);
    expect(r.err).toMatch(/4_mksysb\.img: .*\(resumed at \d+\)/);
    for (const name of ['1_bosboot.img', '2_mkinsttape.img', '4_mksysb.img'])
      expect(sha256File(join(incomplete, name))).toBe(sha256File(join(sshd.workdir, name)));
    expect(existsSync(join(incomplete, 'manifest.json'))).toBe(true);
  }, 300_000);

  it('a failed mksysb exits 1 with the remote message and makes no image set', async () => {
    const staging = join(home, 'staging-fail');
    sshd.setSim({ ...QUICK_SIM, faults: { mksysbFailAtPercent: 30 } });
    try {
      const r = await runCli(['capture', 'aix1', '--staging', staging]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/mksysb failed on aix1 \(exit 3\).*0511-089.*No image set was made.*\[CAPTURE_FAILED\]/s);
      expect(existsSync(staging) ? readdirSync(staging) : []).toEqual([]);
    } finally {
      sshd.setSim(QUICK_SIM);
    }
  }, 300_000);

  it('rejects usage errors with exit 2', async () => {
    expect((await runCli(['capture', 'aix1', '--block-size', '4096'])).code).toBe(2);
    expect((await runCli(['capture', 'nosuch'])).code).toBe(2);
    expect((await runCli(['server', 'trust', 'aix1', '--accept-fingerprint', 'MD5:xx'])).code).toBe(2);
  });
});
