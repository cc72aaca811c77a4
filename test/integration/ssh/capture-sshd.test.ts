/** Capture and fetch against a real OpenSSH sshd running the simulated AIX commands. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureImages, DEFAULT_CAPTURE } from '../../../electron/services/ssh/capture.ts';
import { fetchImageSet } from '../../../electron/services/ssh/fetch-image-set.ts';
import { readManifest } from '../../../electron/services/ssh/image-set-manifest.ts';
import { runPreflight } from '../../../electron/services/ssh/preflight.ts';
import { RemoteHost } from '../../../electron/services/ssh/remote-host.ts';
import { startSshd, type TestSshd } from '../../helpers/sshd.ts';
import { QUICK_SIM, serverFor, sha256File } from './ssh-test-kit.ts';

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

/** Processes on this machine whose command line mentions the test's work directory. */
function remoteProcessesInWorkdir(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ');
      if (cmd.includes(sshd.workdir) && /mksysb|bosboot|mkinsttape/.test(cmd)) found.push(`${pid}: ${cmd}`);
    } catch {
      // gone
    }
  }
  return found;
}

describe('capture over a real sshd', () => {
  it('captures, fetches byte-identical images, checks them on the server and writes the manifest last', async () => {
    writeFileSync(join(sshd.simRoot, 'tapeblksz'), '2048 NONE\n');
    const host = await connect();
    try {
      const pre = await runPreflight(host);
      expect(pre.ok).toBe(true);
      expect(pre.osLevel).toBe('7300-02-01-2346');
      const progress: number[] = [];
      const request = { ...DEFAULT_CAPTURE, record4BlockSize: 1024 };
      const capture = await captureImages(host, request, { onProgress: (p) => progress.push(p.percent) });
      expect(progress.at(-1)).toBe(100);
      // Each chunk of mksysb output gives its newest count; how sshd chunks the output depends on load, so
      // only "some progress before the end" is certain here (the parser's chunking has its own unit test).
      expect(progress.length).toBeGreaterThanOrEqual(2);
      // The read-only readiness facts (one log entry per command) are gathered between mkinsttape and mksysb.
      expect([...new Set(capture.steps.map((s) => s.step))]).toEqual([
        'prepare',
        'bosboot',
        'mkinsttape',
        'readiness-facts',
        'mksysb',
        'restore-tapeblksz',
        'sizes',
      ]);
      expect(capture.facts?.unchecked).toEqual([]);
      expect(capture.steps.find((s) => s.step === 'mksysb')!.output).toMatch(/0512-038 mksysb: Backup Completed Successfully/);
      // the operator's own /tapeblksz is back, and the image carries the chosen one
      expect(readFileSync(join(sshd.simRoot, 'tapeblksz'), 'utf8')).toBe('2048 NONE\n');
      const mkinsttape = readFileSync(join(sshd.workdir, '2_mkinsttape.img'));
      expect(mkinsttape.includes(Buffer.from('./tapeblksz'))).toBe(true);
      expect(mkinsttape.includes(Buffer.from('1024 NONE'))).toBe(true);

      const logs: string[] = [];
      const set = await fetchImageSet(host, {
        stagingRoot: staging,
        capture,
        request,
        osLevel: pre.osLevel,
        reconnect: connect,
        onLog: (l) => logs.push(l),
      });
      expect(set.dir.startsWith(join(staging, 'aix1'))).toBe(true);
      for (const img of capture.images) {
        const local = join(set.dir, img.name);
        expect(sha256File(local)).toBe(sha256File(img.remotePath));
        const entry = set.manifest.images.find((i) => i.record === img.record)!;
        expect(entry.sha256).toBe(sha256File(img.remotePath));
        expect(entry.remoteChecksum).toBe(`sha256:${entry.sha256}`);
        expect(entry.size).toBe(img.size);
      }
      expect(readdirSync(set.dir).sort()).toEqual(['1_bosboot.img', '2_mkinsttape.img', '4_mksysb.img', 'capture.log', 'manifest.json']);
      expect(readFileSync(join(set.dir, 'capture.log'), 'utf8')).toMatch(/== mksysb/);
      const manifest = await readManifest(set.dir);
      expect(manifest).toMatchObject({ server: 'aix1', tapeblksz: '1024 NONE', record4BlockSize: 1024, osLevel: '7300-02-01-2346' });
      expect(logs.join('\n')).toMatch(/matches (openssl|sha256sum|csum) on the server/);
    } finally {
      host.close();
    }
  }, 240_000);

  it('fails with the remote message when mksysb fails, and leaves /tapeblksz as it was', async () => {
    rmSync(join(sshd.simRoot, 'tapeblksz'), { force: true });
    sshd.setSim({ ...QUICK_SIM, faults: { mksysbFailAtPercent: 40 } });
    const host = await connect();
    try {
      const err = await captureImages(host, DEFAULT_CAPTURE).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'CAPTURE_FAILED' });
      expect((err as Error).message).toMatch(/mksysb failed .*exit 3/);
      expect((err as Error).message).toMatch(/0511-089|0512-005/);
      expect(existsSync(join(sshd.simRoot, 'tapeblksz'))).toBe(false);
    } finally {
      host.close();
      sshd.setSim(QUICK_SIM);
    }
  }, 180_000);

  it('treats an empty mkinsttape image as a failure', async () => {
    sshd.setSim({ ...QUICK_SIM, faults: { emptyMkinsttape: true } });
    const host = await connect();
    try {
      await expect(captureImages(host, DEFAULT_CAPTURE)).rejects.toThrow(/2_mkinsttape\.img .*is empty/);
    } finally {
      host.close();
      sshd.setSim(QUICK_SIM);
    }
  }, 180_000);

  it('cancel stops the remote mksysb process, not just the channel', async () => {
    writeFileSync(join(sshd.simRoot, 'tapeblksz'), '512 NONE\n');
    sshd.setSim({ ...QUICK_SIM, faults: { slowOutputMs: 4000 } });
    const host = await connect();
    const controller = new AbortController();
    try {
      let sawMksysb = false;
      const run = captureImages(host, DEFAULT_CAPTURE, {
        signal: controller.signal,
        onOutput: (step, text) => {
          if (step === 'mksysb' && /Creating list of files/.test(text) && !sawMksysb) {
            sawMksysb = true;
            expect(remoteProcessesInWorkdir().length).toBeGreaterThan(0);
            controller.abort();
          }
        },
      });
      await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(sawMksysb).toBe(true);
      await new Promise((r) => setTimeout(r, 1500));
      expect(remoteProcessesInWorkdir()).toEqual([]);
      expect(readFileSync(join(sshd.simRoot, 'tapeblksz'), 'utf8')).toBe('512 NONE\n');
    } finally {
      host.close();
      sshd.setSim(QUICK_SIM);
    }
  }, 180_000);

  it('preflight reports missing tape support and a full work directory as errors with fixes', async () => {
    sshd.setSim({ ...QUICK_SIM, faults: { noTapeSupport: true, workdirFull: true } });
    const host = await connect();
    try {
      const report = await runPreflight(host);
      expect(report.ok).toBe(false);
      const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
      expect(byId['tape-support']).toMatchObject({ level: 'error' });
      expect(byId['tape-support']!.fix).toMatch(/devices\.scsi\.tape/);
      expect(byId['workdir-space']).toMatchObject({ level: 'error' });
      expect(byId['workdir-space']!.fix).toMatch(/chfs/);
      expect(byId.aix).toMatchObject({ level: 'ok' });
    } finally {
      host.close();
      sshd.setSim(QUICK_SIM);
    }
  }, 120_000);
});
