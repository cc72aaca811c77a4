/**
 * Issue 22 item 10: Jobs is a catalog query. 1,234 jobs are recorded straight into the catalog (more than
 * the 200 newest the view used to load); the view pages them with the total ("1–25 of 1,234"), sorts by
 * start time both ways (the oldest job is reachable), and filters by kind, state and verdict in the
 * query, with the totals of each filter. Screenshots at 1024×700, light and dark, in test-results/e2e/jobs-paging/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../electron/services/catalog/catalog.ts';
import { horizontalOverflow, startUiRig, type UiRig } from './helpers/ui-rig.ts';

let rig: UiRig;
const SLOW = 240_000;
const N = 1234;
const volser = (i: number): string => `J${String(i).padStart(5, '0')}`;
// Job i: a verify (i % 3 == 0; FAILED when i % 30 == 0), a write (failed when i % 7 == 0) or a capture.
const kindOf = (i: number): 'verify' | 'write' | 'capture' => (['verify', 'write', 'capture'] as const)[i % 3]!;
const titleOf = (i: number): string =>
  kindOf(i) === 'capture' ? `Job Capture on srv${i}` : `Job ${kindOf(i) === 'verify' ? 'Verify' : 'Write'} ${volser(i)}`;
const expected = {
  verifyFailed: [...Array(N).keys()].filter((i) => kindOf(i) === 'verify' && i % 30 === 0).length,
  writeFailed: [...Array(N).keys()].filter((i) => kindOf(i) === 'write' && i % 7 === 0).length,
};

async function shotBoth(label: string): Promise<void> {
  await rig.page.emulateMedia({ colorScheme: 'light' });
  await rig.shot(`${label}-light`);
  await rig.page.emulateMedia({ colorScheme: 'dark' });
  await rig.shot(`${label}-dark`);
  await rig.page.emulateMedia({ colorScheme: 'light' });
}

beforeAll(async () => {
  rig = await startUiRig('jobs-paging');
  // One minute apart, so "Started" orders them by i. Params as the engine stores them (a job with bad ones is listed as such).
  let t = Date.parse('2026-01-01T00:00:00Z');
  const cat = await openCatalog(path.join(rig.dir, 'catalog.db'), { autoBackup: false, now: () => new Date(t) });
  try {
    for (let i = 0; i < N; i++) {
      t = Date.parse('2026-01-01T00:00:00Z') + i * 60_000;
      const kind = kindOf(i);
      if (kind === 'verify') {
        const j = cat.jobs.create({ kind: 'tape-verify', steps: ['verify'], params: { volser: volser(i), target: '/dev/nst0' } });
        cat.jobs.updateStep(j.id, 'verify', { state: 'done', result: { verdict: i % 30 === 0 ? 'fail' : 'pass' } });
      } else if (kind === 'write') {
        const j = cat.jobs.create({
          kind: 'tape-write',
          steps: ['write'],
          params: {
            server: 'srv1',
            volser: volser(i),
            target: '/dev/nst0',
            labelDir: '/tmp/labels',
            imageSet: { imageSetId: 1, dir: '/tmp/set' },
          },
        });
        cat.jobs.updateStep(j.id, 'write', i % 7 === 0 ? { state: 'failed', message: 'end of medium' } : { state: 'done' });
      } else {
        const j = cat.jobs.create({
          kind: 'image-set',
          steps: ['capture', 'fetch'],
          params: {
            server: `srv${i}`,
            stagingRoot: '/tmp/staging',
            knownHostsPath: null,
            capture: { exclude: false, pack: true, expandTmp: false, record4BlockSize: 512 },
          },
        });
        cat.jobs.updateStep(j.id, 'capture', { state: 'done' });
        cat.jobs.updateStep(j.id, 'fetch', { state: 'done' });
      }
    }
  } finally {
    cat.close();
  }
  await rig.page.goto(rig.harness.url);
}, 300_000);

afterAll(async () => {
  await rig?.stop();
});

const table = () => rig.page.getByRole('table', { name: 'Jobs' });
const shownRange = () => rig.page.locator('.MuiTablePagination-displayedRows').textContent();
const firstRow = () => table().locator('tbody tr').first().getAttribute('aria-label');

describe('Jobs pages and filters in the catalog', () => {
  it(
    'pages 1,234 jobs with the total, newest first, and sorts by start time to reach the oldest',
    async () => {
      const { page } = rig;
      await page.getByRole('tab', { name: 'Jobs' }).click();
      await expect.poll(shownRange, { timeout: 60_000 }).toBe('1–25 of 1,234');
      expect(await firstRow()).toBe(titleOf(1233));
      expect(await table().locator('tbody tr').count()).toBe(25);
      await shotBoth('jobs-paged');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

      await page.getByRole('button', { name: 'Go to next page' }).click();
      await expect.poll(shownRange).toBe('26–50 of 1,234');
      expect(await firstRow()).toBe(titleOf(1208));

      // Oldest first: job 0, more than 1,000 jobs behind the newest.
      await page.getByRole('button', { name: 'Started' }).click();
      await expect.poll(shownRange).toBe('1–25 of 1,234');
      await expect.poll(firstRow).toBe(titleOf(0));
      await page.getByRole('button', { name: 'Started' }).click();
      await expect.poll(firstRow).toBe(titleOf(1233));
    },
    SLOW,
  );

  it(
    'filters by kind and verdict, and by kind and state, with the total of each',
    async () => {
      const { page } = rig;
      await page.getByRole('combobox', { name: 'Kind' }).click();
      await page.getByRole('option', { name: 'verify' }).click();
      await expect.poll(shownRange).toBe(`1–25 of ${Math.ceil(N / 3).toLocaleString('en-US')}`);
      await page.getByRole('combobox', { name: 'Verdict' }).click();
      await page.getByRole('option', { name: 'FAILED' }).click();
      await expect.poll(shownRange).toBe(`1–25 of ${expected.verifyFailed}`);
      expect(await table().getByLabel('Verdict: FAILED').count()).toBe(25);
      expect(await table().getByLabel('Verdict: passed').count()).toBe(0);
      await page.getByRole('button', { name: 'Go to next page' }).click();
      await expect.poll(shownRange).toBe(`26–${expected.verifyFailed} of ${expected.verifyFailed}`);
      // Newest first, the last page ends with the oldest failed verification: job 0.
      expect(await table().locator('tbody tr').last().getAttribute('aria-label')).toBe(titleOf(0));
      await shotBoth('jobs-filtered');

      await page.getByRole('combobox', { name: 'Verdict' }).click();
      await page.getByRole('option', { name: 'Any verdict' }).click();
      await page.getByRole('combobox', { name: 'Kind' }).click();
      await page.getByRole('option', { name: 'write' }).click();
      await page.getByRole('combobox', { name: 'State' }).click();
      await page.getByRole('option', { name: 'failed' }).click();
      await expect.poll(shownRange).toBe(`1–25 of ${expected.writeFailed}`);
      expect(await firstRow()).toBe(titleOf(1225));
      expect(rig.pageErrors).toEqual([]);
    },
    SLOW,
  );
});
