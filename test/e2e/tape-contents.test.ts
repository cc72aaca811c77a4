/**
 * The tape step says what is on the tape before it is written over (issue 22 item 1, issue 14 findings 2
 * and 3), in Debian's Chromium against the real services: a "What is on this tape" card for every checked
 * tape, each confirmation a warning alert with an Overwrite checkbox, a tape whose first record cannot be
 * read shown as unknown (never blank), and the retention of the cartridge in the drive blocking until a
 * reason is given, which then lands in that cartridge's history. Screenshots in test-results/e2e/tape-contents/.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobId, JobInfo } from '../../shared/model.ts';
import { writeImageSet } from '../../electron/services/aix/synthetic/image-set.ts';
import { openCatalog } from '../../electron/services/catalog/catalog.ts';
import { writeFourRecordTape } from '../../electron/services/tape/four-record-writer.ts';
import { SimhTapeDrive } from '../../electron/services/tape/simh-tape-drive.ts';
import { writeTap } from '../helpers/tap-damage.ts';
import { horizontalOverflow, startUiRig, type UiRig } from './helpers/ui-rig.ts';

let rig: UiRig;
const SLOW = 240_000;
const tapePath = (name: string): string => path.join(rig.dir, 'tapes', name);

async function finished(id: JobId): Promise<JobInfo> {
  for (;;) {
    const job = await rig.service.handlers.getJob({ id });
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  rig = await startUiRig('tape-contents', { sim: { mksysbBytes: 1024 * 1024, mksysbMillis: 300 } });
  mkdirSync(path.join(rig.dir, 'tapes'));
  const h = rig.service.handlers;
  const { sshd } = rig;
  await h.addServer({
    name: 'aix1',
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    auth: 'key',
    keyPath: sshd.keyPath,
    workdir: sshd.workdir,
    secret: null,
  });
  await h.trustServer({ name: 'aix1', fingerprint: sshd.hostKeyFingerprint });
  const capture = await finished((await h.startCapture({ server: 'aix1', exclude: false, pack: false, record4BlockSize: 512 })).id);
  if (capture.result?.kind !== 'capture') throw new Error(`capture did not finish: ${JSON.stringify(capture.error)}`);
  const imageSetId = capture.result.imageSet.id;
  // NEW002: written and kept until 2030.
  const write = await finished(
    (
      await h.startWrite({
        target: tapePath('new002.tap'),
        volser: 'NEW002',
        mediaId: 'L8',
        imageSetId,
        confirmed: [],
        overrideReason: null,
      })
    ).id,
  );
  if (write.state !== 'done') throw new Error(`write of NEW002 did not finish: ${JSON.stringify(write.error)}`);
  await h.updateCartridge({ volser: 'NEW002', location: null, retentionUntil: '2030-12-31', notes: null });
  // A tape from another server, and one whose record 1 uses 2 MiB blocks.
  const payroll = path.join(rig.dir, 'payroll-set');
  await writeImageSet(payroll, { mksysbSize: 256 * 1024, bootBlocks: 64, seed: 9, hostname: 'payroll9', oslevel: '7100-04-02-1614' });
  await writeFourRecordTape(new SimhTapeDrive(tapePath('payroll.tap')), payroll);
  writeTap(tapePath('odd.tap'), [{ block: Buffer.alloc(2 * 1024 * 1024, 0x55) }, 'filemark']);

  const { page } = rig;
  await page.goto(rig.harness.url);
  await page.getByRole('tab', { name: 'New tape' }).click();
  await page.getByRole('list', { name: 'Servers' }).getByText('aix1', { exact: true }).click();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByText(/Connected to aix1/).waitFor();
  await page.getByRole('button', { name: 'Next: Capture' }).click();
  await page
    .getByRole('radio', { name: /Use image set aix1/ })
    .first()
    .check();
  await page.getByRole('button', { name: 'Next: Tape' }).click();
}, 300_000);

afterAll(async () => {
  await rig?.stop();
});

async function checkTape(file: string, volser: string): Promise<void> {
  const { page } = rig;
  await page.getByLabel('Path of a .tap file').fill(tapePath(file));
  await page.getByLabel('VOLSER (type or scan the cartridge barcode)').fill(volser);
  await page.getByRole('button', { name: 'Check this tape' }).click();
  await page.getByRole('region', { name: 'What is on this tape' }).waitFor();
}

describe('the tape step says what is on the tape', () => {
  it(
    'a foreign tape: the card shows host, OS level and backup date; overwriting it is a warning with an Overwrite checkbox',
    async () => {
      const { page } = rig;
      await checkTape('payroll.tap', 'NEW001');
      const card = page.getByRole('region', { name: 'What is on this tape' });
      expect(await card.getByLabel('Host').textContent()).toBe('payroll9');
      expect(await card.getByLabel('OS level').textContent()).toBe('7100-04-02-1614');
      expect(await card.getByLabel('Backup date').textContent()).toMatch(/2026/);
      expect(await card.textContent()).toContain('Unknown contents');
      const warning = page.getByRole('alert').filter({ hasText: 'UNKNOWN_CONTENTS' });
      expect(await warning.getAttribute('class')).toMatch(/MuiAlert-.*[wW]arning/);
      const overwrite = warning.getByRole('checkbox', { name: /Overwrite/ });
      const next = page.getByRole('button', { name: 'Next: Write' });
      expect(await next.isEnabled()).toBe(false);
      await rig.shot('foreign-tape');
      await overwrite.check();
      expect(await next.isEnabled()).toBe(true);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    },
    SLOW,
  );

  it(
    'a tape whose first record cannot be read (2 MiB blocks) is unknown contents, not blank',
    async () => {
      const { page } = rig;
      await checkTape('odd.tap', 'NEW001');
      const card = page.getByRole('region', { name: 'What is on this tape' });
      expect(await card.textContent()).toContain('Unknown contents');
      expect(await card.textContent()).toMatch(/first record cannot be read/);
      expect(await page.getByText(/Nothing stands in the way/).count()).toBe(0);
      await page
        .getByRole('alert')
        .filter({ hasText: 'UNKNOWN_CONTENTS' })
        .getByRole('checkbox', { name: /Overwrite/ })
        .waitFor();
      await rig.shot('unreadable-tape');
    },
    SLOW,
  );

  it(
    "a tape identified as NEW002 (kept until 2030): the card names it, its retention blocks NEW003 until a reason, recorded in NEW002's history",
    async () => {
      const { page } = rig;
      await checkTape('new002.tap', 'NEW003');
      const card = page.getByRole('region', { name: 'What is on this tape' });
      expect(await card.getByLabel('Cartridge').textContent()).toMatch(/^NEW002 \(NEW002L8\)/);
      expect(await card.getByLabel('Host').textContent()).toBeTruthy();
      const blocked = page.getByRole('alert').filter({ hasText: 'Cannot write' });
      expect(await blocked.textContent()).toMatch(/cartridge NEW002, not NEW003: .*under retention until 2030-12-31/);
      const known = page.getByRole('alert').filter({ hasText: 'KNOWN_CONTENTS' });
      await known.getByRole('checkbox', { name: /Overwrite/ }).check();
      const next = page.getByRole('button', { name: 'Next: Write' });
      expect(await next.isEnabled()).toBe(false);
      await page.getByText('Recorded in the history of NEW002').waitFor();
      await rig.shot('identified-retention-blocked');
      const reason = 'NEW002 recalled by audit 2026-12; reused as NEW003';
      await page.getByLabel('Reason to override the retention (recorded in the catalog)').fill(reason);
      expect(await next.isEnabled()).toBe(true);
      await next.click();
      await page.getByRole('button', { name: 'Write tape' }).click();
      await page.getByText(/Written: four records/).waitFor({ timeout: 120_000 });
      const catalog = await openCatalog(path.join(rig.dir, 'catalog.db'), { autoBackup: false });
      try {
        expect(catalog.history('NEW002').retentionOverrides.map((o) => [o.action, o.reason])).toEqual([['write', reason]]);
        expect(catalog.history('NEW003').retentionOverrides).toEqual([]);
      } finally {
        catalog.close();
      }
    },
    SLOW,
  );

  it(
    'a tape changed after the Tape step: the write step checks it again, stops before writing, and the same job writes once the operator answers',
    async () => {
      const { page } = rig;
      // A fresh wizard on the Tape step.
      await page.goto(rig.harness.url);
      await page.getByRole('tab', { name: 'New tape' }).click();
      await page.getByRole('list', { name: 'Servers' }).getByText('aix1', { exact: true }).click();
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByText(/Connected to aix1/).waitFor();
      await page.getByRole('button', { name: 'Next: Capture' }).click();
      await page
        .getByRole('radio', { name: /Use image set aix1/ })
        .first()
        .check();
      await page.getByRole('button', { name: 'Next: Tape' }).click();
      await checkTape('fresh.tap', 'NEW004');
      await page.getByText(/Nothing stands in the way/).waitFor();
      await page.getByRole('button', { name: 'Next: Write' }).click();
      // Before Write is pressed, another tape takes the place of the blank one (the operator swapped cartridges).
      copyFileSync(tapePath('payroll.tap'), tapePath('fresh.tap'));
      await page.getByRole('button', { name: 'Write tape' }).click();
      await page.getByRole('button', { name: 'Review the checks' }).click();
      const dialog = page.getByRole('dialog', { name: 'Resume Write NEW004' });
      expect(await dialog.textContent()).toContain('payroll9');
      expect(readFileSync(tapePath('fresh.tap')).equals(readFileSync(tapePath('payroll.tap')))).toBe(true);
      const resume = dialog.getByRole('button', { name: 'Resume the write' });
      expect(await resume.isEnabled()).toBe(false);
      await rig.shot('write-stopped-by-check');
      await dialog
        .getByRole('alert')
        .filter({ hasText: 'UNKNOWN_CONTENTS' })
        .getByRole('checkbox', { name: /Overwrite/ })
        .check();
      await resume.click();
      await page.getByText(/Written: four records/).waitFor({ timeout: 120_000 });
      const catalog = await openCatalog(path.join(rig.dir, 'catalog.db'), { autoBackup: false });
      try {
        // One job: stopped by the check, then resumed to a recorded write.
        const jobs = catalog.jobs.list({}).filter((j) => j.volser === 'NEW004');
        expect(jobs.map((j) => j.state)).toEqual(['done']);
        expect(catalog.history('NEW004').writes.map((w) => w.result)).toEqual(['ok']);
      } finally {
        catalog.close();
      }
    },
    SLOW,
  );

  it('logged no page errors', () => {
    expect(rig.pageErrors).toEqual([]);
  });
});
