/**
 * Issue 22 items 5, 6, 9 and 4 in Debian's Chromium against the real services. An empty catalog shows
 * empty states with "Add server"; then 10,009 cartridges seeded straight into the catalog page and sort
 * in the catalog query ("1–50 of 10,009"), a contains-search over VOLSER, location and host takes
 * lowercase and "-" without an error, and the table is one tab stop with visible arrow-key row focus.
 * The cartridge detail says what is on it (server, image set, OS level, full copyable SHA-256s, each
 * verification's problems), edits the shelf data, re-renders label and card previews after a Save, and
 * prints the label PDF and the card PDF apart (checked with pdftotext). Servers fit 1024×700 in natural order with Add and Delete. Screenshots at 1024×700, light and
 * dark, in test-results/e2e/console-catalog/.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../electron/services/catalog/catalog.ts';
import { horizontalOverflow, startUiRig, type UiRig } from './helpers/ui-rig.ts';

let rig: UiRig;
const SLOW = 240_000;
const sha = (n: number): string => n.toString(16).padStart(64, '0');

async function shotBoth(label: string): Promise<void> {
  await rig.page.emulateMedia({ colorScheme: 'light' });
  await rig.shot(`${label}-light`);
  await rig.page.emulateMedia({ colorScheme: 'dark' });
  await rig.shot(`${label}-dark`);
  await rig.page.emulateMedia({ colorScheme: 'light' });
}

beforeAll(async () => {
  rig = await startUiRig('console-catalog');
  await rig.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: rig.harness.origin });
  await rig.page.goto(rig.harness.url);
}, 180_000);

/** Seeds through the catalog API: servers, 10,000 blank cartridges, 9 written from lpar-payroll (one failed a verification). */
async function seed(): Promise<void> {
  const cat = await openCatalog(path.join(rig.dir, 'catalog.db'), { autoBackup: false });
  try {
    const server = cat.servers.put({
      name: 'lpar-payroll',
      host: 'payroll.example',
      user: 'root',
      auth: ['key'],
      keyPath: '/k',
      workdir: '/tmp/s',
    });
    for (const n of ['lpar10', 'lpar2', 'lpar1']) {
      cat.servers.put({
        name: n,
        host: `${n}.a-rather-long-domain-name.datacentre.example.com`,
        user: 'root',
        auth: ['key'],
        keyPath: '/k',
        workdir: '/var/tmp/sysbtape/work/directory/that/is/long/enough/to/overflow/any/column',
      });
    }
    const set = cat.imageSets.add({
      serverId: server.id,
      capturedAt: '2026-05-01T10:00:00Z',
      osLevel: '7300-02-01-2346',
      mksysbOptions: [],
      tapeblksz: 512,
      stagingPath: '/s/1',
      images: [
        { kind: 'boot', fileName: '1', size: 10, sha256: sha(1) },
        { kind: 'mkinsttape', fileName: '2', size: 10, sha256: sha(2) },
        { kind: 'mksysb', fileName: '4', size: 10, sha256: sha(4) },
      ],
    });
    cat.transaction(() => {
      for (let i = 0; i < 10_000; i++) {
        cat.cartridges.add({
          volser: `C${String(i).padStart(5, '0')}`,
          mediaId: 'L8',
          ...(i === 4242 ? { location: 'Offsite box 7' } : {}),
        });
      }
      for (let i = 1; i <= 9; i++) {
        cat.cartridges.add({ volser: `PAY00${i}`, mediaId: 'L9' });
        cat.writes.record({
          volser: `PAY00${i}`,
          imageSetId: set.id,
          drive: '/dev/nst0',
          startedAt: '2026-05-02T08:00:00Z',
          endedAt: '2026-05-02T08:30:00Z',
          result: 'ok',
          records: [1, 2, 3, 4].map((n) => ({ index: n, blockSize: 512, blocks: 1, bytes: 512, sha256: sha(100 * i + n) })),
        });
      }
      cat.verifications.record({
        volser: 'PAY002',
        drive: '/dev/nst0',
        verifiedAt: '2026-05-02T09:00:00Z',
        verdict: 'fail',
        records: [{ index: 4, result: 'mismatch' }],
        problems: [{ code: 'CONTENT_MISMATCH', message: 'record 4 differs from the image set at byte 256', record: 4, offset: 256 }],
      });
    });
  } finally {
    cat.close();
  }
}

afterAll(async () => {
  await rig?.stop();
});

/** The text of a PDF, as poppler's pdftotext reads it. */
const pdfText = (file: string): string => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');

const firstRow = (): Promise<string | null> =>
  rig.page.getByRole('table', { name: 'Cartridges' }).locator('tbody tr').first().getAttribute('aria-label');

describe('an empty catalog', () => {
  it(
    'Servers and Image sets say they are empty; "Add server" opens the form',
    async () => {
      const { page } = rig;
      await page.getByRole('tab', { name: 'Servers' }).click();
      const empty = page.getByRole('status', { name: 'No servers' });
      await empty.waitFor();
      await shotBoth('servers-empty');
      await empty.getByRole('button', { name: 'Add server' }).click();
      await page.getByRole('form', { name: 'Add server' }).waitFor();
      await page.getByRole('form', { name: 'Add server' }).getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('tab', { name: 'Image sets' }).click();
      await page.getByRole('status', { name: 'No image sets' }).waitFor();
      await shotBoth('image-sets-empty');
    },
    SLOW,
  );
});

describe('10,009 cartridges', () => {
  beforeAll(async () => {
    await seed();
    await rig.page.getByRole('tab', { name: 'Cartridges' }).click();
  }, 120_000);

  it(
    'shows 50 at a time with the total, and pages',
    async () => {
      const { page } = rig;
      await page.getByText('1–50 of 10,009').waitFor();
      expect(await page.getByRole('table', { name: 'Cartridges' }).locator('tbody tr').count()).toBe(50);
      expect(await firstRow()).toBe('Cartridge C00000');
      await shotBoth('cartridges-paged');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.getByRole('button', { name: 'Go to next page' }).click();
      await page.getByText('51–100 of 10,009').waitFor();
      expect(await firstRow()).toBe('Cartridge C00050');
    },
    SLOW,
  );

  it(
    'sorts by VOLSER descending and by host',
    async () => {
      const { page } = rig;
      await page.getByRole('button', { name: 'VOLSER' }).click();
      await expect.poll(firstRow, { timeout: 60_000 }).toBe('Cartridge PAY009');
      await page.getByText('1–50 of 10,009').waitFor();
      await page.getByRole('button', { name: 'Host' }).click();
      await expect.poll(firstRow, { timeout: 60_000 }).toBe('Cartridge PAY001');
      expect(await page.getByRole('row', { name: 'Cartridge PAY001' }).textContent()).toContain('lpar-payroll');
      await shotBoth('cartridges-sorted-by-host');
    },
    SLOW,
  );

  it(
    'searches anywhere in VOLSER, location and host; lowercase and "-" never error',
    async () => {
      const { page } = rig;
      const box = page.getByLabel('Search VOLSER, location, host');
      await box.fill('payroll');
      await page.getByText('1–9 of 9').waitFor();
      await box.fill('box 7');
      await page.getByText('1–1 of 1').waitFor();
      expect(await firstRow()).toBe('Cartridge C04242');
      await box.fill('c0999');
      await page.getByText('1–10 of 10').waitFor();
      await box.fill('zz-');
      await page.getByText('No cartridge matches.').waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);
      await shotBoth('cartridges-search-no-match');
      await box.fill('');
      await page.getByText('1–50 of 10,009').waitFor();
    },
    SLOW,
  );

  it(
    'the table is one tab stop; arrow keys move a visible row focus and Enter opens the cartridge',
    async () => {
      const { page } = rig;
      const rows = page.getByRole('table', { name: 'Cartridges' }).locator('tbody tr');
      expect(await rows.and(page.locator('[tabindex="0"]')).count()).toBe(1);
      await page.getByLabel('Search VOLSER, location, host').focus();
      // Search → Status → Retention → Refresh → the sort labels → the one row that takes focus.
      let onRow = false;
      for (let i = 0; i < 20 && !onRow; i++) {
        await page.keyboard.press('Tab');
        onRow = await page.evaluate(() => document.activeElement?.getAttribute('aria-label')?.startsWith('Cartridge ') ?? false);
      }
      expect(onRow).toBe(true);
      const start = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const focused = await page.evaluate(() => ({
        label: document.activeElement?.getAttribute('aria-label'),
        outline: getComputedStyle(document.activeElement!).outlineStyle,
      }));
      expect(focused.label).not.toBe(start);
      expect(focused.label).toMatch(/^Cartridge /);
      expect(focused.outline).toBe('solid');
      await shotBoth('cartridges-row-focus');
      await page.keyboard.press('Enter');
      await page.getByRole('region', { name: focused.label! }).waitFor();
    },
    SLOW,
  );

  it('logged no page errors', () => {
    expect(rig.pageErrors).toEqual([]);
  });
});

describe('cartridge detail', () => {
  it(
    "says what is on the cartridge: server, image set, OS level, full copyable SHA-256s, each verification's problems",
    async () => {
      const { page } = rig;
      await page.getByLabel('Search VOLSER, location, host').fill('PAY001');
      await page.getByRole('row', { name: 'Cartridge PAY001' }).click();
      const detail = page.getByRole('region', { name: 'Cartridge PAY001' });
      const on = detail.getByRole('region', { name: 'On this cartridge' });
      expect(await on.getByLabel('Server').textContent()).toBe('lpar-payroll');
      expect(await on.getByLabel('OS level').textContent()).toBe('7300-02-01-2346');
      expect(await on.getByLabel('Image set').textContent()).toMatch(/^1, captured 2026-05-01/);
      const full = sha(104);
      expect(await on.getByLabel('SHA-256 of record 4', { exact: true }).textContent()).toBe(full);
      await on.getByRole('button', { name: 'Copy SHA-256 of record 4' }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(full);
      await shotBoth('cartridge-detail');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

      // PAY002 failed its verification: the problems are listed, and its label is not offered for printing.
      await page.getByLabel('Search VOLSER, location, host').fill('PAY002');
      await page.getByRole('row', { name: 'Cartridge PAY002' }).click();
      const failed = page.getByRole('region', { name: 'Cartridge PAY002' });
      const history = failed.getByRole('region', { name: 'History' });
      await history.getByText(/failed \(1 problem\)/).waitFor();
      expect(await history.textContent()).toContain('Record 4: record 4 differs from the image set at byte 256 [CONTENT_MISMATCH]');
      await failed.getByRole('img', { name: 'Restore card of PAY002' }).waitFor();
      expect(await failed.getByRole('button', { name: 'Print label…' }).isEnabled()).toBe(false);
      expect(await failed.getByRole('button', { name: 'Print card…' }).isEnabled()).toBe(false);
      await shotBoth('cartridge-detail-failed');
      await page.getByLabel('Search VOLSER, location, host').fill('PAY001');
      await page.getByRole('row', { name: 'Cartridge PAY001' }).click();
    },
    SLOW,
  );

  it(
    'edits location, retention and notes; the previews are rendered again, and Print label / Print card print each PDF apart',
    async () => {
      const { page } = rig;
      const detail = page.getByRole('region', { name: 'Cartridge PAY001' });
      const img = detail.getByRole('img', { name: 'Restore card of PAY001' });
      await img.waitFor();
      await detail.getByRole('img', { name: 'Spine label of PAY001' }).waitFor();
      const before = await img.getAttribute('src');
      const form = detail.getByRole('form', { name: 'Shelf data' });
      await form.getByLabel('Location').fill('Vault B2');
      await form.getByLabel('Keep until').fill('2031-06-30');
      await form.getByLabel('Notes').fill('payroll year end');
      await form.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('row', { name: 'Cartridge PAY001' }).getByText('Vault B2').waitFor();
      const saved = await rig.service.handlers.getCartridge({ volser: 'PAY001' });
      expect(saved.cartridge).toMatchObject({ location: 'Vault B2', retentionUntil: '2031-06-30', notes: 'payroll year end' });
      await expect.poll(() => img.getAttribute('src'), { timeout: 60_000 }).not.toBe(before);
      // The preview is the card as saved: its text is the card PDF's, and that PDF says the shelf, not "-".
      const shown = await rig.service.handlers.renderLabel({ volser: 'PAY001' });
      expect(pdfText(shown.card.pdfPath)).toContain('Vault B2; keep until 2031-06-30');

      await detail.getByRole('button', { name: 'Larger preview' }).click();
      const zoom = page.getByRole('dialog', { name: 'Label and restore card of PAY001' });
      const large = zoom.getByRole('img', { name: 'Larger preview of the restore card of PAY001' });
      await zoom.getByRole('img', { name: 'Larger preview of the spine label of PAY001' }).waitFor();
      const w1 = (await large.boundingBox())!.width;
      await zoom.getByRole('slider').focus();
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
      await expect.poll(async () => (await large.boundingBox())!.width, { timeout: 60_000 }).toBeGreaterThan(w1);
      await shotBoth('label-zoom');
      await zoom.getByRole('button', { name: 'Close' }).click();

      // Print card… prints the card PDF itself (the harness's printer is a folder): byte for byte the card
      // PDF, the saved shelf on it, and no label. Print label… prints the label PDF alone.
      const printed = path.join(rig.dir, 'printed');
      await detail.getByRole('button', { name: 'Print card…' }).click();
      await page.getByRole('alert').filter({ hasText: 'The restore card of PAY001 went to the print folder' }).waitFor();
      const cardFiles = readdirSync(printed);
      expect(cardFiles).toEqual([expect.stringMatching(/-PAY001L9-card\.pdf$/)]);
      const cardPdf = path.join(printed, cardFiles[0]!);
      expect(readFileSync(cardPdf).equals(readFileSync(shown.card.pdfPath))).toBe(true);
      const cardText = pdfText(cardPdf);
      expect(cardText).toContain('Restore card PAY001L9');
      expect(cardText).toContain('Vault B2; keep until 2031-06-30');
      expect(cardText).not.toContain('cut along the dashed line');
      await shotBoth('label-printed-card');

      await detail.getByRole('button', { name: 'Print label…' }).click();
      await page.getByRole('alert').filter({ hasText: 'The spine label of PAY001 went to the print folder' }).waitFor();
      const labelFile = readdirSync(printed).find((f) => f.endsWith('-PAY001L9-label.pdf'));
      expect(labelFile).toBeDefined();
      const labelText = pdfText(path.join(printed, labelFile!));
      expect(labelText).toContain('PAY001L9');
      expect(labelText).toContain('cut along the dashed line');
      expect(labelText).not.toMatch(/Restore card|Vault B2|lpar-payroll/);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    },
    SLOW,
  );
});

describe('servers', () => {
  it(
    'natural order, long values truncated with a tooltip and Copy, no horizontal overflow at 1024×700; Delete',
    async () => {
      const { page } = rig;
      await page.getByRole('tab', { name: 'Servers' }).click();
      const table = page.getByRole('table', { name: 'Servers' });
      await table.getByText('lpar10', { exact: true }).waitFor();
      const names = await table.locator('tbody tr td:first-child').allTextContents();
      expect(names.filter((n) => /^lpar\d+$/.test(n))).toEqual(['lpar1', 'lpar2', 'lpar10']);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      const workdir = table.getByLabel('work directory of lpar10', { exact: true });
      expect(await workdir.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      await workdir.hover();
      await page.getByRole('tooltip').filter({ hasText: '/var/tmp/sysbtape/work/directory' }).waitFor();
      await shotBoth('servers');
      await table.getByRole('button', { name: 'Copy work directory of lpar10' }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
        '/var/tmp/sysbtape/work/directory/that/is/long/enough/to/overflow/any/column',
      );

      await table.getByRole('button', { name: 'Delete lpar10' }).click();
      await page.getByRole('dialog', { name: 'Delete server lpar10?' }).getByRole('button', { name: 'Delete' }).click();
      await table.getByText('lpar10', { exact: true }).waitFor({ state: 'detached' });
      // A server whose image sets are in the catalog stays, with the reason.
      await table.getByRole('button', { name: 'Delete lpar-payroll' }).click();
      await page.getByRole('dialog', { name: 'Delete server lpar-payroll?' }).getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('alert').filter({ hasText: 'image set' }).waitFor();
      expect(await table.getByText('lpar-payroll', { exact: true }).count()).toBe(1);
    },
    SLOW,
  );

  it('logged no page errors at the end', () => {
    expect(rig.pageErrors).toEqual([]);
  });
});
