/** Email notifications over SMTP (nodemailer): STARTTLS required unless the port speaks TLS from the start; auth when a user is set. */
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { SysbError } from '../../../shared/errors.ts';
import type { OpsEvent } from '../ops/ops-events.ts';
import { type EmailConfig, secretOf } from './notify-config.ts';
import { eventText } from './event-text.ts';

/** Sends one event as an email; resolves to the server's message id. */
export async function sendEmail(cfg: EmailConfig, event: OpsEvent): Promise<string> {
  const pass = secretOf(cfg.password, cfg.passwordEnv, 'the SMTP password');
  if (cfg.user && pass === undefined) {
    // Set in the app, the password is in the app's keyring, which the CLI and the timer cannot read.
    throw new SysbError(
      'INVALID_INPUT',
      `SMTP user ${cfg.user} has no password here (one set in the app stays in its keyring); ` +
        'give the CLI and the timer one: sysbtape notify set --smtp-password-env VAR (or --smtp-password-stdin)',
    );
  }
  const transport = nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.implicitTls,
    // Without implicit TLS the session must upgrade with STARTTLS before auth; a server that cannot is refused.
    requireTLS: !cfg.implicitTls,
    ...(cfg.user ? { auth: { user: cfg.user, pass: pass ?? '' } } : {}),
    tls: { minVersion: 'TLSv1.2', ...(cfg.caFile ? { ca: readFileSync(cfg.caFile) } : {}) },
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
  try {
    const info = await transport.sendMail({ from: cfg.from, to: cfg.to, subject: event.subject, text: eventText(event) });
    return String(info.messageId);
  } finally {
    transport.close();
  }
}
