/**
 * The fleet view (issue 19) in Debian's Chromium at 1024×700 against the real services: each server's
 * state and reason, the timeline of verified tapes against the policy line, the shelf by state and the
 * to-do list, on a generated catalog (ok, due soon, overdue, failing). Screenshots in test-results/e2e/fleet/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../electron/services/catalog/catalog.ts';
import { JobEngine } from '../../electron/services/jobs/job-engine.ts';
import { DEFAULT_CAPTURE } from '../../electron/services/ssh/capture.ts';
import { fleetCatalog } from '../unit/ops/fleet-fixtures.ts';
import { horizontalOverflow, startUiRig, type UiRig } from './helpers/ui-rig.ts';

let rig: UiRig;

beforeAll(async () => {
  rig = await startUiRig('fleet');
  // The same catalog file the API service has open (SQLite WAL: two connections are fine).
  (await fleetCatalog(rig.dir, new Date())).close();
}, 300_000);

afterAll(async () => {
  await rig?.stop();
});

describe('fleet view', () => {
  it("shows each server's state with its reason, the age timeline against the policy, the shelf and the to-do list", async () => {
    const { page } = rig;
    await page.goto(rig.harness.url);
    // Fleet is the home view: the first tab, shown at start without a click.
    await expect(page.getByRole('tab').first().textContent()).resolves.toBe('Fleet');
    await expect(page.getByRole('tab', { name: 'Fleet' }).getAttribute('aria-selected')).resolves.toBe('true');
    const fleet = page.getByRole('table', { name: 'Fleet' });
    await fleet.waitFor();
    const row = (name: string) => fleet.getByRole('row').filter({ hasText: name });
    await expect(row('aixok').getByText('OK', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(row('aixsoon').getByText('Due soon').isVisible()).resolves.toBe(true);
    await expect(
      row('aixsoon')
        .getByText(/is 26 days old: due in 4 days/)
        .isVisible(),
    ).resolves.toBe(true);
    await expect(row('aixold').getByText('Overdue').isVisible()).resolves.toBe(true);
    await expect(
      row('aixold')
        .getByText(/45 days old \(policy: 30\)/)
        .isVisible(),
    ).resolves.toBe(true);
    await expect(row('aixfail').getByText('Failing').isVisible()).resolves.toBe(true);
    await expect(
      row('aixfail')
        .getByText(/mksysb failed on aixfail/)
        .isVisible(),
    ).resolves.toBe(true);
    // The timeline: one bar per verified tape, the policy line labelled.
    const timeline = page.getByRole('img', { name: 'Verified tapes of aixok by age; policy 30 days' });
    await expect(timeline.locator('rect').count()).resolves.toBe(3);
    await expect(timeline.getByText('policy 30 d').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('img', { name: 'Cartridges by state: 9 verified, 2 blank' }).isVisible()).resolves.toBe(true);
    const todo = page.getByRole('region', { name: 'To do' }).or(page.getByLabel('To do'));
    await expect(todo.getByText(/\/dev\/nst0: Cleaning required/).isVisible()).resolves.toBe(true);
    await expect(todo.getByText(/OK0OLD \(aixok\) at Iron Mountain, due/).isVisible()).resolves.toBe(true);
    await expect(todo.getByText(/Reusable cartridges: BLANK1, EXPIRD/).isVisible()).resolves.toBe(true);
    await expect(page.getByText('1 of 4 servers OK — worst: failing').isVisible()).resolves.toBe(true);
    expect(await horizontalOverflow(page)).toBe(0);
    await rig.shot('home-light-1024x700');
    expect(rig.pageErrors).toEqual([]);
  }, 120_000);

  it('the home view follows the dark scheme and still fits 1024×700, chart included', async () => {
    const { page } = rig;
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      await page.reload();
      await page.getByRole('table', { name: 'Fleet' }).waitFor();
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r, g, b] = (background.match(/\d+/g) ?? ['255', '255', '255']).map(Number);
      expect(r! + g! + b!).toBeLessThan(150);
      const timeline = page.getByRole('img', { name: 'Verified tapes of aixok by age; policy 30 days' });
      await expect(timeline.locator('rect').count()).resolves.toBe(3);
      await expect(page.getByRole('img', { name: 'Cartridges by state: 9 verified, 2 blank' }).isVisible()).resolves.toBe(true);
      expect(await horizontalOverflow(page)).toBe(0);
      await rig.shot('home-dark-1024x700');
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
    expect(rig.pageErrors).toEqual([]);
  }, 120_000);

  it('shows the due scheduled capture and starts it from the app', async () => {
    const h = rig.service.handlers;
    const { sshd, page } = rig;
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
    const catalog = await openCatalog(path.join(rig.dir, 'catalog.db'), { autoBackup: false });
    catalog.schedules.put(catalog.servers.getByName('aix1')!.id, { everySeconds: 7 * 86400 });
    catalog.close();
    // A mksysb long enough to see the capture running in the panel.
    sshd.setSim({ mksysbBytes: 2 * 1024 * 1024, mksysbMillis: 8000 });
    await page.reload();
    const panel = page.getByLabel('Scheduled captures');
    await panel.getByText('Due — never captured').waitFor();
    await rig.shot('due-capture');
    await panel.getByRole('button', { name: 'Start capture' }).click();
    // Without a reload: the server is marked running (it waits for its job), with the job's progress and a way to it.
    await panel.getByText(/^Running — waits for job \d+, still running for aix1$/).waitFor();
    const running = await panel.getByText(/Capture running \(job \d+\)/).textContent();
    const id = /job (\d+)\)/.exec(running ?? '')![1]!;
    // The same job number as the schedule's reason names.
    await panel.getByText(`Running — waits for job ${id}, still running for aix1`).waitFor();
    await expect(panel.getByRole('progressbar', { name: `Capture of job ${id}` }).count()).resolves.toBe(1);
    await expect(panel.getByRole('button', { name: 'Start capture' }).count()).resolves.toBe(0);
    await rig.shot('due-capture-running');
    // When it ends the panel says so and judges the schedule again: no longer due.
    await panel.getByText(new RegExp(`Capture done \\(job ${id}\\): image set \\S+ waits for a tape`)).waitFor();
    await panel.getByText(/^Not due — next capture /).waitFor();
    await expect((await h.getJob({ id: Number(id) })).state).toBe('done');
    expect(await h.listDue({})).toEqual([expect.objectContaining({ server: 'aix1', state: 'not-due' })]);
    await rig.shot('due-capture-done');
    await panel.getByRole('button', { name: 'Show in Jobs' }).click();
    await page
      .getByRole('tab', { name: 'Jobs' })
      .getAttribute('aria-selected')
      .then((v) => expect(v).toBe('true'));
    await page.getByRole('tab', { name: 'Fleet' }).click();
    expect(rig.pageErrors).toEqual([]);
  }, 240_000);

  it('a scheduled server whose capture failed is offered Resume capture: the same job goes on, no new one', async () => {
    const h = rig.service.handlers;
    const { sshd, page } = rig;
    await h.addServer({
      name: 'aix2',
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      auth: 'key',
      keyPath: sshd.keyPath,
      workdir: sshd.workdir,
      secret: null,
    });
    await h.trustServer({ name: 'aix2', fingerprint: sshd.hostKeyFingerprint });
    const catalog = await openCatalog(path.join(rig.dir, 'catalog.db'), { autoBackup: false });
    const server = catalog.servers.getByName('aix2')!;
    catalog.schedules.put(server.id, { everySeconds: 7 * 86400 });
    const failed = new JobEngine(catalog).createImageSetJob({
      server: 'aix2',
      stagingRoot: path.join(rig.dir, 'staging'),
      capture: DEFAULT_CAPTURE,
      knownHostsPath: null,
    });
    catalog.jobs.updateStep(failed.id, 'capture', { state: 'failed', message: 'mksysb failed on aix2' });
    catalog.close();
    await page.reload();
    const row = page.getByLabel('Schedule of aix2');
    await row.getByRole('button', { name: `Resume capture (job ${failed.id})` }).click();
    await row.getByText(new RegExp(`^Capture done \\(job ${failed.id}\\): image set \\S+ waits for a tape$`)).waitFor();
    await row.getByText(/^Not due — next capture /).waitFor();
    await rig.shot('due-capture-resumed');
    const after = await openCatalog(path.join(rig.dir, 'catalog.db'), { autoBackup: false });
    try {
      expect(
        after.jobs
          .list()
          .filter((j) => j.serverId === server.id)
          .map((j) => [j.id, j.state]),
      ).toEqual([[failed.id, 'done']]);
    } finally {
      after.close();
    }
    expect(rig.pageErrors).toEqual([]);
  }, 240_000);

  it('the policy form changes the default, and the fleet is judged again', async () => {
    const { page } = rig;
    const form = page.getByLabel('Backup policy');
    const maxAge = form.getByLabel('Max age (days)');
    await expect(maxAge.inputValue()).resolves.toBe('30');
    await maxAge.fill('60');
    await form.getByRole('button', { name: 'Save policy' }).click();
    await form.getByText('Saved.').waitFor();
    const row = page.getByRole('table', { name: 'Fleet' }).getByRole('row').filter({ hasText: 'aixold' });
    await row.getByText('OK', { exact: true }).waitFor();
    await expect(page.getByRole('img', { name: 'Verified tapes of aixold by age; policy 60 days' }).isVisible()).resolves.toBe(true);
    await rig.shot('policy-60-days');
    const bad = await rig.service.handlers.setPolicy({ server: null, patch: { offsiteCopies: 5 } }).catch((e: Error) => e.message);
    expect(bad).toMatch(/offsiteCopies \(5\) cannot exceed copies \(2\)/);
    expect(rig.pageErrors).toEqual([]);
  }, 120_000);
});
