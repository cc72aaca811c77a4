/**
 * Issue #8 finding 9: a key file is a regular file of at most 64 KiB, checked by `server add` and again
 * each time it is used (`--key /dev/zero` once made `server check` grow to 17 GB).
 */
import { copyFileSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.ts';
import { startSshd, type TestSshd } from '../../helpers/sshd.ts';

let sshd: TestSshd;
let home: string;
const saved = new Map(['SYSBTAPE_HOME', 'XDG_DATA_HOME', 'SYSBTAPE_KNOWN_HOSTS'].map((k) => [k, process.env[k]]));
beforeAll(async () => {
  sshd = await startSshd();
  home = mkdtempSync(join(tmpdir(), 'sysbtape-keyfile-'));
  process.env.SYSBTAPE_HOME = home;
  process.env.XDG_DATA_HOME = home;
  process.env.SYSBTAPE_KNOWN_HOSTS = join(home, 'no_known_hosts');
});
afterAll(async () => {
  await sshd?.stop();
  rmSync(home, { recursive: true, force: true });
  for (const [k, v] of saved) {
    if (v === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = v;
  }
});

const addArgs = (name: string, key: string) => [
  'server',
  'add',
  name,
  '--host',
  sshd.host,
  '--port',
  String(sshd.port),
  '--user',
  sshd.user,
  '--key',
  key,
  '--workdir',
  sshd.workdir,
];

describe('key files in the CLI', () => {
  it('`server add` refuses a device, a directory and a file over 64 KiB, naming the path; nothing is added', async () => {
    const zero = await runCli(addArgs('z', '/dev/zero'));
    expect(zero.code).toBe(2);
    expect(zero.err).toMatch(/key file \/dev\/zero is not a regular file \(it is a character device\).*\[INVALID_INPUT\]/);
    const dir = await runCli(addArgs('d', home));
    expect(dir.code).toBe(2);
    expect(dir.err).toContain(`key file ${home} is not a regular file (it is a directory)`);
    const big = join(home, 'big_key');
    copyFileSync(sshd.keyPath, big);
    truncateSync(big, 64 * 1024 + 1);
    const large = await runCli(addArgs('b', big));
    expect(large.code).toBe(2);
    expect(large.err).toContain(`key file ${big} is 65537 bytes`);
    expect((await runCli(['server', 'list'])).out).toMatch(/no servers yet/);
  });

  it('checks the key again when it is used: a key file that became huge stops `server check` before connecting', async () => {
    const key = join(home, 'id_test');
    copyFileSync(sshd.keyPath, key);
    expect((await runCli(addArgs('aix1', key))).code).toBe(0);
    expect((await runCli(['server', 'trust', 'aix1', '--accept-fingerprint', sshd.hostKeyFingerprint])).code).toBe(0);
    expect((await runCli(['server', 'check', 'aix1'])).code).toBe(0);
    truncateSync(key, 100 * 1024 * 1024); // sparse: costs no disk, but an unchecked reader would load 100 MB
    const check = await runCli(['server', 'check', 'aix1']);
    expect(check.code).toBe(2);
    expect(check.err).toContain(`key file ${key} is 104857600 bytes, larger than any private key`);
  });
});
