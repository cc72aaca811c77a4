/**
 * Where notifications go, configured once: SMTP (STARTTLS required, with auth) and webhooks. Kept in
 * <sysbtape home>/notify.json (or $SYSBTAPE_NOTIFY_CONFIG), a file readable only by its owner (0600):
 * a file others can read is refused, as ssh refuses such a key. Secrets can instead come from environment
 * variables named in the file (for the timer: systemd's Environment= or EnvironmentFile=).
 */
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SysbError } from '../../../shared/errors.ts';
import { sysbtapeHome } from '../ssh/server-store.ts';
import { OPS_EVENT_KINDS } from '../ops/ops-events.ts';

const emailSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    /** Implicit TLS (port 465); otherwise STARTTLS is required — never a plain-text session. */
    implicitTls: z.boolean(),
    user: z.string().min(1).optional(),
    /** The password itself (this file is 0600), or… */
    password: z.string().optional(),
    /** …the environment variable holding it. */
    passwordEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .optional(),
    /** A CA certificate file (PEM) to trust besides the system's, e.g. a company CA. */
    caFile: z.string().optional(),
    from: z.string().min(3),
    to: z.array(z.string().min(3)).min(1),
  })
  .strict();

const webhookSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    /** Sent as "Authorization: Bearer …": the token itself, or the environment variable holding it. */
    token: z.string().optional(),
    tokenEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .optional(),
  })
  .strict();

/** The notification settings. */
export const notifyConfigSchema = z
  .object({
    version: z.literal(1),
    email: emailSchema.optional(),
    webhooks: z.array(webhookSchema).default([]),
    /** The events sent; default every one. */
    events: z.array(z.enum(OPS_EVENT_KINDS)).default([...OPS_EVENT_KINDS]),
  })
  .strict();
/** The notification settings. */
export type NotifyConfig = z.infer<typeof notifyConfigSchema>;
/** SMTP settings. */
export type EmailConfig = z.infer<typeof emailSchema>;
/** One webhook. */
export type WebhookConfig = z.infer<typeof webhookSchema>;

/** The settings file: $SYSBTAPE_NOTIFY_CONFIG, else <sysbtape home>/notify.json. */
export function notifyConfigPath(): string {
  return process.env.SYSBTAPE_NOTIFY_CONFIG ? path.resolve(process.env.SYSBTAPE_NOTIFY_CONFIG) : path.join(sysbtapeHome(), 'notify.json');
}

/** Reads the settings; undefined when there is no file. Refuses a file group or others can read. */
export function loadNotifyConfig(file = notifyConfigPath()): NotifyConfig | undefined {
  if (!existsSync(file)) return undefined;
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new SysbError(
      'INVALID_INPUT',
      `${file} can be read by others (mode ${mode.toString(8)}); it may hold secrets: chmod 600 ${file}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SysbError('INVALID_INPUT', `${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = notifyConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SysbError(
      'INVALID_INPUT',
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** Writes the settings atomically with mode 0600. */
export function saveNotifyConfig(config: NotifyConfig, file = notifyConfigPath()): void {
  const checked = notifyConfigSchema.parse(config);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(checked, null, 2)}\n`, { mode: 0o600, flag: 'w' });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** A secret from the file or from the environment variable it names; the error names the variable. */
export function secretOf(value: string | undefined, envName: string | undefined, what: string): string | undefined {
  if (value !== undefined) return value;
  if (envName === undefined) return undefined;
  const v = process.env[envName];
  if (v === undefined || v === '') throw new SysbError('INVALID_INPUT', `${what} comes from $${envName}, which is not set`);
  return v;
}
