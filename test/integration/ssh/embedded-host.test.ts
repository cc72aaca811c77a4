/** The in-process simulated AIX host (what `sysbtape demo` uses): auth methods, capture and fetch, SFTP. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureImages, DEFAULT_CAPTURE } from '../../../electron/services/ssh/capture.ts';
import { fetchImageSet } from '../../../electron/services/ssh/fetch-image-set.ts';
import { RemoteHost } from '../../../electron/services/ssh/remote-host.ts';
import { connectSsh } from '../../../electron/services/ssh/ssh-connection.ts';
import { startEmbeddedAixHost, type EmbeddedAixHost } from '../../../electron/sim/embedded-host.ts';
import { QUICK_SIM, serverFor, sha256File } from './ssh-test-kit.ts';

let aix: EmbeddedAixHost;
let staging: string;
beforeAll(async () => {
  aix = await startEmbeddedAixHost({ password: 'correct horse', sim: QUICK_SIM });
  staging = mkdtempSync(join(tmpdir(), 'sysbtape-emb-'));
});
afterAll(async () => {
  await aix?.stop();
  rmSync(staging, { recursive: true, force: true });
});

describe('embedded AIX host', () => {
  it('accepts password and keyboard-interactive logins and rejects a wrong password', async () => {
    const pw = await connectSsh(serverFor(aix, { auth: ['password'] }), { knownHostsPath: null, password: 'correct horse' });
    expect(pw.authTried).toEqual(['password']);
    pw.close();
    const kbd = await connectSsh(serverFor(aix, { auth: ['keyboard-interactive'] }), { knownHostsPath: null, password: 'correct horse' });
    expect(kbd.authTried).toEqual(['keyboard-interactive']);
    kbd.close();
    await expect(
      connectSsh(serverFor(aix, { auth: ['password', 'keyboard-interactive'] }), { knownHostsPath: null, password: 'wrong' }),
    ).rejects.toMatchObject({ code: 'SSH_AUTH', message: expect.stringMatching(/methods tried: password, keyboard-interactive/) });
    expect(aix.authLog).toContain('password:root:false');
  });

  it('runs AIX commands with exit codes', async () => {
    const host = await RemoteHost.connect(serverFor(aix), { knownHostsPath: null });
    try {
      expect((await host.run('uname -s')).stdout).toBe('AIX\n');
      expect((await host.run('oslevel -s; exit 7')).exitCode).toBe(7);
    } finally {
      host.close();
    }
  }, 60_000);

  it('captures and fetches a byte-identical image set over both transports', async () => {
    const host = await RemoteHost.connect(serverFor(aix), { knownHostsPath: null });
    try {
      const capture = await captureImages(host, DEFAULT_CAPTURE);
      const reconnect = () => RemoteHost.connect(serverFor(aix), { knownHostsPath: null });
      for (const transport of ['sftp', 'exec'] as const) {
        const set = await fetchImageSet(host, {
          stagingRoot: join(staging, transport),
          capture,
          request: DEFAULT_CAPTURE,
          osLevel: null,
          reconnect,
          transport,
        });
        for (const img of capture.images) expect(sha256File(join(set.dir, img.name))).toBe(sha256File(img.remotePath));
      }
    } finally {
      host.close();
    }
  }, 180_000);
});
