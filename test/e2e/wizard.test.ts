/**
 * The whole wizard in Debian's Chromium against the real services: the simulated AIX host behind a
 * real OpenSSH sshd, the catalog on disk and a virtual .tap tape. Screenshots of every step go to
 * test-results/e2e/wizard/.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { CatalogServerStore } from '../../electron/services/catalog/server-store.ts';
import { openCatalog } from '../../electron/services/catalog/catalog.ts';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flipByteInRecordFour } from '../helpers/tap-damage.ts';
import { horizontalOverflow, startUiRig, type UiRig } from './helpers/ui-rig.ts';

let rig: UiRig;
const tapePath = (name: string): string => path.join(rig.dir, 'tapes', name);
const SIM = { mksysbBytes: 1024 * 1024, mksysbMillis: 300 };
// The machine may be shared and busy: generous limits, no timing assertions.
const SLOW = 240_000;

beforeAll(async () => {
  rig = await startUiRig('wizard', { sim: SIM });
  mkdirSync(path.join(rig.dir, 'tapes'));
  await rig.page.goto(rig.harness.url);
  // The app opens on the Fleet home view; the wizard is the next tab.
  await rig.page.getByRole('tab', { name: 'New tape' }).click();
}, 180_000);

afterAll(async () => {
  await rig?.stop();
});

describe('wizard, end to end', () => {
  it(
    'opens on the Server step with no token left in the address bar',
    async () => {
      const { page } = rig;
      await page.getByRole('heading', { name: 'Which AIX server?' }).waitFor();
      expect(page.url()).not.toContain('token=');
      await rig.shot('server-empty');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    },
    SLOW,
  );

  it(
    'adds the server, confirms its host key by fingerprint, connects and runs preflight',
    async () => {
      const { page, sshd } = rig;
      await page.getByRole('button', { name: 'Add a server…' }).click();
      const form = page.getByRole('form', { name: 'Add server' });
      await form.getByLabel('Name').fill('aix1');
      await form.getByLabel('Host').fill(sshd.host);
      await form.getByLabel('Port').fill(String(sshd.port));
      await form.getByLabel('User').fill(sshd.user);
      await form.getByLabel('Authentication').click();
      await page.getByRole('option', { name: 'Private key file' }).click();
      await form.getByLabel('Key file').fill(sshd.keyPath);
      await form.getByLabel('Work directory on the server').fill(sshd.workdir);
      await rig.shot('server-add-form');
      await form.getByRole('button', { name: 'Add server' }).click();
      await page.getByRole('list', { name: 'Servers' }).getByText('aix1').waitFor();

      await page.getByRole('button', { name: 'Test connection' }).click();
      const dialog = page.getByRole('dialog', { name: 'Confirm the host key of aix1' });
      await dialog.waitFor();
      expect(await dialog.getByLabel('Offered fingerprint').textContent()).toBe(sshd.hostKeyFingerprint);
      await rig.shot('server-host-key');
      await dialog.getByRole('button', { name: 'Trust and pin this key' }).click();
      await page.getByText(/Connected to aix1/).waitFor();

      await page.getByRole('button', { name: 'Run preflight' }).click();
      const table = page.getByRole('table', { name: 'Preflight checks' });
      await table.waitFor();
      expect(await table.getByRole('row').count()).toBeGreaterThan(3);
      await expect(table.getByText('AIX', { exact: true }).count()).resolves.toBeGreaterThan(0);
      await rig.shot('server-preflight');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await page.getByRole('button', { name: 'Next: Capture' }).isEnabled()).toBe(true);
    },
    SLOW,
  );

  it(
    'captures an image set on the server with live log and progress',
    async () => {
      const { page } = rig;
      await page.getByRole('button', { name: 'Next: Capture' }).click();
      await page.getByRole('heading', { name: 'Capture on aix1' }).waitFor();
      await page.getByRole('button', { name: 'Start capture' }).click();
      await page
        .getByRole('log', { name: 'Capture on aix1 log' })
        .getByText(/mksysb/)
        .first()
        .waitFor();
      await rig.shot('capture-running');
      await page.getByRole('radio', { name: /Use image set aix1/ }).waitFor({ timeout: 90_000 });
      expect(await page.getByRole('radio', { name: /Use image set aix1/ }).isChecked()).toBe(true);
      const chips = await page.getByRole('region', { name: 'Capture on aix1 progress' }).textContent();
      expect(chips).toContain('capture: done');
      expect(chips).toContain('fetch: done');
      // The capture step shows the new image set's readiness report, grouped, each finding with its fix.
      await page.getByText('Restore readiness:').waitFor();
      expect(await page.getByText('Checked and fine').count()).toBe(1);
      expect(await page.locator('[data-code="TOO_BIG_FOR_MEDIA"]').count()).toBe(1);
      await rig.shot('capture-done');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    },
    SLOW,
  );

  it(
    'takes a virtual tape and a scanned barcode, and finds nothing in the way',
    async () => {
      const { page } = rig;
      await page.getByRole('button', { name: 'Next: Tape' }).click();
      await page.getByLabel('Path of a .tap file').fill(tapePath('vol1.tap'));
      // A .tap has no drive behind it: the drive facts say "virtual tape" (a /dev/nstN shows its health).
      await page.getByText(/^Virtual tape \(.*vol1\.tap\): no drive, TapeAlert or cartridge memory to read\.$/).waitFor();
      // A USB barcode scanner types the label (VOLSER + media id) and presses Enter.
      await page.getByLabel('VOLSER (type or scan the cartridge barcode)').pressSequentially('ABC123L6\n');
      await page.getByText('VOLSER ABC123, media L6').waitFor();
      await page.getByText(/Nothing stands in the way/).waitFor();
      expect(await page.getByLabel('Media').textContent()).toContain('L6');
      await rig.shot('tape-checked');
    },
    SLOW,
  );

  it(
    'writes the four records with progress and records the write',
    async () => {
      const { page } = rig;
      await page.getByRole('button', { name: 'Next: Write' }).click();
      await page.getByRole('button', { name: 'Write tape' }).click();
      await page.getByText(/Written: four records/).waitFor({ timeout: 60_000 });
      const table = page.getByRole('table', { name: 'Tape records' });
      expect(await table.getByRole('row').count()).toBe(5);
      await rig.shot('write-done');
    },
    SLOW,
  );

  it(
    'verifies the tape: per-record table and one clear verdict',
    async () => {
      const { page } = rig;
      await page.getByRole('button', { name: 'Next: Verify' }).click();
      await page.getByRole('button', { name: 'Read back and verify' }).click();
      await page.getByText(/VERIFIED — ABC123 is a good bootable tape/).waitFor({ timeout: 60_000 });
      const rows = page.getByRole('table', { name: 'Tape records' }).getByRole('row');
      expect(await rows.count()).toBe(5);
      for (let i = 1; i <= 4; i++) {
        if (i !== 3) expect(await rows.nth(i).textContent()).toMatch(/yes$/);
      }
      await rig.shot('verify-ok');
    },
    SLOW,
  );

  it(
    'shows the label and restore card, and shelves the cartridge with a retention date',
    async () => {
      const { page } = rig;
      await page.getByRole('button', { name: 'Next: Label & shelve' }).click();
      const img = page.getByRole('img', { name: 'Restore card of ABC123' });
      await img.waitFor();
      expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
      await page.getByRole('img', { name: 'Spine label of ABC123' }).waitFor();
      const before = await img.getAttribute('src');
      await page.getByLabel('Location (shelf, safe, off-site box)').fill('Shelf A3');
      await page.getByLabel('Keep until').fill('2030-12-31');
      await page.getByRole('button', { name: 'Save to catalog' }).click();
      await page.getByText(/Recorded: ABC123 at Shelf A3, kept until 2030-12-31/).waitFor();
      // The card is rendered again after Save, and what Print card… prints is the card PDF with the shelf on it.
      await expect.poll(() => img.getAttribute('src'), { timeout: 60_000 }).not.toBe(before);
      await page.getByRole('button', { name: 'Print card…' }).click();
      await page.getByRole('alert').filter({ hasText: 'The restore card of ABC123 went to the print folder' }).waitFor();
      const printed = readdirSync(path.join(rig.dir, 'printed'));
      expect(printed).toEqual([expect.stringMatching(/-ABC123L6-card\.pdf$/)]);
      const text = execFileSync('pdftotext', [path.join(rig.dir, 'printed', printed[0]!), '-'], { encoding: 'utf8' });
      expect(text).toContain('Shelf A3; keep until 2030-12-31');
      await rig.shot('label-shelved');
      await page.emulateMedia({ colorScheme: 'dark' });
      await rig.shot('label-shelved-dark');
      await page.emulateMedia({ colorScheme: 'light' });
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    },
    SLOW,
  );

  it(
    'catalog views show the cartridge with its history, the server, the image set and the jobs',
    async () => {
      const { page } = rig;
      await page.getByRole('tab', { name: 'Cartridges' }).click();
      const row = page.getByRole('row', { name: 'Cartridge ABC123' });
      await row.waitFor();
      expect(await row.textContent()).toContain('verified');
      expect(await row.textContent()).toContain('Shelf A3');
      await row.press('Enter');
      const detail = page.getByRole('region', { name: 'Cartridge ABC123' });
      await detail.getByText(/ok/).first().waitFor();
      expect(await detail.textContent()).toContain('ABC123L6');
      await rig.shot('catalog-cartridges');
      await page.getByRole('tab', { name: 'Servers' }).click();
      await page.getByRole('table', { name: 'Servers' }).getByText(rig.sshd.hostKeyFingerprint).waitFor();
      await rig.shot('catalog-servers');
      await page.getByRole('tab', { name: 'Image sets' }).click();
      // The view loads after the tab opens: wait for the header row and the one image set.
      await expect.poll(() => page.getByRole('table', { name: 'Image sets' }).getByRole('row').count(), { timeout: 30_000 }).toBe(2);
      await rig.shot('catalog-image-sets');
      await page.getByRole('tab', { name: 'Jobs' }).click();
      const jobs = page.getByRole('table', { name: 'Jobs' });
      await jobs.getByText('Verify ABC123').waitFor();
      expect(await jobs.textContent()).toContain('Write ABC123');
      await rig.shot('catalog-jobs');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    },
    SLOW,
  );

  it(
    'logged no page errors',
    () => {
      expect(rig.pageErrors).toEqual([]);
    },
    SLOW,
  );
});

describe('wizard, error paths', () => {
  it(
    'refuses a server whose host key changed and shows both fingerprints',
    async () => {
      const { page, sshd } = rig;
      // Pin a different key for a second entry pointing at the same sshd: to SysbTape the key "changed".
      const catalog = await openCatalog(path.join(rig.dir, 'catalog.db'));
      const pinned = `SHA256:${'A'.repeat(43)}`;
      await new CatalogServerStore(catalog).put({
        name: 'aix-moved',
        host: sshd.host,
        port: sshd.port,
        user: sshd.user,
        auth: ['key'],
        keyPath: sshd.keyPath,
        workdir: sshd.workdir,
        hostKeys: [{ fingerprint: pinned, keyType: 'ssh-ed25519', pinnedAt: new Date().toISOString() }],
        keepaliveSeconds: 15,
        connectTimeoutSeconds: 20,
        sudo: [],
      });
      catalog.close();
      await page.getByRole('tab', { name: 'New tape' }).click();
      // The wizard kept the finished job while the catalog views were open: start over for the next tape.
      await page.getByRole('button', { name: 'Start another tape' }).click();
      await page.getByRole('list', { name: 'Servers' }).getByText('aix-moved').click();
      await page.getByRole('button', { name: 'Test connection' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'has CHANGED' });
      await alert.waitFor();
      expect(await alert.textContent()).toContain(pinned);
      expect(await alert.textContent()).toContain(sshd.hostKeyFingerprint);
      expect(await page.getByRole('button', { name: 'Next: Capture' }).isEnabled()).toBe(false);
      await rig.shot('error-host-key-changed');

      // The way out after a reinstall: forget the pinned key in Servers, then confirm the new one.
      await page.getByRole('tab', { name: 'Servers' }).click();
      await page.getByRole('button', { name: 'Edit aix-moved' }).click();
      const form = page.getByRole('form', { name: 'Edit server aix-moved' });
      await form.getByRole('checkbox', { name: /Forget the pinned host key/ }).check();
      await rig.shot('server-edit-forget-key');
      await form.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('row').filter({ hasText: 'aix-moved' }).getByText('not pinned').waitFor();
      await page.getByRole('tab', { name: 'New tape' }).click();
      await page.getByRole('list', { name: 'Servers' }).getByText('aix-moved').click();
      await page.getByRole('button', { name: 'Test connection' }).click();
      const dialog = page.getByRole('dialog', { name: 'Confirm the host key of aix-moved' });
      expect(await dialog.getByLabel('Offered fingerprint').textContent()).toBe(sshd.hostKeyFingerprint);
      await dialog.getByRole('button', { name: 'Do not trust' }).click();
    },
    SLOW,
  );

  it(
    'shows the remote error when mksysb fails, and no image set is added',
    async () => {
      const { page } = rig;
      await page.getByRole('list', { name: 'Servers' }).getByText('aix1', { exact: true }).click();
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByText(/Connected to aix1/).waitFor();
      await page.getByRole('button', { name: 'Next: Capture' }).click();
      rig.sshd.setSim({ ...SIM, faults: { mksysbFailAtPercent: 40 } });
      try {
        await page.getByRole('button', { name: 'Start capture' }).click();
        const alert = page.getByRole('alert').filter({ hasText: 'Capture on aix1 failed' });
        await alert.waitFor({ timeout: 60_000 });
        expect(await alert.textContent()).toMatch(/mksysb/i);
        expect(await page.getByRole('radio', { name: /Use image set aix1/ }).count()).toBe(1);
        await rig.shot('error-mksysb-failed');
      } finally {
        rig.sshd.setSim(SIM);
      }
    },
    SLOW,
  );

  it(
    'blocks a write to a write-protected virtual tape',
    async () => {
      const { page } = rig;
      const locked = tapePath('locked.tap');
      writeFileSync(locked, '');
      chmodSync(locked, 0o444);
      await page
        .getByRole('radio', { name: /Use image set aix1/ })
        .first()
        .check();
      await page.getByRole('button', { name: 'Next: Tape' }).click();
      await page.getByLabel('Path of a .tap file').fill(locked);
      await page.getByLabel('VOLSER (type or scan the cartridge barcode)').fill('WPT001');
      await page.getByRole('button', { name: 'Check this tape' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'write-protected' });
      await alert.waitFor();
      expect(await alert.textContent()).toContain('WRITE_PROTECTED');
      expect(await page.getByRole('button', { name: 'Next: Write' }).isEnabled()).toBe(false);
      await rig.shot('error-write-protected');
    },
    SLOW,
  );

  it(
    'retention guard: a shelved cartridge cannot be rewritten without a recorded reason',
    async () => {
      const { page } = rig;
      await page.getByLabel('Path of a .tap file').fill(tapePath('vol1.tap'));
      await page.getByLabel('VOLSER (type or scan the cartridge barcode)').fill('ABC123L6');
      await page.getByRole('button', { name: 'Check this tape' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'under retention until 2030-12-31' });
      await alert.waitFor();
      const next = page.getByRole('button', { name: 'Next: Write' });
      // The tape holds ABC123's own recorded write, so nothing else needs confirming: only the guard stops it.
      expect(await page.getByRole('checkbox').count()).toBe(0);
      expect(await next.isEnabled()).toBe(false);
      await rig.shot('error-retention-blocked');
      await page
        .getByLabel('Reason to override the retention (recorded in the catalog)')
        .fill('Server replaced; this backup is superseded');
      expect(await next.isEnabled()).toBe(true);
      await rig.shot('retention-overridden');
    },
    SLOW,
  );

  it(
    'shows per-record progress, speed and ETA while writing, and Cancel stops the write',
    async () => {
      const { page } = rig;
      await page.getByLabel('Path of a .tap file').fill(tapePath('cancel.tap'));
      await page.getByLabel('VOLSER (type or scan the cartridge barcode)').fill('CAN001');
      await page.getByRole('button', { name: 'Check this tape' }).click();
      await page.getByText(/Nothing stands in the way/).waitFor();
      await page.getByRole('button', { name: 'Next: Write' }).click();
      // The job engine's worker honours a test-only write rate, so the write lasts long enough to watch.
      process.env.SYSBTAPE_TEST_WRITE_RATE = '150000';
      try {
        await page.getByRole('button', { name: 'Write tape' }).click();
        const region = page.getByRole('region', { name: 'Write CAN001 progress' });
        await region.getByText(/ETA \d/).waitFor();
        expect(await region.textContent()).toMatch(/record \d · .* of .*MB\/s/);
        await rig.shot('write-progress');
        await region.getByRole('button', { name: 'Cancel' }).click();
        await page.getByRole('alert').filter({ hasText: 'Cancelled' }).waitFor();
        expect(await page.getByRole('button', { name: 'Next: Verify' }).isEnabled()).toBe(false);
        await rig.shot('write-cancelled');
      } finally {
        delete process.env.SYSBTAPE_TEST_WRITE_RATE;
      }
    },
    SLOW,
  );

  it(
    'a tape with one damaged byte fails verification, naming the record',
    async () => {
      const { page } = rig;
      const bad = tapePath('bad.tap');
      copyFileSync(tapePath('vol1.tap'), bad);
      flipByteInRecordFour(bad);
      await page.getByRole('tab', { name: 'Cartridges' }).click();
      await page.getByRole('row', { name: 'Cartridge ABC123' }).click();
      const detail = page.getByRole('region', { name: 'Cartridge ABC123' });
      await detail.getByLabel('Tape to read (.tap or /dev/nstN)').fill(bad);
      await detail.getByRole('button', { name: 'Re-verify' }).click();
      await detail.getByText(/FAILED — do not shelve ABC123/).waitFor({ timeout: 60_000 });
      expect(
        await detail
          .getByRole('alert')
          .filter({ hasText: /Record \d/ })
          .count(),
      ).toBeGreaterThan(0);
      await detail.getByText(/: failed \(\d+ problems?\)/).waitFor();
      await rig.shot('error-verify-failed');
    },
    SLOW,
  );

  it(
    'logged no page errors',
    () => {
      expect(rig.pageErrors).toEqual([]);
    },
    SLOW,
  );
});

describe('keyboard and colour scheme', () => {
  it(
    'the views and the wizard work from the keyboard',
    async () => {
      const { page } = rig;
      await page.goto(rig.harness.origin);
      // The app opens on its home view, Fleet; the wizard is the next tab.
      await expect(page.getByRole('tab', { name: 'Fleet' }).getAttribute('aria-selected')).resolves.toBe('true');
      // Tab to the view tabs, move with the arrow keys, open the wizard, then Cartridges, with Enter.
      let onTab = false;
      for (let i = 0; i < 10 && !onTab; i++) {
        await page.keyboard.press('Tab');
        onTab = await page.evaluate(() => document.activeElement?.getAttribute('role') === 'tab');
      }
      expect(onTab).toBe(true);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Which AIX server?' }).waitFor();
      await page.getByRole('tab', { name: 'New tape' }).focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await page.getByRole('table', { name: 'Cartridges' }).waitFor();
      // A cartridge row opens with Enter.
      await page.getByRole('row', { name: 'Cartridge ABC123' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('region', { name: 'Cartridge ABC123' }).waitFor();
      await rig.shot('keyboard-cartridges');
    },
    SLOW,
  );

  it(
    'follows the system dark scheme and still fits 1024×700',
    async () => {
      const { page } = rig;
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.getByRole('tab', { name: 'New tape' }).click();
      await page.getByRole('heading', { name: 'Which AIX server?' }).waitFor();
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r, g, b] = (background.match(/\d+/g) ?? ['255', '255', '255']).map(Number);
      expect(r! + g! + b!).toBeLessThan(150);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await rig.shot('dark-server-step');
      await page.getByRole('tab', { name: 'Cartridges' }).click();
      await page.getByRole('table', { name: 'Cartridges' }).waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await rig.shot('dark-cartridges');
      expect(rig.pageErrors).toEqual([]);
    },
    SLOW,
  );
});
