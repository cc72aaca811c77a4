/**
 * Issue 22 items 2, 3 and 10 in Debian's Chromium against the real services: the wizard keeps its job
 * across a view switch (the app bar shows the running capture with a link back, Jobs shows its progress
 * and Cancel); a tape whose verification FAILS is red on the stepper, in the step's chips and in Jobs'
 * Verdict column, Print is disabled, and "Write again" / "Retire cartridge" are offered on the step;
 * Jobs filters by state and kind and a row opens its steps and log. Screenshots at 1024×700, light and
 * dark, in test-results/e2e/console-jobs/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flipByteInRecordFour } from '../helpers/tap-damage.ts';
import { horizontalOverflow, startUiRig, type UiRig } from './helpers/ui-rig.ts';

let rig: UiRig;
const SLOW = 240_000;
// A capture long enough to switch views while it runs (the test waits on states, never on the clock).
const SIM = { mksysbBytes: 1024 * 1024, mksysbMillis: 10_000 };
const tapePath = (name: string): string => path.join(rig.dir, 'tapes', name);

async function shotBoth(label: string): Promise<void> {
  await rig.page.emulateMedia({ colorScheme: 'light' });
  await rig.shot(`${label}-light`);
  await rig.page.emulateMedia({ colorScheme: 'dark' });
  await rig.shot(`${label}-dark`);
  await rig.page.emulateMedia({ colorScheme: 'light' });
}

beforeAll(async () => {
  rig = await startUiRig('console-jobs', { sim: SIM });
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
  await rig.page.goto(rig.harness.url);
  await rig.page.getByRole('tab', { name: 'New tape' }).click();
}, 180_000);

afterAll(async () => {
  await rig?.stop();
});

describe('preflight summarises and gates', () => {
  it(
    'errors: a "N errors, M warnings" line, Next disabled yet in view at 1024×700; fixed and run again: Next enabled',
    async () => {
      const { page } = rig;
      await page.getByRole('list', { name: 'Servers' }).getByText('aix1', { exact: true }).click();
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByText(/Connected to aix1/).waitFor();
      rig.sshd.setSim({ ...SIM, faults: { workdirFull: true, noTapeSupport: true } });
      const next = page.getByRole('button', { name: 'Next: Capture' });
      try {
        await page.getByRole('button', { name: 'Run preflight' }).click();
        const table = page.getByRole('table', { name: 'Preflight checks' });
        await table.waitFor();
        const levels = await table.locator('tbody .MuiChip-label').allTextContents();
        const errors = levels.filter((l) => l === 'error').length;
        const warnings = levels.filter((l) => l === 'warning').length;
        expect(errors).toBeGreaterThan(0);
        const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
        const expected = [plural(errors, 'error'), ...(warnings > 0 ? [plural(warnings, 'warning')] : [])].join(', ');
        expect(await page.getByRole('status', { name: 'Preflight summary' }).locator('strong').textContent()).toBe(expected);
        expect(await next.isEnabled()).toBe(false);
        const box = await next.boundingBox();
        expect(box!.y + box!.height).toBeLessThanOrEqual(700);
        // The /tmp fix names only what SysbTape offers (no "expand /tmp" option in Capture).
        expect(await table.textContent()).not.toContain('expand /tmp');
        await shotBoth('preflight-errors');
      } finally {
        rig.sshd.setSim(SIM);
      }
      await page.getByRole('button', { name: 'Run preflight' }).click();
      await expect.poll(() => next.isEnabled(), { timeout: 120_000 }).toBe(true);
      expect(await page.getByRole('status', { name: 'Preflight summary' }).textContent()).not.toMatch(/error/);
    },
    SLOW,
  );
});

describe('leaving the wizard mid-job keeps it', () => {
  it(
    'a capture goes on while Jobs is open: app bar progress with a link back, Jobs with progress and Cancel',
    async () => {
      const { page } = rig;
      await page.getByRole('button', { name: 'Next: Capture' }).click();
      await page.getByRole('button', { name: 'Start capture' }).click();
      await page.getByRole('region', { name: 'Capture on aix1 progress' }).waitFor();

      await page.getByRole('tab', { name: 'Jobs' }).click();
      const bar = page.getByRole('navigation', { name: 'Running jobs' });
      const link = bar.getByRole('button', { name: /Capture on aix1/ });
      await link.waitFor();
      const row = page.getByRole('row', { name: 'Job Capture on aix1' });
      await row.getByRole('progressbar').waitFor();
      await row.getByRole('button', { name: 'Cancel Capture on aix1' }).waitFor();
      await shotBoth('jobs-capture-running');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

      // Back through the app bar: the wizard is still on Capture with the same job, which then finishes.
      await link.click();
      await page.getByRole('heading', { name: 'Capture on aix1' }).waitFor();
      await page.getByRole('region', { name: 'Capture on aix1 progress' }).waitFor();
      await page.getByRole('radio', { name: /Use image set aix1/ }).waitFor({ timeout: 120_000 });
      expect(await page.getByRole('radio', { name: /Use image set aix1/ }).isChecked()).toBe(true);
      expect(await page.getByRole('region', { name: 'Capture on aix1 progress' }).textContent()).toContain('fetch: done');
      await bar.waitFor({ state: 'detached' });
    },
    SLOW,
  );
});

describe('a failed verification is not done', () => {
  it(
    'writes, then a damaged tape FAILS: red on the stepper and the chip, Write again and Retire offered, Print disabled',
    async () => {
      const { page } = rig;
      await page.getByRole('button', { name: 'Next: Tape' }).click();
      await page.getByLabel('Path of a .tap file').fill(tapePath('bad.tap'));
      await page.getByLabel('VOLSER (type or scan the cartridge barcode)').pressSequentially('BAD001L8\n');
      await page.getByText(/Nothing stands in the way/).waitFor();
      // Checking a tape does not register its cartridge; the write does.
      await page.getByText('BAD001 is not in the catalog yet').waitFor();
      await expect(rig.service.handlers.getCartridge({ volser: 'BAD001' })).rejects.toThrow(/no cartridge BAD001/);
      await page.getByRole('button', { name: 'Next: Write' }).click();
      await page.getByRole('button', { name: 'Write tape' }).click();
      await page.getByText(/Written: four records/).waitFor({ timeout: 120_000 });
      expect((await rig.service.handlers.getCartridge({ volser: 'BAD001' })).cartridge.mediaId).toBe('L8');
      flipByteInRecordFour(tapePath('bad.tap'));

      await page.getByRole('button', { name: 'Next: Verify' }).click();
      await page.getByRole('button', { name: 'Read back and verify' }).click();
      await page.getByText(/FAILED — do not shelve BAD001/).waitFor({ timeout: 120_000 });
      const region = page.getByRole('region', { name: 'Verify BAD001 progress' });
      expect(await region.textContent()).toContain('verify: FAILED');
      expect(await region.getByText('verify: done', { exact: true }).count()).toBe(0);
      expect(await region.getByText('verify: FAILED').evaluate((el) => el.closest('.MuiChip-root')?.className ?? '')).toMatch(/colorError/);
      // The stepper: the Verify step is an error, not a ✓.
      const verifyStep = page.getByRole('tab', { name: 'Verify: FAILED' });
      await verifyStep.locator('.MuiStepLabel-label.Mui-error').waitFor();
      expect(await verifyStep.locator('.MuiStepIcon-root.Mui-completed').count()).toBe(0);
      const actions = page.getByRole('group', { name: 'What to do about the failed tape' });
      await actions.getByRole('button', { name: 'Write again' }).waitFor();
      await actions.getByRole('button', { name: 'Retire cartridge' }).waitFor();
      await shotBoth('verify-failed');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

      await page.getByRole('button', { name: 'Next: Label & shelve' }).click();
      await page.getByRole('img', { name: 'Restore card of BAD001' }).waitFor();
      expect(await page.getByRole('button', { name: 'Print label…' }).isEnabled()).toBe(false);
      expect(await page.getByRole('button', { name: 'Print card…' }).isEnabled()).toBe(false);
      expect(await page.getByRole('button', { name: 'Save to catalog' }).isEnabled()).toBe(false);

      // Write again goes back to the Write step with a fresh start.
      await page.getByRole('button', { name: 'Back' }).click();
      await actions.getByRole('button', { name: 'Write again' }).click();
      await page.getByRole('button', { name: 'Write tape' }).waitFor();
      expect(await page.getByText(/Written: four records/).count()).toBe(0);
    },
    SLOW,
  );

  it(
    'Jobs: the failed verification is red in the Verdict column, filters by state and kind, a row opens its log',
    async () => {
      const { page } = rig;
      await page.getByRole('tab', { name: 'Jobs' }).click();
      const verifyRow = page.getByRole('row', { name: 'Job Verify BAD001' });
      await verifyRow.waitFor();
      const verdict = verifyRow.getByLabel('Verdict: FAILED');
      expect(await verdict.getAttribute('class')).toMatch(/colorError/);
      expect(await page.getByRole('row', { name: 'Job Write BAD001' }).getByLabel('No verdict').count()).toBe(1);
      expect(await page.getByRole('columnheader', { name: 'Duration' }).count()).toBe(1);
      await shotBoth('jobs-verdict');

      await page.getByRole('combobox', { name: 'Kind' }).click();
      await page.getByRole('option', { name: 'verify' }).click();
      await expect.poll(() => page.getByRole('table', { name: 'Jobs' }).getByRole('row').count(), { timeout: 60_000 }).toBe(2);
      await page.getByRole('combobox', { name: 'State' }).click();
      await page.getByRole('option', { name: 'failed' }).click();
      await page.getByText('No job matches these filters.').waitFor();
      await page.getByRole('combobox', { name: 'State' }).click();
      await page.getByRole('option', { name: 'Any state' }).click();

      await verifyRow.click();
      const dialog = page.getByRole('dialog', { name: 'Verify BAD001' });
      await dialog.getByRole('log').waitFor();
      expect(await dialog.textContent()).toContain('verify: FAILED');
      await shotBoth('jobs-detail');
      await dialog.getByRole('button', { name: 'Close' }).click();
    },
    SLOW,
  );

  it(
    'Retire cartridge on the Verify step retires it in the catalog',
    async () => {
      const { page } = rig;
      await page.getByRole('tab', { name: 'New tape' }).click();
      // Write again goes through the tape's checks once more: the tape now holds BAD001's damaged write,
      // and BAD001 failed before, so each is confirmed (Overwrite …) before the write.
      await page.getByRole('button', { name: 'Write tape' }).waitFor();
      await page.getByRole('button', { name: 'Back' }).click();
      await page.getByRole('button', { name: 'Check this tape' }).click();
      await page.getByRole('region', { name: 'What is on this tape' }).waitFor();
      const boxes = page.getByRole('checkbox');
      expect(await boxes.count()).toBeGreaterThan(0);
      for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
      await page.getByRole('button', { name: 'Next: Write' }).click();
      await page.getByRole('button', { name: 'Write tape' }).click();
      await page.getByText(/Written: four records/).waitFor({ timeout: 120_000 });
      flipByteInRecordFour(tapePath('bad.tap'));
      await page.getByRole('button', { name: 'Next: Verify' }).click();
      await page.getByRole('button', { name: 'Read back and verify' }).click();
      await page.getByText(/FAILED — do not shelve BAD001/).waitFor({ timeout: 120_000 });
      await page.getByRole('button', { name: 'Retire cartridge' }).click();
      await page.getByRole('button', { name: 'Retire BAD001' }).click();
      await page.getByText(/BAD001 is retired/).waitFor();
      expect((await rig.service.handlers.getCartridge({ volser: 'BAD001' })).cartridge.status).toBe('retired');
    },
    SLOW,
  );

  it(
    'a typo checked at the Tape step stays out of the catalog until "Add to catalog", and a blank cartridge can be deleted',
    async () => {
      const { page } = rig;
      // From Verify back to Tape.
      await page.getByRole('button', { name: 'Back' }).click();
      await page.getByRole('button', { name: 'Back' }).click();
      await page.getByLabel('Path of a .tap file').fill(tapePath('typo.tap'));
      await page.getByLabel('VOLSER (type or scan the cartridge barcode)').fill('TYPO01');
      await page.getByRole('button', { name: 'Check this tape' }).click();
      const note = page.getByRole('alert').filter({ hasText: 'TYPO01 is not in the catalog yet' });
      await note.waitFor();
      await shotBoth('tape-not-in-catalog');
      await expect(rig.service.handlers.getCartridge({ volser: 'TYPO01' })).rejects.toThrow(/no cartridge TYPO01/);
      await note.getByRole('button', { name: 'Add to catalog' }).click();
      await note.waitFor({ state: 'detached' });
      expect((await rig.service.handlers.getCartridge({ volser: 'TYPO01' })).cartridge.status).toBe('blank');

      await page.getByRole('tab', { name: 'Cartridges' }).click();
      await page.getByRole('row', { name: 'Cartridge TYPO01' }).click();
      const detail = page.getByRole('region', { name: 'Cartridge TYPO01' });
      await detail.getByRole('button', { name: 'Delete blank cartridge' }).click();
      await detail.waitFor({ state: 'detached' });
      await expect(rig.service.handlers.getCartridge({ volser: 'TYPO01' })).rejects.toThrow(/no cartridge TYPO01/);
      await page.getByRole('row', { name: 'Cartridge TYPO01' }).waitFor({ state: 'detached' });
      // A written cartridge offers no Delete (it is retired instead).
      await page.getByRole('row', { name: 'Cartridge BAD001' }).click();
      await page.getByRole('region', { name: 'Cartridge BAD001' }).getByText('BAD001L8').waitFor();
      expect(await page.getByRole('button', { name: 'Delete blank cartridge' }).count()).toBe(0);
    },
    SLOW,
  );

  it('logged no page errors', () => {
    expect(rig.pageErrors).toEqual([]);
  });
});
