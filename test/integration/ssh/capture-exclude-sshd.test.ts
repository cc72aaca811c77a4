/** Capture with mksysb -e against a real OpenSSH sshd: /etc/exclude.rootvg leaves files out of the fetched image. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanArchiveFile } from '../../../electron/services/aix/archive-file.ts';
import { captureImages, DEFAULT_CAPTURE } from '../../../electron/services/ssh/capture.ts';
import { fetchImageSet } from '../../../electron/services/ssh/fetch-image-set.ts';
import { RemoteHost } from '../../../electron/services/ssh/remote-host.ts';
import { startSshd, type TestSshd } from '../../helpers/sshd.ts';
import { QUICK_SIM, serverFor } from './ssh-test-kit.ts';

let sshd: TestSshd;
let staging: string;
beforeAll(async () => {
  sshd = await startSshd({ sim: QUICK_SIM });
  staging = mkdtempSync(join(tmpdir(), 'sysbtape-staging-'));
});
afterAll(async () => {
  await sshd?.stop();
  rmSync(staging, { recursive: true, force: true });
});

async function connect(): Promise<RemoteHost> {
  return RemoteHost.connect(serverFor(sshd), { knownHostsPath: null });
}

async function memberNames(path: string): Promise<string[]> {
  const names: string[] = [];
  const summary = await scanArchiveFile(path, { onMember: (m) => names.push(m.name.toString('latin1')) });
  expect(summary.complete).toBe(true);
  return names;
}

describe('capture with exclude over a real sshd', () => {
  it('mksysb -e leaves out what /etc/exclude.rootvg matches; without exclude the files are there', async () => {
    writeFileSync(join(sshd.simRoot, 'etc', 'exclude.rootvg'), '^./tmp/\n^./home/scratch/\n');
    const host = await connect();
    try {
      const request = { ...DEFAULT_CAPTURE, exclude: true };
      const totals: number[] = [];
      const capture = await captureImages(host, request, { onProgress: (p) => totals.push(p.totalFiles) });
      const step = capture.steps.find((s) => s.step === 'mksysb')!;
      expect(step.command).toMatch(/mksysb '-i' '-e' /);
      const set = await fetchImageSet(host, { stagingRoot: staging, capture, request, osLevel: '7300-02-01-2346', reconnect: connect });
      expect(set.manifest.options.exclude).toBe(true);
      const excluded = await memberNames(join(set.dir, '4_mksysb.img'));
      expect(excluded.filter((n) => n.startsWith('./tmp/') || n.startsWith('./home/scratch/'))).toEqual([]);
      expect(excluded).toEqual(
        expect.arrayContaining([
          './bosinst.data',
          './image.data',
          './tmp',
          './home/scratch',
          './home/guest/r\xe9sum\xe9.txt',
          './usr/bin/vi',
        ]),
      );
      // the progress total the operator saw is the count after exclusion
      expect(totals.at(-1)).toBe(excluded.length);

      const plain = await captureImages(host, DEFAULT_CAPTURE);
      expect(plain.steps.find((s) => s.step === 'mksysb')!.command).not.toMatch(/'-e'/);
      const all = await memberNames(join(sshd.workdir, '4_mksysb.img'));
      expect(all).toEqual(
        expect.arrayContaining(['./tmp/perf/vmstat.out', './tmp/ibmsupt/general/general.snap', './home/scratch/extract.sql']),
      );
      expect(all.filter((n) => !n.startsWith('./tmp/') && !n.startsWith('./home/scratch/'))).toEqual(excluded);
    } finally {
      host.close();
    }
  }, 240_000);

  it('a bad pattern fails the capture with the line named, and mksysb writes no image', async () => {
    writeFileSync(join(sshd.simRoot, 'etc', 'exclude.rootvg'), '^./tmp/\n^./home/\\(scratch\n');
    const host = await connect();
    try {
      const err = await captureImages(host, { ...DEFAULT_CAPTURE, exclude: true }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'CAPTURE_FAILED' });
      expect((err as Error).message).toMatch(/mksysb failed .*\(exit 1\)/);
      expect((err as Error).message).toMatch(
        /exclude\.rootvg line 2: the pattern "\^\.\/home\/\\\(scratch" is not a valid regular expression/,
      );
      expect(existsSync(join(sshd.workdir, '4_mksysb.img'))).toBe(false);
    } finally {
      host.close();
    }
  }, 180_000);
});
