/**
 * Notification settings from the app (issue 19): the same settings file the CLI and the systemd timer read
 * (0600), but a password or webhook token typed in the app goes to the app's secret store (the OS keyring
 * through safeStorage), never into the file. The app fills them in when it sends. Also the events the app
 * shows as desktop notifications.
 */
import type { ApiHandlers, ApiRequest } from '../../../shared/api.ts';
import { SysbError } from '../../../shared/errors.ts';
import { OPS_EVENT_KINDS, type NotifySettings, type OpsEvent, type SecretPlace } from '../../../shared/operations.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { appEvents } from '../notify/app-events.ts';
import { deliver } from '../notify/notifier.ts';
import { type NotifyConfig, loadNotifyConfig, saveNotifyConfig } from '../notify/notify-config.ts';
import type { SecretStore } from './secret-store.ts';

/** The secret store's entries for the notification secrets. */
export const SMTP_PASSWORD_KEY = 'notify:smtp-password';
export const WEBHOOK_TOKEN_KEY = 'notify:webhook-token';

/** What the handlers need. */
export interface NotifyDeps {
  catalog: Catalog;
  secrets: SecretStore;
  /** The settings file (the CLI's notify.json unless the caller chose another). */
  configPath: string;
}

async function placeOf(value: string | undefined, envName: string | undefined, secrets: SecretStore, key: string): Promise<SecretPlace> {
  if (value !== undefined) return 'file';
  if (envName !== undefined) return 'environment';
  return ((await secrets.get(key)) ?? '') === '' ? 'none' : 'keyring';
}

/** The settings with the app's secrets filled in, ready to send (secrets in the file or environment win). */
export async function withAppSecrets(config: NotifyConfig, secrets: SecretStore): Promise<NotifyConfig> {
  const out: NotifyConfig = { ...config, webhooks: [...config.webhooks] };
  if (out.email?.user && out.email.password === undefined && out.email.passwordEnv === undefined) {
    const password = await secrets.get(SMTP_PASSWORD_KEY);
    if (password) out.email = { ...out.email, password };
  }
  const hook = out.webhooks[0];
  if (hook && hook.token === undefined && hook.tokenEnv === undefined) {
    const token = await secrets.get(WEBHOOK_TOKEN_KEY);
    if (token) out.webhooks[0] = { ...hook, token };
  }
  return out;
}

/** Builds the notification handlers. */
export function notifyHandlers(
  deps: NotifyDeps,
): Pick<ApiHandlers, 'getNotifySettings' | 'setNotifySettings' | 'sendTestNotification' | 'listOpsEvents'> {
  const view = async (): Promise<NotifySettings> => {
    const config = loadNotifyConfig(deps.configPath);
    const email = config?.email;
    const hook = config?.webhooks[0];
    return {
      email: email
        ? {
            host: email.host,
            port: email.port,
            starttls: !email.implicitTls,
            user: email.user ?? null,
            passwordIn: email.user ? await placeOf(email.password, email.passwordEnv, deps.secrets, SMTP_PASSWORD_KEY) : 'none',
            from: email.from,
            to: email.to,
            caFile: email.caFile ?? null,
          }
        : null,
      webhook: hook ? { url: hook.url, tokenIn: await placeOf(hook.token, hook.tokenEnv, deps.secrets, WEBHOOK_TOKEN_KEY) } : null,
      events: config?.events ?? [...OPS_EVENT_KINDS],
      configPath: deps.configPath,
      secretStore: deps.secrets.description,
    };
  };

  const save = async (req: ApiRequest<'setNotifySettings'>): Promise<NotifySettings> => {
    const old = loadNotifyConfig(deps.configPath);
    const e = req.email;
    if (e && e.password && !e.user)
      throw new SysbError('INVALID_INPUT', 'SMTP password given without a user: set the user too, or leave the password empty');
    const config: NotifyConfig = { version: 1, webhooks: [], events: req.events };
    if (e) {
      const before = old?.email;
      // A password typed here replaces one the CLI left in the file; otherwise the file's own (or its variable) stays.
      const keepFileSecret = e.password === null && before?.user === e.user && before?.host === e.host;
      config.email = {
        host: e.host,
        port: e.port,
        implicitTls: !e.starttls,
        from: e.from,
        to: e.to,
        ...(e.user ? { user: e.user } : {}),
        ...(keepFileSecret && before?.password !== undefined ? { password: before.password } : {}),
        ...(before?.passwordEnv !== undefined && e.password === null ? { passwordEnv: before.passwordEnv } : {}),
        ...(e.caFile !== null ? { caFile: e.caFile } : {}),
      };
    }
    if (req.webhook) {
      const before = old?.webhooks[0];
      const same = before?.url === req.webhook.url && req.webhook.token === null;
      config.webhooks.push({
        url: req.webhook.url,
        ...(same && before?.token !== undefined ? { token: before.token } : {}),
        ...(same && before?.tokenEnv !== undefined ? { tokenEnv: before.tokenEnv } : {}),
      });
    }
    // Webhooks beyond the first are the CLI's: kept as they are.
    config.webhooks.push(...(old?.webhooks.slice(1) ?? []));
    // A kept secret only ever goes where it was given for: another SMTP host or webhook origin needs it typed again.
    const hostChanged = e !== null && old?.email !== undefined && old.email.host !== e.host;
    const smtpPassword = e === null ? '' : (e.password ?? (hostChanged ? '' : null));
    const originOf = (url: string | undefined): string | null => (url ? new URL(url).origin : null);
    const hookToken = req.webhook?.token ?? (originOf(old?.webhooks[0]?.url) !== originOf(req.webhook?.url) ? '' : null);
    if (e?.user) {
      const has =
        smtpPassword !== null
          ? smtpPassword !== ''
          : config.email?.password !== undefined ||
            config.email?.passwordEnv !== undefined ||
            Boolean(await deps.secrets.get(SMTP_PASSWORD_KEY));
      if (!has)
        throw new SysbError(
          'INVALID_INPUT',
          `SMTP password: required for user ${e.user}${hostChanged ? ' (the SMTP host changed: type it again)' : ''}`,
        );
    }
    // The secrets first: a keyring that refuses (no Secret Service) must not leave settings that miss their password.
    if (smtpPassword !== null && ((await deps.secrets.get(SMTP_PASSWORD_KEY)) ?? '') !== smtpPassword)
      await deps.secrets.put(SMTP_PASSWORD_KEY, smtpPassword);
    if (hookToken !== null && ((await deps.secrets.get(WEBHOOK_TOKEN_KEY)) ?? '') !== hookToken)
      await deps.secrets.put(WEBHOOK_TOKEN_KEY, hookToken);
    saveNotifyConfig(config, deps.configPath);
    return view();
  };

  return {
    getNotifySettings: view,
    setNotifySettings: save,
    sendTestNotification: async () => {
      const config = loadNotifyConfig(deps.configPath);
      if (!config || (!config.email && config.webhooks.length === 0)) {
        throw new SysbError('INVALID_INPUT', 'no email or webhook is set up yet: fill in and save the notification settings first');
      }
      const test: OpsEvent = {
        kind: 'tape-needed',
        server: null,
        volser: null,
        key: `test:${Date.now()}`,
        subject: 'SysbTape: test notification',
        summary: 'This is a test of the SysbTape notification settings, sent from the app.',
        fix: 'Nothing to do: if you read this, notifications reach you.',
      };
      return deliver(await withAppSecrets(config, deps.secrets), test, { anyKind: true });
    },
    listOpsEvents: async () => appEvents(deps.catalog),
  };
}
