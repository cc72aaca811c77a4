/** Webhook notifications: one JSON POST per event. */
import type { OpsEvent } from '../ops/ops-events.ts';
import { type WebhookConfig, secretOf } from './notify-config.ts';
import { eventText } from './event-text.ts';

/** The JSON body a webhook receives. */
export interface WebhookBody {
  event: OpsEvent['kind'];
  server: string | null;
  volser: string | null;
  subject: string;
  summary: string;
  fix: string;
  text: string;
  at: string;
}

/** POSTs one event; throws with the status when the receiver does not answer 2xx. */
export async function postWebhook(cfg: WebhookConfig, event: OpsEvent, at = new Date()): Promise<void> {
  const token = secretOf(cfg.token, cfg.tokenEnv, 'the webhook token');
  const body: WebhookBody = {
    event: event.kind,
    server: event.server,
    volser: event.volser,
    subject: event.subject,
    summary: event.summary,
    fix: event.fix,
    text: eventText(event),
    at: at.toISOString(),
  };
  const res = await fetch(cfg.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'sysbtape', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  if (!res.ok) throw new Error(`webhook ${new URL(cfg.url).origin} answered ${res.status} ${res.statusText}`);
}
