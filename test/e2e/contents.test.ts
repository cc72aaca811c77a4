/**
 * The Contents tab and "which backups have this file" (issue 18, in the app) and the Drive panel (issue 17),
 * in Debian's Chromium against the real services: an image set captured over a real sshd is browsed as a
 * tree largest first, searched, and one file extracted into a typed folder (the browser harness has no
 * native dialog) — the file then exists with the bytes the archive holds (read back by the independent
 * single-member reader). A cartridge's Contents tab shows the same backup; the catalog search finds the
 * backup with the cartridge holding it; the Drive panel decodes a saved `--save-raw` bundle (no SCSI drive
 * in the harness: the production path reads /dev/sgN, the bundle path is the same decoder and words).
 * Screenshots at 1024×700, light and dark, in test-results/e2e/contents/.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobId, JobInfo } from '../../shared/model.ts';
import { extractMember } from '../../electron/services/aix/archive-file.ts';
import {
  inquiryFixture,
  MAM_LTO6,
  modeSenseFixture,
  readAttributeFixture,
  tapeAlertFixture,
  vpd80Fixture,
} from '../unit/tape/scsi/scsi-fixtures.ts';
import { horizontalOverflow, startUiRig, type UiRig } from './helpers/ui-rig.ts';

let rig: UiRig;
let imageSetId: string;
let stagingPath: string;

async function finished(id: JobId): Promise<JobInfo> {
  for (;;) {
    const job = await rig.service.handlers.getJob({ id });
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function shots(name: string): Promise<void> {
  await rig.shot(`${name}-light`);
  await rig.page.emulateMedia({ colorScheme: 'dark' });
  await rig.shot(`${name}-dark`);
  await rig.page.emulateMedia({ colorScheme: 'light' });
}

beforeAll(async () => {
  rig = await startUiRig('contents', { sim: { mksysbBytes: 2 * 1024 * 1024, mksysbMillis: 200 } });
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
  const capture = await finished((await h.startCapture({ server: 'aix1', exclude: false, pack: true, record4BlockSize: 512 })).id);
  if (capture.result?.kind !== 'capture') throw new Error(`capture did not finish: ${JSON.stringify(capture.error)}`);
  imageSetId = capture.result.imageSet.id;
  stagingPath = capture.result.imageSet.path;
  mkdirSync(path.join(rig.dir, 'tapes'));
  const write = await finished(
    (
      await h.startWrite({
        target: path.join(rig.dir, 'tapes', 'new001.tap'),
        volser: 'NEW001',
        mediaId: 'L8',
        imageSetId,
        confirmed: [],
        overrideReason: null,
      })
    ).id,
  );
  if (write.state !== 'done') throw new Error(`write of NEW001 did not finish: ${JSON.stringify(write.error)}`);
  await h.updateCartridge({ volser: 'NEW001', location: 'Vault A', retentionUntil: null, notes: null });
  await rig.page.goto(rig.harness.url);
}, 300_000);

afterAll(async () => {
  await rig?.stop();
});

describe('Contents, find and drive in the browser', () => {
  it("an image set's Contents tab lists the tree largest first and opens a folder", async () => {
    const { page } = rig;
    await page.getByRole('tab', { name: 'Image sets' }).click();
    await page
      .getByRole('radio', { name: /Use image set aix1/ })
      .first()
      .check();
    const panel = page.getByRole('region', { name: `Image set ${imageSetId}` });
    await panel.getByRole('tab', { name: 'Contents' }).waitFor();
    const members = panel.getByRole('table', { name: 'Members' });
    // The root as the API answers it, largest first: the window shows the same rows in the same order.
    const root = await rig.service.handlers.listContents({ source: { imageSetId }, directory: '.', offset: 0, limit: 200 });
    expect(root.entries.length).toBeGreaterThan(3);
    expect(root.entries.map((e) => e.bytes)).toEqual([...root.entries.map((e) => e.bytes)].sort((a, b) => b - a));
    await members.getByRole('row', { name: root.entries[0]!.name, exact: true }).waitFor();
    const shown = await members.getByRole('row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')).filter(Boolean));
    expect(shown).toEqual(root.entries.map((e) => e.name));
    await members.getByRole('button', { name: 'Open ./etc', exact: true }).click();
    const etc = await rig.service.handlers.listContents({ source: { imageSetId }, directory: './etc', offset: 0, limit: 200 });
    await members.getByRole('row', { name: etc.entries[0]!.name, exact: true }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await shots('image-set-contents');
  });

  it("searches the backup and extracts a file that then exists with the archive's bytes", async () => {
    const { page } = rig;
    const panel = page.getByRole('region', { name: `Image set ${imageSetId}` });
    await panel.getByRole('textbox', { name: /Search this backup/ }).fill('image.data');
    await panel.getByRole('button', { name: 'Search', exact: true }).click();
    const results = panel.getByRole('table', { name: 'Search results' });
    await results.getByRole('row', { name: './image.data', exact: true }).waitFor();
    await results.getByRole('checkbox', { name: 'Select ./image.data' }).check();
    const out = path.join(rig.dir, 'restored', 'aix1');
    await panel.getByRole('textbox', { name: 'Extract into folder' }).fill(out);
    await panel.getByRole('button', { name: 'Extract', exact: true }).click();
    // The harness has no native dialog: a Choose… click falls back to the typed path.
    await panel
      .getByRole('status')
      .filter({ hasText: /Extracted 1 file/ })
      .waitFor();
    const file = path.join(out, 'image.data');
    expect(existsSync(file)).toBe(true);
    const reference = path.join(rig.dir, 'reference-image.data');
    await extractMember(path.join(stagingPath, '4_mksysb.img'), './image.data', reference);
    expect(readFileSync(file).equals(readFileSync(reference))).toBe(true);
    expect(readFileSync(file, 'latin1')).toMatch(/image_data:/);
    await shots('image-set-extracted');
  });

  it('refuses a folder the main process must not write into, whatever the window sends', async () => {
    await expect(
      rig.service.handlers.startExtract({ source: { imageSetId }, paths: ['./image.data'], outDir: '/etc', overwrite: false }),
    ).rejects.toThrow(/system directory/);
    writeFileSync(path.join(rig.dir, 'a-file'), 'x');
    await expect(
      rig.service.handlers.startExtract({
        source: { imageSetId },
        paths: [],
        outDir: path.join(rig.dir, 'a-file', 'sub'),
        overwrite: false,
      }),
    ).rejects.toThrow(/is not a directory/);
  });

  it("a cartridge's Contents tab shows its backup; the catalog search finds the backup and the cartridge holding it", async () => {
    const { page } = rig;
    await page.getByRole('tab', { name: 'Cartridges' }).click();
    await page.getByRole('row', { name: 'Cartridge NEW001' }).click();
    const detail = page.getByRole('region', { name: 'Cartridge NEW001' });
    await detail.getByRole('tab', { name: 'Contents' }).click();
    await detail.getByRole('table', { name: 'Members' }).getByRole('row', { name: './etc', exact: true }).waitFor();
    await shots('cartridge-contents');
    const find = page.getByRole('region', { name: 'Which backups have this file' });
    await find.getByLabel(/File name or pattern/).fill('bosinst.data');
    await find.getByRole('button', { name: 'Find backups' }).click();
    const hit = find.getByRole('listitem', { name: `Backup image set ${imageSetId}` });
    await hit.waitFor();
    await expect(hit.textContent()).resolves.toMatch(/NEW001 \(written, Vault A\)/);
    await expect(hit.textContent()).resolves.toMatch(/\.\/bosinst\.data/);
    await find.getByLabel(/File name or pattern/).fill('no-such-file-anywhere');
    await find.getByRole('button', { name: 'Find backups' }).click();
    await find.getByText(/No indexed backup has a file matching/).waitFor();
    await find.getByLabel(/File name or pattern/).fill('bosinst.data');
    await find.getByRole('button', { name: 'Find backups' }).click();
    await hit.waitFor();
    await find.scrollIntoViewIfNeeded();
    await shots('find-backups');
  });

  it('the Drive panel shows a saved drive report in words: generation, capacity, cleaning, flags with fixes, cartridge memory', async () => {
    const { page } = rig;
    const bundle = path.join(rig.dir, 'bundle');
    mkdirSync(bundle);
    writeFileSync(path.join(bundle, 'inquiry.bin'), inquiryFixture());
    writeFileSync(path.join(bundle, 'vpd80.bin'), vpd80Fixture('1013005432'));
    writeFileSync(path.join(bundle, 'mode-sense.bin'), modeSenseFixture(0x5c, false, 512));
    writeFileSync(path.join(bundle, 'log-2e.bin'), tapeAlertFixture([4, 20]));
    writeFileSync(path.join(bundle, 'read-attribute.bin'), readAttributeFixture({ ...MAM_LTO6, barcode: 'NEW001L8' }));
    const drive = page.getByRole('region', { name: 'Drive', exact: true });
    await drive.getByLabel(/saved bundle folder/).fill(bundle);
    await drive.getByRole('button', { name: 'Open bundle' }).click();
    const facts = drive.getByRole('region', { name: 'Drive facts' });
    await facts.waitFor();
    const text = await facts.textContent();
    expect(text).toMatch(/IBM ULT3580-TD6, firmware J451, serial 1013005432/);
    expect(text).toMatch(/LTO-7.*native capacity 6 TB/);
    expect(text).toMatch(/Cleaning: the drive needs cleaning now: load a cleaning cartridge/);
    expect(text).toMatch(/TapeAlert 20: Cleaning required \(critical\) — load a cleaning cartridge now/);
    expect(text).toMatch(/TapeAlert 4: Media \(critical\) — the cartridge is damaged or worn/);
    expect(text).toMatch(/barcode NEW001L8 \(cartridge NEW001 in the catalog\)/);
    expect(text).toMatch(/37 loads/);
    await facts.scrollIntoViewIfNeeded();
    expect(await horizontalOverflow(page)).toBe(0);
    await shots('drive-panel');
    // A .tap is a virtual tape; a folder that is not a bundle says so.
    await drive.getByLabel('Drive (/dev/nstN or .tap)').fill(path.join(rig.dir, 'tapes', 'new001.tap'));
    await drive.getByRole('button', { name: 'Read drive' }).click();
    await drive.getByText(/Virtual tape .*no drive, TapeAlert or cartridge memory to read/).waitFor();
    await drive.getByLabel(/saved bundle folder/).fill(path.join(rig.dir, 'tapes'));
    await drive.getByRole('button', { name: 'Open bundle' }).click();
    await drive.getByText(/not a drive status bundle/).waitFor();
    expect(rig.pageErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
