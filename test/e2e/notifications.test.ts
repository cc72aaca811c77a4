/**
 * Notifications in the app (issue 19), in Debian's Chromium against the real services: desktop
 * notifications (Web Notification API, recorded by an init script; permission granted as the Electron
 * app grants it) for the fleet's events, each shown once; turned off by the setting; and the settings
 * form sending a test to a real SMTP server (STARTTLS + auth) and a webhook on 127.0.0.1, its password and
 * token kept in the app's secret store, never in the settings file. Screenshots in test-results/e2e/notifications/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/services/api/secret-store.ts';
import { SMTP_PASSWORD_KEY, WEBHOOK_TOKEN_KEY } from '../../electron/services/api/notify-handlers.ts';
import { startHttpSink, type HttpSink } from '../helpers/http-sink.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { fleetCatalog } from '../unit/ops/fleet-fixtures.ts';
import { startUiRig, type UiRig } from './helpers/ui-rig.ts';

let rig: UiRig;
let smtp: SmtpSink;
let hook: HttpSink;
const secrets = new MemorySecretStore();

/** Records every `new Notification(...)` of the page (and still creates the real one). */
const RECORDER = `
  window.__notes = [];
  const Real = window.Notification;
  function Recorded(title, options) {
    window.__notes.push({ title, body: options && options.body, tag: options && options.tag });
    return new Real(title, options);
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
  Recorded.requestPermission = (...a) => Real.requestPermission(...a);
  window.Notification = Recorded;
`;

interface Note {
  title: string;
  body: string;
  tag: string;
}
const notes = (page: Page): Promise<Note[]> => page.evaluate(() => (window as unknown as { __notes: Note[] }).__notes);
const waitForNotes = (page: Page, n: number) =>
  page.waitForFunction((k) => (window as unknown as { __notes: unknown[] }).__notes.length >= k, n);

beforeAll(async () => {
  rig = await startUiRig('notifications', { secrets });
  (await fleetCatalog(rig.dir, new Date())).close();
  smtp = await startSmtpSink(rig.dir, { user: 'ops', password: 's3cret-pw' });
  hook = await startHttpSink();
  await rig.browser.context.grantPermissions(['notifications'], { origin: rig.harness.origin });
  await rig.page.addInitScript(RECORDER);
}, 300_000);

afterAll(async () => {
  await smtp?.close();
  await hook?.close();
  await rig?.stop();
});

describe('desktop notifications', () => {
  it('shows each event of the fleet once, and a new one after a reload without repeating the others', async () => {
    const { page } = rig;
    const events = await rig.service.handlers.listOpsEvents({});
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['server-overdue', 'job-failed', 'drive-cleaning']));
    await page.goto(rig.harness.url);
    await waitForNotes(page, events.length);
    const shown = await notes(page);
    expect(shown.map((n) => n.tag).sort()).toEqual(events.map((e) => e.key).sort());
    expect(shown).toContainEqual(
      expect.objectContaining({ title: 'SysbTape: aixold is overdue for a verified tape', body: expect.stringMatching(/45 days old/) }),
    );
    expect(shown).toContainEqual(expect.objectContaining({ title: 'SysbTape: drive /dev/nst0 needs cleaning' }));
    expect(shown).toContainEqual(
      expect.objectContaining({ title: expect.stringMatching(/^SysbTape: job \d+ \(.+\) failed for aixfail$/) }),
    );

    // A new condition (aixok now overdue under a 1-day policy): after a reload only it is shown.
    await rig.service.handlers.setPolicy({ server: 'aixok', patch: { maxAgeDays: 1, copies: 1, offsiteCopies: 0 } });
    await page.reload();
    await waitForNotes(page, 1);
    expect((await notes(page)).map((n) => n.title)).toEqual(['SysbTape: aixok is overdue for a verified tape']);
    await rig.shot('fleet-after-notifications');
    expect(rig.pageErrors).toEqual([]);
  }, 120_000);

  it('the setting turns them off (nothing is even looked up); on again, the new event shows', async () => {
    const { page } = rig;
    const form = page.getByLabel('Notifications', { exact: true });
    const toggle = form.getByLabel(/^Desktop notifications while the app is open/);
    await toggle.uncheck();
    await rig.service.handlers.setPolicy({ server: 'aixsoon', patch: { maxAgeDays: 1, copies: 1, offsiteCopies: 0 } });
    const lookups: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/call/listOpsEvents')) lookups.push(r.url());
    });
    await page.reload();
    // The fleet has loaded (a later render than the notifier's first look would have been).
    await page.getByRole('table', { name: 'Fleet' }).getByRole('row').filter({ hasText: 'aixsoon' }).getByText('Overdue').waitFor();
    expect(lookups).toEqual([]);
    expect(await notes(page)).toEqual([]);
    await expect(toggle.isChecked()).resolves.toBe(false);

    await toggle.check();
    await waitForNotes(page, 1);
    expect((await notes(page)).map((n) => n.title)).toEqual(['SysbTape: aixsoon is overdue for a verified tape']);
    expect(rig.pageErrors).toEqual([]);
  }, 120_000);
});

describe('notification settings', () => {
  it('saves SMTP and webhook settings with the secrets in the keyring, not the file, and sends a test to both', async () => {
    const { page } = rig;
    const form = page.getByLabel('Notifications', { exact: true });
    await form.getByLabel('SMTP host').fill('127.0.0.1');
    await form.getByLabel('SMTP port').fill(String(smtp.port));
    await expect(form.getByRole('checkbox', { name: /STARTTLS/ }).isChecked()).resolves.toBe(true);
    await form.getByLabel('SMTP user').fill('ops');
    await form.getByLabel('SMTP password').fill('s3cret-pw');
    await form.getByLabel('From', { exact: true }).fill('sysbtape@example.com');
    await form.getByLabel('To (comma-separated)').fill('ops@example.com, backup@example.com');
    await form.getByLabel('CA certificate file (optional)').fill(smtp.caFile);
    await form.getByLabel('Webhook URL').fill(hook.url);
    await form.getByLabel('Webhook token').fill('hook-token-123');
    await form.getByRole('checkbox', { name: 'Retention ending' }).uncheck();
    await form.getByRole('button', { name: 'Save notifications' }).click();
    await form.getByText('Saved.').waitFor();
    await form.getByText('Password kept in the keyring').waitFor();
    await form.getByText('Token kept in the keyring').waitFor();
    await expect(form.getByLabel('SMTP password').inputValue()).resolves.toBe('');

    // The file the CLI and timer read: owner-only, and without either secret.
    const file = path.join(rig.dir, 'notify.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('s3cret-pw');
    expect(text).not.toContain('hook-token-123');
    expect(JSON.parse(text)).toMatchObject({
      email: { host: '127.0.0.1', port: smtp.port, implicitTls: false, user: 'ops', to: ['ops@example.com', 'backup@example.com'] },
      webhooks: [{ url: hook.url }],
    });
    expect((JSON.parse(text) as { events: string[] }).events).not.toContain('retention-ending');
    await expect(secrets.get(SMTP_PASSWORD_KEY)).resolves.toBe('s3cret-pw');
    await expect(secrets.get(WEBHOOK_TOKEN_KEY)).resolves.toBe('hook-token-123');
    // No secret comes back to the window.
    expect(JSON.stringify(await rig.service.handlers.getNotifySettings({}))).not.toContain('s3cret-pw');

    await form.getByRole('button', { name: 'Send test' }).click();
    const results = form.getByLabel('Test deliveries');
    await results.getByText('Sent: email ops@example.com, backup@example.com').waitFor();
    await results.getByText(`Sent: webhook ${new URL(hook.url).origin}`).waitFor();
    await rig.shot('notification-settings-test-sent');
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ user: 'ops', secure: true, to: ['ops@example.com', 'backup@example.com'] });
    expect(smtp.messages[0]!.raw).toContain('Subject: SysbTape: test notification');
    await hook.waitFor(1);
    expect(hook.received[0]!.headers.authorization).toBe('Bearer hook-token-123');
    expect(JSON.parse(hook.received[0]!.body)).toMatchObject({ subject: 'SysbTape: test notification' });
    expect(rig.pageErrors).toEqual([]);
  }, 120_000);

  it('a wrong password is reported per channel; bad input names the field', async () => {
    const { page } = rig;
    const form = page.getByLabel('Notifications', { exact: true });
    await form.getByLabel('SMTP password').fill('wrong');
    await form.getByRole('button', { name: 'Send test' }).click();
    await form
      .getByLabel('Test deliveries')
      .getByText(/^Failed: email ops@example.com, backup@example.com: .*535/)
      .waitFor();
    await form.getByLabel('SMTP port').fill('smtp');
    await form.getByRole('button', { name: 'Save notifications' }).click();
    await form
      .getByRole('alert')
      .getByText(/SMTP port: a number, got 'smtp'/)
      .waitFor();
    await rig.shot('notification-settings-errors');
    expect(rig.pageErrors).toEqual([]);
  }, 120_000);
});
