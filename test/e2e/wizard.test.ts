/**
 * The whole wizard in Debian's Chromium against the real services: the simulated AIX host behind a
 * real OpenSSH sshd, the catalog on disk and a virtual .tap tape. Screenshots of every step go to
 * test-results/e2e/wizard/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow, startUiRig, type UiRig } from './helpers/ui-rig.ts';

let rig: UiRig;

beforeAll(async () => {
  rig = await startUiRig('wizard');
  await rig.page.goto(rig.harness.url);
}, 120_000);

afterAll(async () => {
  await rig?.stop();
});

describe('wizard, end to end', () => {
  it('opens on the Server step with no token left in the address bar', async () => {
    const { page } = rig;
    await page.getByRole('heading', { name: 'Which AIX server?' }).waitFor();
    expect(page.url()).not.toContain('token=');
    await rig.shot('server-empty');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('adds the server, confirms its host key by fingerprint, connects and runs preflight', async () => {
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
  });

  it('logged no page errors', () => {
    expect(rig.pageErrors).toEqual([]);
  });
});
