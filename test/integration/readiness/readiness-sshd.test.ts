/**
 * Restore readiness end to end against a real OpenSSH sshd running the simulated AIX commands: each
 * fault switch of the simulator → `sysbtape capture` (facts gathered, report printed and kept) →
 * `sysbtape readiness --json` → the write checks of `sysbtape run` → the restore card's text (pdftotext).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadinessCode, ReadinessFinding, ReadinessReport } from '../../../shared/readiness.ts';
import { READINESS_CODES } from '../../../shared/readiness.ts';
import type { SimConfig } from '../../../electron/sim/sim-config.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { startSshd, type TestSshd } from '../../helpers/sshd.ts';
import { QUICK_SIM } from '../ssh/ssh-test-kit.ts';

let sshd: TestSshd;
let home: string;
const saved = { home: process.env.SYSBTAPE_HOME, kh: process.env.SYSBTAPE_KNOWN_HOSTS, data: process.env.XDG_DATA_HOME };
const restoreEnv = (k: string, v: string | undefined) => {
  if (v === undefined) Reflect.deleteProperty(process.env, k);
  else process.env[k] = v;
};

beforeAll(async () => {
  sshd = await startSshd({ sim: QUICK_SIM });
  home = mkdtempSync(join(tmpdir(), 'sysbtape-readiness-'));
  process.env.SYSBTAPE_HOME = home;
  process.env.XDG_DATA_HOME = home;
  process.env.SYSBTAPE_KNOWN_HOSTS = join(home, 'no_known_hosts');
  expect(
    (
      await runCli([
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
      ])
    ).code,
  ).toBe(0);
  expect((await runCli(['server', 'trust', 'aix1', '--accept-fingerprint', sshd.hostKeyFingerprint])).code).toBe(0);
}, 120_000);
afterAll(async () => {
  await sshd?.stop();
  rmSync(home, { recursive: true, force: true });
  restoreEnv('SYSBTAPE_HOME', saved.home);
  restoreEnv('XDG_DATA_HOME', saved.data);
  restoreEnv('SYSBTAPE_KNOWN_HOSTS', saved.kh);
});

/** Captures with these simulator settings; returns the image set directory and what capture printed. */
async function capture(sim: Partial<SimConfig>, args: string[] = []): Promise<{ dir: string; err: string }> {
  sshd.setSim({ ...QUICK_SIM, ...sim });
  const r = await runCli(['capture', 'aix1', '--staging', join(home, 'staging'), ...args]);
  expect(r.code, r.err).toBe(0);
  return { dir: r.out.trim(), err: r.err };
}

async function readiness(target: string, extra: string[] = []): Promise<{ code: number; report: ReadinessReport }> {
  const r = await runCli(['readiness', target, '--json', ...extra]);
  return { code: r.code, report: JSON.parse(r.out) as ReadinessReport };
}

const find = (r: ReadinessReport, code: ReadinessCode): ReadinessFinding => r.findings.find((f) => f.code === code)!;

function cardText(pdf: string): string {
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe('readiness of a healthy server', () => {
  it('reports every code, ready, with the facts kept in the manifest and raw outputs in capture.log', async () => {
    const { dir, err } = await capture({});
    expect(err).toMatch(/Restore readiness of .*: READY/);
    const { code, report } = await readiness(dir);
    expect(code).toBe(0);
    expect(Object.keys(report).sort()).toEqual(['findings', 'ready']);
    expect(report.ready).toBe(true);
    expect(report.findings.map((f) => f.code)).toEqual([...READINESS_CODES]);
    for (const f of report.findings) expect(Object.keys(f).sort()).toEqual(['code', 'detail', 'fix', 'level', 'title']);
    expect(report.findings.filter((f) => f.level === 'warning' || f.level === 'error')).toEqual([]);
    expect(find(report, 'LEVEL_MISMATCH').detail).toContain('7300-02-01-2346');
    expect(find(report, 'KERNEL')).toMatchObject({ level: 'info' });
    expect(find(report, 'KERNEL').detail).toMatch(/64-bit kernel on chrp/);
    expect(find(report, 'RECOVER_DEVICES').detail).toMatch(/RECOVER_DEVICES = Default/);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      readinessFacts: { oslevel: string; rootvgLvs: { name: string }[] };
    };
    expect(manifest.readinessFacts.oslevel).toBe('7300-02-01-2346');
    expect(manifest.readinessFacts.rootvgLvs.map((l) => l.name)).toContain('hd4');
    const log = readFileSync(join(dir, 'capture.log'), 'utf8');
    for (const cmd of [
      'oslevel -s',
      'bootinfo -K',
      'bootinfo -p',
      'lsvg -l rootvg',
      'mount',
      'lsvg -o',
      'lsps -a',
      'ps -e -o args',
      'bootlist -m normal -o',
    ]) {
      expect(log).toContain(`$ ${cmd}\n`);
    }
    expect(log).toMatch(/LV NAME\s+TYPE\s+LPs\s+PPs\s+PVs\s+LV STATE\s+MOUNT POINT/);
    // Usage: not an image set, not an id.
    expect((await runCli(['readiness', home])).code).toBe(2);
    expect((await runCli(['readiness', 'nonsense'])).code).toBe(2);
    expect((await runCli(['readiness', '999'])).code).toBe(2);
  }, 120_000);
});

describe('warnings: capture → report → confirmed write → restore card', () => {
  it('names the unmounted /data, the raw LV, datavg, the Oracle instance, the 30 MiB boot image and what -e left out', async () => {
    writeFileSync(join(sshd.simRoot, 'etc', 'exclude.rootvg'), '^./home/dbadmin/\n');
    const sim: Partial<SimConfig> = {
      bootImageBytes: 30 * 1024 * 1024,
      faults: { unmountedData: true, rawLv: true, datavgVariedOn: true, databaseRunning: true },
    };
    sshd.setSim({ ...QUICK_SIM, ...sim });
    const tape = join(home, 'warn.tap');
    const labels = join(home, 'labels');
    // Without confirming READINESS_WARNINGS the write does not start.
    const refused = await runCli([
      'run',
      'aix1',
      '--tape',
      tape,
      '--volser',
      'RDY001',
      '--media',
      'L6',
      '--exclude',
      '--staging',
      join(home, 'staging'),
      '--labels',
      labels,
    ]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/NEEDS_CONFIRMATION/);
    expect(refused.err).toMatch(/READINESS_WARNINGS/);
    expect(refused.err).toMatch(/readiness\| .*HOT_BACKUP/);
    const job = /job (\d+) created/.exec(refused.err)![1]!;
    const done = await runCli(['jobs', 'resume', job, '--confirm', 'READINESS_WARNINGS']);
    expect(done.code, done.err).toBe(0);
    expect(done.out).toMatch(/Verdict: PASS/);

    const setId = /image set (\d+) in/.exec(refused.err)?.[1] ?? '1';
    const { code, report } = await readiness(setId);
    expect(code).toBe(0);
    expect(report.ready).toBe(true);
    expect(find(report, 'FS_NOT_MOUNTED')).toMatchObject({ level: 'warning' });
    expect(find(report, 'FS_NOT_MOUNTED').detail).toMatch(/\/data \(LV fslv00, jfs2, closed\/syncd\)/);
    expect(find(report, 'RAW_LV_NOT_SAVED')).toMatchObject({ level: 'warning' });
    expect(find(report, 'RAW_LV_NOT_SAVED').detail).toContain('oraraw01');
    expect(find(report, 'OTHER_VGS')).toMatchObject({ level: 'warning' });
    expect(find(report, 'OTHER_VGS').detail).toContain('datavg');
    expect(find(report, 'HOT_BACKUP')).toMatchObject({ level: 'warning' });
    expect(find(report, 'HOT_BACKUP').detail).toContain('ora_pmon_PROD');
    expect(find(report, 'BOOT_IMAGE_SIZE')).toMatchObject({ level: 'warning' });
    expect(find(report, 'BOOT_IMAGE_SIZE').detail).toContain('61440 blocks');
    expect(find(report, 'EXCLUDED')).toMatchObject({ level: 'info' });
    expect(find(report, 'EXCLUDED').detail).toMatch(/\^\.\/home\/dbadmin\/ \(\/home\/dbadmin: [\d.]+ KB\)/);
    expect(find(report, 'DEVICE_SETTINGS')).toMatchObject({ level: 'info' });
    for (const f of report.findings) if (f.level !== 'ok') expect(f.fix.length).toBeGreaterThan(10);

    const card = cardText(join(labels, 'RDY001L6.pdf'));
    expect(card).toContain('What this tape does not restore');
    expect(card).toMatch(/Not on this tape: \/data \(LV fslv00/);
    expect(card).toMatch(/oraraw01/);
    expect(card).toMatch(/datavg/);
    expect(card).toMatch(/ora_pmon_PROD/);
    expect(card).toMatch(/61440 blocks/);
    expect(card).toMatch(/\^\.\/home\/dbadmin\//);
    expect(card).toMatch(/Check after the restore: Device attributes are recreated/);
    expect(card).toMatch(/RECOVER_DEVICES = Default/);
    expect(card).toMatch(/Only rootvg is on this tape/);
    rmSync(join(sshd.simRoot, 'etc', 'exclude.rootvg'));
  }, 300_000);
});

describe('errors: not ready, and the write is blocked', () => {
  it('LEVEL_MISMATCH: record 4 from another OS level', async () => {
    const { dir, err } = await capture({ faults: { record4Oslevel: '7300-01-02-2320' } });
    expect(err).toMatch(/NOT READY/);
    const { code, report } = await readiness(dir);
    expect(code).toBe(1);
    expect(report.ready).toBe(false);
    expect(find(report, 'LEVEL_MISMATCH')).toMatchObject({ level: 'error' });
    expect(find(report, 'LEVEL_MISMATCH').detail).toMatch(
      /server at capture \(oslevel -s\): 7300-02-01-2346; record 2's image.data: 7300-02-01-2346; record 4's image.data: 7300-01-02-2320/,
    );
    // run: the error is a blocking write check under its own code; nothing is written, no card is made.
    const run = await runCli([
      'run',
      'aix1',
      '--tape',
      join(home, 'lvl.tap'),
      '--volser',
      'RDY002',
      '--media',
      'L6',
      '--staging',
      join(home, 'staging'),
      '--labels',
      join(home, 'labels'),
      '--yes',
    ]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/CHECK_BLOCKED/);
    expect(run.err).toMatch(/check \(blocking\) LEVEL_MISMATCH/);
  }, 300_000);

  it('HOST_MISMATCH: records 2 and 4 from different hosts', async () => {
    const { dir } = await capture({ faults: { record4Hostname: 'otherlpar' } });
    const { code, report } = await readiness(dir);
    expect(code).toBe(1);
    expect(find(report, 'HOST_MISMATCH')).toMatchObject({ level: 'error' });
    expect(find(report, 'HOST_MISMATCH').detail).toMatch(/Record 2 comes from aixsim but record 4 from otherlpar/);
  }, 120_000);

  it('FS_MISSING: a mounted rootvg file system missing from image.data', async () => {
    const { dir } = await capture({ faults: { imageDataOmitsFs: '/opt' } });
    const { code, report } = await readiness(dir);
    expect(code).toBe(1);
    expect(find(report, 'FS_MISSING')).toMatchObject({ level: 'error' });
    expect(find(report, 'FS_MISSING').detail).toMatch(/mounted in rootvg but missing from image.data: \/opt \(LV hd10opt\)/);
  }, 120_000);

  it('TOO_BIG_FOR_MEDIA: a rootvg that does not fit an L5 (cartridges shrunk a millionfold, not a 1.5 TB image)', async () => {
    const divisor = process.env.SYSBTAPE_TEST_CAPACITY_DIVISOR;
    process.env.SYSBTAPE_TEST_CAPACITY_DIVISOR = '1000000';
    try {
      const { dir } = await capture({ mksysbBytes: 3 * 1024 * 1024 });
      const stored = await readiness(dir);
      expect(stored.code).toBe(0);
      expect(find(stored.report, 'TOO_BIG_FOR_MEDIA')).toMatchObject({ level: 'warning' });
      expect(find(stored.report, 'TOO_BIG_FOR_MEDIA').detail).toMatch(/L5, L6, LV, LW/);
      const l5 = await readiness(dir, ['--media', 'L5']);
      expect(l5.code).toBe(1);
      const f = find(l5.report, 'TOO_BIG_FOR_MEDIA');
      expect(f.level).toBe('error');
      expect(f.detail).toMatch(/Largest directories of record 4: \/\w+ [\d.]+ MB/);
      expect(f.fix).toMatch(/sysbtape server exclude aix1 --add '\^\.\/[\w/]+\/' --yes/);
      expect((await readiness(dir, ['--media', 'L7'])).code).toBe(0);
      const run = await runCli([
        'run',
        'aix1',
        '--tape',
        join(home, 'big.tap'),
        '--volser',
        'RDY003',
        '--media',
        'L5',
        '--staging',
        join(home, 'staging'),
        '--labels',
        join(home, 'labels'),
        '--yes',
      ]);
      expect(run.code).toBe(1);
      expect(run.err).toMatch(/check \(blocking\) TOO_BIG_FOR_MEDIA/);

      // The remedy: an explicit, confirmed change of the server's /etc/exclude.rootvg.
      const pattern = /--add '([^']+)'/.exec(f.fix)![1]!;
      const dry = await runCli(['server', 'exclude', 'aix1', '--add', pattern]);
      expect(dry.code).toBe(1);
      expect(dry.out).toMatch(/nothing was written/);
      expect(() => readFileSync(join(sshd.simRoot, 'etc', 'exclude.rootvg'), 'utf8')).toThrow();
      const wrote = await runCli(['server', 'exclude', 'aix1', '--add', pattern, '--yes']);
      expect(wrote.code, wrote.err).toBe(0);
      expect(readFileSync(join(sshd.simRoot, 'etc', 'exclude.rootvg'), 'utf8')).toBe(`${pattern}\n`);
      const again = await capture({ mksysbBytes: 3 * 1024 * 1024 }, ['--exclude']);
      expect(find((await readiness(again.dir)).report, 'EXCLUDED').detail).toContain(pattern);
      rmSync(join(sshd.simRoot, 'etc', 'exclude.rootvg'));
    } finally {
      restoreEnv('SYSBTAPE_TEST_CAPACITY_DIVISOR', divisor);
    }
  }, 300_000);

  it('a fact command that is missing is "could not check", never a failed capture', async () => {
    const { dir } = await capture({ faults: { missingCommands: ['lsvg', 'ps'] } });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { readinessFacts: { unchecked: string[] } };
    expect(manifest.readinessFacts.unchecked.map((u) => u.split(':')[0])).toEqual(['lsvg -l rootvg', 'lsvg -o', 'ps -e -o args']);
    const { code, report } = await readiness(dir);
    expect(code).toBe(0);
    for (const c of ['FS_NOT_MOUNTED', 'RAW_LV_NOT_SAVED', 'OTHER_VGS', 'HOT_BACKUP'] as const) {
      expect(find(report, c)).toMatchObject({ level: 'info' });
      expect(find(report, c).title).toMatch(/could not check/);
    }
  }, 120_000);
});
