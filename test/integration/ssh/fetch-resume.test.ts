/** Fetch over a real sshd: a connection killed mid-transfer, then resumed, gives byte-identical files. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchTransport } from '../../../electron/services/ssh/fetch-file.ts';
import { RemoteHost } from '../../../electron/services/ssh/remote-host.ts';
import { startSshd, type TestSshd } from '../../helpers/sshd.ts';
import { serverFor, sha256File } from './ssh-test-kit.ts';

const SIZE = 24 * 1024 * 1024 + 12345;
let sshd: TestSshd;
let local: string;
let source: string;
beforeAll(async () => {
  sshd = await startSshd();
  local = mkdtempSync(join(tmpdir(), 'sysbtape-fetch-'));
  source = join(sshd.workdir, '4_mksysb.img');
  writeFileSync(source, randomBytes(SIZE));
});
afterAll(async () => {
  await sshd?.stop();
  rmSync(local, { recursive: true, force: true });
});

const connect = () => RemoteHost.connect(serverFor(sshd), { knownHostsPath: null });

describe.each<[FetchTransport]>([['sftp'], ['exec']])('fetch over %s', (transport) => {
  it('resumes after the connection is killed mid-transfer and ends byte-identical', async () => {
    const dest = join(local, `${transport}.img`);
    const first = await connect();
    let dropped = false;
    const err = await first
      .fetch(source, dest, {
        transport,
        // Every chunk reports (a loopback fetch of this size ends within one 250 ms interval).
        progressIntervalMs: 0,
        onProgress: (p) => {
          if (!dropped && p.bytes > SIZE / 4) {
            dropped = true;
            sshd.dropConnections();
          }
        },
      })
      .catch((e: unknown) => e);
    first.close();
    expect(dropped).toBe(true);
    expect(err).toMatchObject({ code: 'FETCH_FAILED' });
    expect((err as Error).message).toMatch(/partial file is kept/);
    expect(existsSync(dest)).toBe(false);
    const partial = statSync(`${dest}.part`).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(SIZE);

    const second = await connect();
    try {
      const result = await second.fetch(source, dest, { transport });
      expect(result.resumedFrom).toBe(partial);
      expect(result.bytes).toBe(SIZE);
      expect(result.sha256).toBe(sha256File(source));
      expect(sha256File(dest)).toBe(sha256File(source));
      expect(existsSync(`${dest}.part`)).toBe(false);
    } finally {
      second.close();
    }
  }, 180_000);
});

it('discards a partial file larger than the source and starts over', async () => {
  const dest = join(local, 'fresh.img');
  writeFileSync(`${dest}.part`, randomBytes(SIZE + 10));
  const host = await connect();
  try {
    const result = await host.fetch(source, dest, {});
    expect(result.resumedFrom).toBe(0);
    expect(sha256File(dest)).toBe(sha256File(source));
  } finally {
    host.close();
  }
}, 120_000);
