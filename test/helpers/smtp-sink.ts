/**
 * A real SMTP server on 127.0.0.1 (the smtp-server package) offering STARTTLS with a certificate made
 * for the test by openssl, requiring AUTH PLAIN/LOGIN, and keeping every message it accepts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

/** One accepted message. */
export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  secure: boolean;
  raw: string;
}

/** A running SMTP server. */
export interface SmtpSink {
  port: number;
  /** The PEM certificate the server presents (self-signed for 127.0.0.1): the client's --smtp-ca. */
  caFile: string;
  messages: ReceivedMail[];
  close: () => Promise<void>;
}

/** Starts the server; `starttls: false` offers no STARTTLS (a client requiring it must refuse to send). */
export async function startSmtpSink(dir: string, opts: { user: string; password: string; starttls?: boolean }): Promise<SmtpSink> {
  const key = path.join(dir, 'smtp-key.pem');
  const cert = path.join(dir, 'smtp-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    key: fs.readFileSync(key),
    cert: fs.readFileSync(cert),
    ...(opts.starttls === false ? { disabledCommands: ['STARTTLS'], allowInsecureAuth: true } : {}),
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === opts.user && auth.password === opts.password) cb(null, { user: auth.username });
      else cb(new Error('535 authentication failed'));
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (d: Buffer) => {
        raw += d.toString();
      });
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          secure: session.secure,
          raw,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, caFile: cert, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
