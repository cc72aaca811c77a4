/**
 * Issue 22 item 5 in Debian's Chromium against the real services: 10,009 cartridges seeded straight into
 * the catalog page and sort in the catalog query ("1–50 of 10,009"), a contains-search over VOLSER,
 * location and host that takes lowercase and "-" without an error, and one tab stop for the table with
 * arrow-key row focus that is visible. Screenshots at 1024×700, light and dark, in test-results/e2e/console-catalog/.
 */
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
  // Seed through the catalog API: 10,000 blank cartridges, and 9 written from lpar-payroll (with a host).
  const cat = await openCatalog(path.join(rig.dir, 'catalog.db'), { autoBackup: false });
  try {
    const server = cat.servers.put({ name: 'lpar-payroll', host: 'payroll.example', user: 'root', auth: ['key'], keyPath: '/k', workdir: '/tmp/s' });
    const set = cat.imageSets.add({
      serverId: server.id, capturedAt: '2026-05-01T10:00:00Z', osLevel: '7300-02-01-2346', mksysbOptions: [], tapeblksz: 512, stagingPath: '/s/1',
      images: [{ kind: 'boot', fileName: '1', size: 10, sha256: sha(1) }, { kind: 'mkinsttape', fileName: '2', size: 10, sha256: sha(2) },
        { kind: 'mksysb', fileName: '4', size: 10, sha256: sha(4) }],
    });
    cat.transaction(() => {
      for (let i = 0; i < 10_000; i++) {
        cat.cartridges.add({ volser: `C${String(i).padStart(5, '0')}`, mediaId: 'L8', ...(i === 4242 ? { location: 'Offsite box 7' } : {}) });
      }
      for (let i = 1; i <= 9; i++) {
        cat.cartridges.add({ volser: `PAY00${i}`, mediaId: 'L9' });
        cat.writes.record({
          volser: `PAY00${i}`, imageSetId: set.id, drive: '/dev/nst0', startedAt: '2026-05-02T08:00:00Z', endedAt: '2026-05-02T08:30:00Z', result: 'ok',
          records: [1, 2, 3, 4].map((n) => ({ recordNo: n, blockSize: 512, blocks: 1, bytes: 512, sha256: sha(100 * i + n) })),
        });
      }
    });
  } finally {
    cat.close();
  }
  await rig.page.goto(rig.harness.url);
  await rig.page.getByRole('tab', { name: 'Cartridges' }).click();
}, 180_000);

afterAll(async () => {
  await rig?.stop();
});

const firstRow = (): Promise<string | null> => rig.page.getByRole('table', { name: 'Cartridges' }).locator('tbody tr').first().getAttribute('aria-label');

describe('10,009 cartridges', () => {
  it('shows 50 at a time with the total, and pages', async () => {
    const { page } = rig;
    await page.getByText('1–50 of 10,009').waitFor();
    expect(await page.getByRole('table', { name: 'Cartridges' }).locator('tbody tr').count()).toBe(50);
    expect(await firstRow()).toBe('Cartridge C00000');
    await shotBoth('cartridges-paged');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Go to next page' }).click();
    await page.getByText('51–100 of 10,009').waitFor();
    expect(await firstRow()).toBe('Cartridge C00050');
  }, SLOW);

  it('sorts by VOLSER descending and by host', async () => {
    const { page } = rig;
    await page.getByRole('button', { name: 'VOLSER' }).click();
    await expect.poll(firstRow).toBe('Cartridge PAY009');
    await page.getByText('1–50 of 10,009').waitFor();
    await page.getByRole('button', { name: 'Host' }).click();
    await expect.poll(firstRow).toBe('Cartridge PAY001');
    expect(await page.getByRole('row', { name: 'Cartridge PAY001' }).textContent()).toContain('lpar-payroll');
    await shotBoth('cartridges-sorted-by-host');
  }, SLOW);

  it('searches anywhere in VOLSER, location and host; lowercase and "-" never error', async () => {
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
  }, SLOW);

  it('the table is one tab stop; arrow keys move a visible row focus and Enter opens the cartridge', async () => {
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
  }, SLOW);

  it('logged no page errors', () => {
    expect(rig.pageErrors).toEqual([]);
  });
});
