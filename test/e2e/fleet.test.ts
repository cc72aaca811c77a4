/**
 * The fleet view (issue 19) in Debian's Chromium at 1024×700 against the real services: each server's
 * state and reason, the timeline of verified tapes against the policy line, the shelf by state and the
 * to-do list, on a generated catalog (ok, due soon, overdue, failing). Screenshots in test-results/e2e/fleet/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../electron/services/catalog/catalog.ts';
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
  it('shows each server\'s state with its reason, the age timeline against the policy, the shelf and the to-do list', async () => {
    const { page } = rig;
    await page.goto(rig.harness.url);
    await page.getByRole('tab', { name: 'Fleet' }).click();
    const fleet = page.getByRole('table', { name: 'Fleet' });
    await fleet.waitFor();
    const row = (name: string) => fleet.getByRole('row').filter({ hasText: name });
    await expect(row('aixok').getByText('OK', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(row('aixsoon').getByText('Due soon').isVisible()).resolves.toBe(true);
    await expect(row('aixsoon').getByText(/is 26 days old: due in 4 days/).isVisible()).resolves.toBe(true);
    await expect(row('aixold').getByText('Overdue').isVisible()).resolves.toBe(true);
    await expect(row('aixold').getByText(/45 days old \(policy: 30\)/).isVisible()).resolves.toBe(true);
    await expect(row('aixfail').getByText('Failing').isVisible()).resolves.toBe(true);
    await expect(row('aixfail').getByText(/mksysb failed on aixfail/).isVisible()).resolves.toBe(true);
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
    await rig.shot('fleet-1024x700');
    expect(rig.pageErrors).toEqual([]);
  }, 120_000);

  it('shows the due scheduled capture and starts it from the app', async () => {
    const h = rig.service.handlers;
    const { sshd, page } = rig;
    await h.addServer({ name: 'aix1', host: sshd.host, port: sshd.port, user: sshd.user, auth: 'key', keyPath: sshd.keyPath, workdir: sshd.workdir, secret: null });
    await h.trustServer({ name: 'aix1', fingerprint: sshd.hostKeyFingerprint });
    const catalog = await openCatalog(path.join(rig.dir, 'catalog.db'), { autoBackup: false });
    catalog.schedules.put(catalog.servers.getByName('aix1')!.id, { everySeconds: 7 * 86400 });
    catalog.close();
    await page.reload();
    await page.getByRole('tab', { name: 'Fleet' }).click();
    const panel = page.getByLabel('Scheduled captures');
    await panel.getByText('Due — never captured').waitFor();
    await rig.shot('due-capture');
    await panel.getByRole('button', { name: 'Start capture' }).click();
    const started = await panel.getByText(/Capture started \(job [^)]+\)/).textContent();
    // A capture is a durable job: its id is its number in the catalog.
    const id = Number(/job (\d+)\)/.exec(started ?? '')![1]);
    for (;;) {
      const job = await h.getJob({ id });
      if (job.state !== 'running') { expect(job.state).toBe('done'); break; }
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await h.listDue({})).toEqual([expect.objectContaining({ server: 'aix1', state: 'not-due' })]);
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
