/**
 * Notifications delivered for real: email through an SMTP server on 127.0.0.1 (STARTTLS, AUTH) and a
 * local HTTP webhook sink; the messages carry the right subject, server, VOLSER and fix. The settings
 * file is 0600 and refused when others can read it; a server without STARTTLS gets nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpSink, type HttpSink } from '../../helpers/http-sink.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts';
import { useTempDirs } from '../jobs/job-fixtures.ts';
import { fleetCatalog } from '../../unit/ops/fleet-fixtures.ts';

const tempDir = useTempDirs();
let smtp: SmtpSink | undefined;
let hook: HttpSink | undefined;
const saved = { notify: process.env.SYSBTAPE_NOTIFY_CONFIG, pass: process.env.TEST_SMTP_PASSWORD };

afterEach(async () => {
  await smtp?.close();
  await hook?.close();
  smtp = undefined;
  hook = undefined;
  for (const [k, v] of [
    ['SYSBTAPE_NOTIFY_CONFIG', saved.notify],
    ['TEST_SMTP_PASSWORD', saved.pass],
  ] as const) {
    if (v === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = v;
  }
});

/** The decoded text of a raw message (nodemailer may use quoted-printable). */
function bodyOf(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

describe('notifications', () => {
  it('notify set stores a 0600 file, notify test mails over STARTTLS with auth and posts the webhook', async () => {
    const dir = tempDir();
    process.env.SYSBTAPE_NOTIFY_CONFIG = path.join(dir, 'conf', 'notify.json');
    smtp = await startSmtpSink(dir, { user: 'ops', password: 's3cret pass' });
    hook = await startHttpSink();
    const set = await runCli(
      [
        'notify',
        'set',
        '--smtp-host',
        '127.0.0.1',
        '--smtp-port',
        String(smtp.port),
        '--smtp-user',
        'ops',
        '--smtp-password-stdin',
        '--smtp-ca',
        smtp.caFile,
        '--from',
        'sysbtape@example.org',
        '--to',
        'ops@example.org,oncall@example.org',
        '--webhook',
        hook.url,
      ],
      's3cret pass\n',
    );
    expect(set.err).toBe('');
    expect(set.code).toBe(0);
    expect(set.out).not.toContain('s3cret');
    expect(fs.statSync(process.env.SYSBTAPE_NOTIFY_CONFIG).mode & 0o777).toBe(0o600);
    const shown = await runCli(['notify', 'show', '--json']);
    expect(shown.out).not.toContain('s3cret');

    const test = await runCli(['notify', 'test', '--event', 'tape-needed', '--server', 'aix7']);
    expect(test.out).toMatch(/email ops@example.org, oncall@example.org: sent/);
    expect(test.code).toBe(0);
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail).toMatchObject({ user: 'ops', secure: true, from: 'sysbtape@example.org', to: ['ops@example.org', 'oncall@example.org'] });
    expect(bodyOf(mail.raw)).toMatch(/Subject: SysbTape test: tape-needed for aix7/);
    expect(bodyOf(mail.raw)).toMatch(/Fix: Load a blank or reusable cartridge for aix7\./);
    await hook.waitFor(1);
    expect(JSON.parse(hook.received[0]!.body)).toMatchObject({
      event: 'tape-needed',
      server: 'aix7',
      fix: 'Load a blank or reusable cartridge for aix7.',
    });

    // Readable by others: refused, naming the fix.
    fs.chmodSync(process.env.SYSBTAPE_NOTIFY_CONFIG, 0o644);
    const refused = await runCli(['notify', 'test']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/can be read by others \(mode 644\).*chmod 600/);
  }, 60_000);

  it('status --notify sends the overdue server, retention ending and drive cleaning with VOLSER and fix, each once', async () => {
    const dir = tempDir();
    process.env.SYSBTAPE_NOTIFY_CONFIG = path.join(dir, 'notify.json');
    process.env.TEST_SMTP_PASSWORD = 'pw';
    smtp = await startSmtpSink(dir, { user: 'ops', password: 'pw' });
    hook = await startHttpSink();
    const now = new Date();
    (await fleetCatalog(dir, now)).close();
    const catalog = path.join(dir, 'catalog.db');
    expect(
      (
        await runCli([
          'notify',
          'set',
          '--smtp-host',
          '127.0.0.1',
          '--smtp-port',
          String(smtp.port),
          '--smtp-user',
          'ops',
          '--smtp-password-env',
          'TEST_SMTP_PASSWORD',
          '--smtp-ca',
          smtp.caFile,
          '--from',
          'sysbtape@example.org',
          '--to',
          'ops@example.org',
          '--webhook',
          hook.url,
        ])
      ).code,
    ).toBe(0);
    expect(fs.readFileSync(process.env.SYSBTAPE_NOTIFY_CONFIG, 'utf8')).not.toContain('"pw"');

    const first = await runCli(['--catalog', catalog, 'status', '--notify']);
    expect(first.err).toBe('');
    expect(first.code).toBe(1);
    const subjects = smtp.messages.map((m) => /Subject: (.*)/.exec(bodyOf(m.raw))?.[1]);
    expect(subjects).toEqual(
      expect.arrayContaining([
        'SysbTape: aixold is overdue for a verified tape',
        expect.stringMatching(/^SysbTape: job \d+ \(image-set\) failed for aixfail$/),
        expect.stringMatching(/^SysbTape: retention of SOON01 ends on \d{4}-\d\d-\d\d$/),
        'SysbTape: drive /dev/nst0 needs cleaning',
      ]),
    );
    const overdue = bodyOf(smtp.messages.find((m) => m.raw.includes('aixold is overdue'))!.raw);
    expect(overdue).toMatch(/Server: aixold/);
    expect(overdue).toMatch(/Cartridge: OLD00[12]/);
    expect(overdue).toMatch(/Fix: Capture aixold and write and verify a tape/);
    await hook.waitFor(smtp.messages.length);
    const posted = hook.received.map((r) => JSON.parse(r.body) as { event: string; volser: string | null; fix: string });
    expect(posted).toContainEqual(
      expect.objectContaining({ event: 'retention-ending', volser: 'SOON01', fix: expect.stringMatching(/sysbtape tape set SOON01/) }),
    );
    expect(posted).toContainEqual(expect.objectContaining({ event: 'drive-cleaning', fix: expect.stringMatching(/cleaning cartridge/) }));

    const count = smtp.messages.length;
    const second = await runCli(['--catalog', catalog, 'status', '--notify']);
    expect(second.code).toBe(1);
    expect(smtp.messages).toHaveLength(count);
  }, 60_000);

  it('refuses to send to an SMTP server that does not offer STARTTLS', async () => {
    const dir = tempDir();
    process.env.SYSBTAPE_NOTIFY_CONFIG = path.join(dir, 'notify.json');
    process.env.TEST_SMTP_PASSWORD = 'pw';
    smtp = await startSmtpSink(dir, { user: 'ops', password: 'pw', starttls: false });
    expect(
      (
        await runCli([
          'notify',
          'set',
          '--smtp-host',
          '127.0.0.1',
          '--smtp-port',
          String(smtp.port),
          '--smtp-user',
          'ops',
          '--smtp-password-env',
          'TEST_SMTP_PASSWORD',
          '--from',
          'a@example.org',
          '--to',
          'b@example.org',
        ])
      ).code,
    ).toBe(0);
    const test = await runCli(['notify', 'test']);
    expect(test.code).toBe(1);
    expect(test.out).toMatch(/email b@example.org: FAILED: .*STARTTLS/i);
    expect(smtp.messages).toEqual([]);
  }, 60_000);
});
