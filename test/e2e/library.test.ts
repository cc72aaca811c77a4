/**
 * The Library view and the wizard's "Take a cartridge from the library" (issue 20) in Debian's Chromium
 * at 1024×700 against the real services, on the SIMULATED library (a folder of .tap cartridges, selected
 * in the settings form like a real changer): the settings form, the slots grid with VOLSER, catalog state
 * and retention, reconcile (unknown labels added as blank), Load and Unload with the library's errors
 * (door open, not responding, drive full, cartridge not there), then a wizard job that picks a reusable
 * cartridge, writes and verifies it, and puts it back in its slot. Screenshots (light and dark) in
 * test-results/e2e/library/.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobId, JobInfo } from '../../shared/model.ts';
import { createSimulatedLibrary, simulatedDriveTarget } from '../../electron/services/library/simulated-changer.ts';
import { horizontalOverflow, startUiRig, type UiRig } from './helpers/ui-rig.ts';

let rig: UiRig;
let lib: string;
const SLOW = 240_000;

async function finished(id: JobId): Promise<JobInfo> {
  for (;;) {
    const job = await rig.service.handlers.getJob({ id });
    if (job.state !== 'running' && job.state !== 'pending') return job;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Flips a fault switch of the simulated library (what a real library reports as door open / no answer). */
function fault(change: { doorOpen?: boolean; notResponding?: boolean }): void {
  const file = path.join(lib, 'library.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), ...change }));
}

async function shotBoth(label: string): Promise<void> {
  await rig.page.emulateMedia({ colorScheme: 'light' });
  await rig.shot(`${label}-light`);
  await rig.page.emulateMedia({ colorScheme: 'dark' });
  await rig.shot(`${label}-dark`);
  await rig.page.emulateMedia({ colorScheme: 'light' });
}

beforeAll(async () => {
  rig = await startUiRig('library');
  lib = path.join(rig.dir, 'lib');
  createSimulatedLibrary(lib, { slots: ['LIB001L8', 'LIB002L8', 'NEW003L8', null, 'CLN001L1', null], importExport: 1, moveMillis: 300 });
  const h = rig.service.handlers;
  await h.addCartridge({ volser: 'LIB001', mediaId: 'L8' });
  await h.addCartridge({ volser: 'LIB002', mediaId: 'L8' });
  await h.updateCartridge({ volser: 'LIB002', location: null, retentionUntil: '2099-12-31', notes: null });
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
}, 300_000);

afterAll(async () => {
  await rig?.stop();
});

describe('Library view', () => {
  it(
    'is set up in its settings form, then shows every slot with VOLSER, state and retention, and adds unknown labels',
    async () => {
      const { page } = rig;
      await page.goto(rig.harness.url);
      await page.getByRole('tab', { name: 'Library' }).click();
      await page.getByText('No tape library is configured').waitFor();
      const form = page.getByRole('region', { name: 'Library settings' });
      await form.getByLabel('Changer', { exact: true }).click();
      await page.getByRole('option', { name: 'Simulated library' }).click();
      await form.getByLabel('Simulated library folder').fill(lib);
      expect(await horizontalOverflow(page)).toBe(0);
      await shotBoth('library-settings-form');
      await form.getByRole('button', { name: 'Save library settings' }).click();
      const slot = (n: number) => page.getByRole('group', { name: `Slot ${n}`, exact: true });
      await slot(1).getByText('LIB001L8').waitFor();
      expect(JSON.parse(readFileSync(path.join(rig.dir, 'settings.json'), 'utf8'))).toMatchObject({
        library: { changer: `sim:${lib}`, afterVerify: 'slot' },
      });
      await expect(page.getByText('simulated — not hardware').isVisible()).resolves.toBe(true);
      await expect(slot(1).getByText('blank').isVisible()).resolves.toBe(true);
      await expect(slot(2).getByText('kept until 2099-12-31').isVisible()).resolves.toBe(true);
      await expect(slot(4).getByText('empty').isVisible()).resolves.toBe(true);
      await expect(slot(5).getByText('cleaning').isVisible()).resolves.toBe(true);
      await expect(page.getByRole('group', { name: 'Drive 1' }).getByText('empty').isVisible()).resolves.toBe(true);
      const reconcile = page.getByRole('alert').filter({ hasText: 'Not in the catalog' });
      await expect(reconcile.getByText(/NEW003L8 \(slot 3, media L8\)/).isVisible()).resolves.toBe(true);
      expect(await horizontalOverflow(page)).toBe(0);
      await shotBoth('library-grid');
      await reconcile.getByRole('button', { name: 'Add 1 as blank' }).click();
      await page.getByText('Added NEW003 to the catalog as blank cartridges.').waitFor();
      await slot(3).getByText('blank').waitFor();
      expect(await rig.service.handlers.getCartridge({ volser: 'NEW003' })).toMatchObject({
        cartridge: { status: 'blank', mediaId: 'L8' },
      });
    },
    SLOW,
  );

  it(
    'loads and unloads with a busy state and confirmation, and says what the library refuses',
    async () => {
      const { page } = rig;
      const drive = page.getByRole('group', { name: 'Drive 1' });
      await page.getByRole('button', { name: 'Load LIB001' }).click();
      await page.getByText('Loaded LIB001 from slot 1 (address 1000) into drive 1 (address 1).').waitFor();
      await drive.getByText('LIB001L8').waitFor();
      expect(existsSync(path.dirname(simulatedDriveTarget(lib)))).toBe(true);
      // The drive is full: no other load is offered, and the service refuses one anyway.
      expect(await page.getByRole('button', { name: 'Load LIB002' }).isDisabled()).toBe(true);
      await expect(rig.service.handlers.libraryLoad({ volser: 'LIB002' })).rejects.toThrow(
        /drive 1 \(address 1\) already holds cartridge LIB001L8, not LIB002/,
      );
      await expect(rig.service.handlers.libraryLoad({ volser: 'GONE01' })).rejects.toThrow(/cartridge GONE01 is not in the library/);
      await shotBoth('library-loaded');

      fault({ doorOpen: true });
      await drive.getByRole('button', { name: 'Unload' }).click();
      const dialog = page.getByRole('dialog', { name: 'Unload LIB001L8?' });
      await dialog.getByRole('button', { name: 'Unload' }).click();
      const doorAlert = page.getByRole('alert').filter({ hasText: 'Cannot unload the drive' });
      await doorAlert.getByText(/the library door is open; close it and try again \[UNAVAILABLE\]/).waitFor();
      await rig.shot('library-door-open');
      fault({ doorOpen: false, notResponding: true });
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: 'The library does not answer' })
        .getByText(/is not responding/)
        .waitFor();
      await rig.shot('library-not-responding');
      fault({ notResponding: false });
      await page.getByRole('button', { name: 'Refresh' }).click();
      await drive.getByText('LIB001L8').waitFor();

      await drive.getByRole('button', { name: 'Unload' }).click();
      await page.getByRole('dialog', { name: 'Unload LIB001L8?' }).getByText('back in the slot it came from').waitFor();
      await rig.shot('library-unload-confirm');
      await page.getByRole('dialog', { name: 'Unload LIB001L8?' }).getByRole('button', { name: 'Unload' }).click();
      await page.getByText('Unloading LIB001L8 from drive 1…').waitFor();
      await page.getByText('Unloaded LIB001L8 from drive 1 (address 1) to slot 1 (address 1000).').waitFor();
      await page.getByRole('group', { name: 'Slot 1', exact: true }).getByText('LIB001L8').waitFor();
      expect(rig.pageErrors).toEqual([]);
    },
    SLOW,
  );
});

describe('wizard: take a cartridge from the library', () => {
  it(
    'picks a reusable cartridge (never one under retention), writes and verifies it, and puts it back in its slot',
    async () => {
      const { page } = rig;
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
      const pick = page.getByRole('region', { name: 'Take a cartridge from the library' });
      await pick.getByRole('button', { name: 'Pick a reusable one' }).click();
      await pick.getByText(/Loaded LIB001 from slot 1 \(address 1000\) into drive 1 \(address 1\) \(picked: blank\)/).waitFor();
      const target = simulatedDriveTarget(lib);
      expect(await page.getByLabel('Path of a .tap file').inputValue()).toBe(target);
      expect(await page.getByLabel('VOLSER (type or scan the cartridge barcode)').inputValue()).toBe('LIB001');
      await page.getByRole('button', { name: 'Check this tape' }).click();
      await page.getByText(/Nothing stands in the way/).waitFor();
      await shotBoth('wizard-library-pick');

      await page.getByRole('button', { name: 'Next: Write' }).click();
      await page.getByRole('button', { name: 'Write tape' }).click();
      await page.getByText(/Written: four records/).waitFor({ timeout: 120_000 });
      await page.getByRole('button', { name: 'Next: Verify' }).click();
      await page.getByRole('button', { name: 'Read back and verify' }).click();
      await page.getByText(/VERIFIED — LIB001 is a good bootable tape/).waitFor({ timeout: 120_000 });
      // After the verification the job sends the cartridge back to its slot, with its tape.
      const h = rig.service.handlers;
      const verifyJob = (await h.listJobs({})).find((j) => j.kind === 'verify' && j.title.includes('LIB001'))!;
      const done = await finished(verifyJob.id);
      expect(done.log.join('\n')).toMatch(/library: unloaded LIB001L8 from drive 1 \(address 1\) to slot 1 \(address 1000\)/);
      const status = await h.getLibrary({});
      expect(status.elements.find((e) => e.kind === 'drive')).toMatchObject({ full: false });
      expect(status.elements.find((e) => e.kind === 'slot' && e.number === 1)).toMatchObject({ barcode: 'LIB001L8', state: 'verified' });
      expect(statSync(path.join(lib, 'cartridges', 'LIB001L8.tap')).size).toBeGreaterThan(100_000);
      expect(existsSync(target)).toBe(false);
      expect(rig.pageErrors).toEqual([]);
    },
    SLOW,
  );
});
