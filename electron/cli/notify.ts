/** `sysbtape notify set|show|test`: where notifications go (SMTP with STARTTLS, webhooks) and a test message. */
import { SysbError } from '../../shared/errors.ts';
import { deliver } from '../services/notify/notifier.ts';
import {
  type EmailConfig,
  loadNotifyConfig,
  type NotifyConfig,
  notifyConfigPath,
  saveNotifyConfig,
} from '../services/notify/notify-config.ts';
import { OPS_EVENT_KINDS, type OpsEvent, type OpsEventKind } from '../services/ops/ops-events.ts';
import { type CliIo, type CommandModule, EXIT_OK, EXIT_PROBLEMS, printJson, runAction } from './command-kit.ts';

interface SetFlags {
  smtpHost?: string;
  smtpPort?: string;
  smtpTls?: boolean;
  smtpUser?: string;
  smtpPasswordStdin?: boolean;
  smtpPasswordEnv?: string;
  smtpCa?: string;
  from?: string;
  to?: string;
  webhook?: string[];
  webhookTokenEnv?: string;
  events?: string;
  email: boolean;
  webhooks: boolean;
  json?: boolean;
}

async function readStdin(io: CliIo): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  const line = text.split('\n')[0] ?? '';
  if (!line) throw new SysbError('USAGE', '--smtp-password-stdin: nothing on stdin');
  return line;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The settings as shown: secrets replaced by where they come from. */
function redacted(c: NotifyConfig): unknown {
  const email = c.email && { ...c.email, password: c.email.password === undefined ? undefined : '(stored in the 0600 file)' };
  return {
    ...c,
    email,
    webhooks: c.webhooks.map((w) => ({ ...w, token: w.token === undefined ? undefined : '(stored in the 0600 file)' })),
  };
}

function printConfig(io: CliIo, c: NotifyConfig | undefined, file: string): void {
  io.out.write(`Notification settings: ${file}\n`);
  if (!c) {
    io.out.write('  none (set them with: sysbtape notify set --smtp-host H --from A --to B, or --webhook URL)\n');
    return;
  }
  const e = c.email;
  if (e) {
    const pass = e.password !== undefined ? 'stored in the file (mode 0600)' : e.passwordEnv ? `from $${e.passwordEnv}` : 'none';
    io.out.write(
      `  email: ${e.host}:${e.port} (${e.implicitTls ? 'TLS' : 'STARTTLS required'}), user ${e.user ?? '-'}, password ${pass}\n`,
    );
    io.out.write(`         from ${e.from} to ${e.to.join(', ')}${e.caFile ? `, trusting ${e.caFile}` : ''}\n`);
  } else io.out.write('  email: off\n');
  for (const w of c.webhooks)
    io.out.write(`  webhook: ${w.url}${w.token ? ' (token stored)' : w.tokenEnv ? ` (token from $${w.tokenEnv})` : ''}\n`);
  if (!c.webhooks.length) io.out.write('  webhooks: none\n');
  io.out.write(`  events: ${c.events.join(', ')}\n`);
}

function port(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) throw new SysbError('USAGE', `--smtp-port must be 1–65535, got '${text}'`);
  return n;
}

async function emailOf(io: CliIo, f: SetFlags, old: EmailConfig | undefined): Promise<EmailConfig | undefined> {
  if (!f.email) return undefined;
  const touched = [f.smtpHost, f.smtpPort, f.smtpTls, f.smtpUser, f.smtpPasswordStdin, f.smtpPasswordEnv, f.smtpCa, f.from, f.to].some(
    (v) => v !== undefined,
  );
  if (!touched) return old;
  if (f.smtpPasswordStdin && f.smtpPasswordEnv)
    throw new SysbError('USAGE', 'give the SMTP password either on stdin or by environment variable, not both');
  const host = f.smtpHost ?? old?.host;
  const from = f.from ?? old?.from;
  const to = f.to !== undefined ? list(f.to) : old?.to;
  if (!host || !from || !to?.length) throw new SysbError('USAGE', 'email needs --smtp-host, --from and --to');
  const implicitTls = f.smtpTls ?? old?.implicitTls ?? false;
  const e: EmailConfig = { host, port: f.smtpPort ? port(f.smtpPort) : (old?.port ?? (implicitTls ? 465 : 587)), implicitTls, from, to };
  const user = f.smtpUser ?? old?.user;
  if (user) e.user = user;
  if (f.smtpPasswordStdin) e.password = await readStdin(io);
  else if (f.smtpPasswordEnv) e.passwordEnv = f.smtpPasswordEnv;
  else if (old?.password !== undefined) e.password = old.password;
  else if (old?.passwordEnv) e.passwordEnv = old.passwordEnv;
  const ca = f.smtpCa ?? old?.caFile;
  if (ca) e.caFile = ca;
  if (e.user && e.password === undefined && !e.passwordEnv)
    throw new SysbError('USAGE', 'an SMTP user needs a password: --smtp-password-stdin or --smtp-password-env VAR');
  return e;
}

/** Registers `notify`. */
export const notifyCommand: CommandModule = (program, io, setExit) => {
  const notify = program.command('notify').description('Notifications by email (SMTP, STARTTLS) and webhook (JSON POST): set, show, test.');
  notify
    .command('show')
    .description('Show where notifications go (secrets are never printed)')
    .option('--json', 'print the settings as JSON, secrets redacted')
    .action(
      runAction(io, setExit, async (f: { json?: boolean }) => {
        const file = notifyConfigPath();
        const c = loadNotifyConfig(file);
        if (f.json) printJson(io, { file, config: c ? redacted(c) : null });
        else printConfig(io, c, file);
        return EXIT_OK;
      }),
    );
  notify
    .command('set')
    .description('Change the notification settings (kept in a file only you can read, mode 0600; fields not given are kept)')
    .option('--smtp-host <host>', 'SMTP server')
    .option('--smtp-port <port>', 'SMTP port (default 587, or 465 with --smtp-tls)')
    .option('--smtp-tls', 'the port speaks TLS from the start (465); otherwise STARTTLS is required')
    .option('--smtp-user <user>', 'SMTP login')
    .option('--smtp-password-stdin', 'read the SMTP password from stdin and keep it in the 0600 settings file')
    .option('--smtp-password-env <var>', 'take the SMTP password from this environment variable at each send (nothing stored)')
    .option('--smtp-ca <file>', "trust this CA certificate (PEM) for the SMTP server, besides the system's")
    .option('--from <address>', 'sender address')
    .option('--to <addresses>', 'comma-separated recipients')
    .option('--no-email', 'turn email off')
    .option(
      '--webhook <url>',
      'a webhook URL receiving a JSON POST per event (repeat for several; replaces the list)',
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option('--webhook-token-env <var>', 'send "Authorization: Bearer $VAR" to the webhooks')
    .option('--no-webhooks', 'remove every webhook')
    .option('--events <kinds>', `comma-separated events to send (default all: ${OPS_EVENT_KINDS.join(', ')})`)
    .option('--json', 'print the resulting settings as JSON, secrets redacted')
    .action(
      runAction(io, setExit, async (f: SetFlags) => {
        const file = notifyConfigPath();
        const old = loadNotifyConfig(file);
        let events = old?.events ?? [...OPS_EVENT_KINDS];
        if (f.events !== undefined) {
          const bad = list(f.events).filter((k) => !(OPS_EVENT_KINDS as readonly string[]).includes(k));
          if (bad.length) throw new SysbError('USAGE', `--events: unknown ${bad.join(', ')}; known: ${OPS_EVENT_KINDS.join(', ')}`);
          events = list(f.events) as OpsEventKind[];
        }
        let webhooks = f.webhooks ? (old?.webhooks ?? []) : [];
        if (f.webhook?.length) {
          for (const u of f.webhook)
            if (!/^https?:\/\/[^\s]+$/.test(u)) throw new SysbError('USAGE', `--webhook must be an http(s) URL, got '${u}'`);
          webhooks = f.webhook.map((url) => ({ url, ...(f.webhookTokenEnv ? { tokenEnv: f.webhookTokenEnv } : {}) }));
        }
        const email = await emailOf(io, f, old?.email);
        const config: NotifyConfig = { version: 1, webhooks, events, ...(email ? { email } : {}) };
        saveNotifyConfig(config, file);
        if (f.json) printJson(io, { file, config: redacted(config) });
        else printConfig(io, config, file);
        return EXIT_OK;
      }),
    );
  notify
    .command('test')
    .description('Send a sample event to every channel; exit 1 if one failed')
    .option('--event <kind>', `the kind of sample (${OPS_EVENT_KINDS.join(', ')})`, 'tape-needed')
    .option('--server <name>', 'server named in the sample', 'aix7')
    .option('--volser <volser>', 'cartridge named in the sample')
    .action(
      runAction(io, setExit, async (f: { event: string; server: string; volser?: string }) => {
        if (!(OPS_EVENT_KINDS as readonly string[]).includes(f.event))
          throw new SysbError('USAGE', `--event must be one of ${OPS_EVENT_KINDS.join(', ')}`);
        const config = loadNotifyConfig();
        if (!config || (!config.email && !config.webhooks.length))
          throw new SysbError('USAGE', 'no notification channel is set (sysbtape notify set ...)');
        const event: OpsEvent = {
          kind: f.event as OpsEventKind,
          server: f.server,
          volser: f.volser ?? null,
          key: `test:${Date.now()}`,
          subject: `SysbTape test: ${f.event} for ${f.server}`,
          summary: `This is a test of SysbTape's notifications (${f.event}).`,
          fix: f.event === 'tape-needed' ? `Load a blank or reusable cartridge for ${f.server}.` : 'Nothing: this is a test.',
        };
        const results = await deliver(config, event, { anyKind: true });
        for (const r of results) io.out.write(`${r.channel}: ${r.ok ? 'sent' : `FAILED: ${r.error}`}\n`);
        return results.every((r) => r.ok) ? EXIT_OK : EXIT_PROBLEMS;
      }),
    );
};
