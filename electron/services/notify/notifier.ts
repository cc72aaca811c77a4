/** Sends an event to every configured channel; one channel failing does not stop the others. */
import type { OpsEvent } from '../ops/ops-events.ts';
import { sendEmail } from './email.ts';
import type { NotifyConfig } from './notify-config.ts';
import { postWebhook } from './webhook.ts';

/** What one channel did with an event. */
export interface Delivery {
  channel: string;
  ok: boolean;
  error?: string;
}

/** Sends `event` if the settings want its kind; returns one delivery per channel tried. */
export async function deliver(config: NotifyConfig, event: OpsEvent, opts: { anyKind?: boolean } = {}): Promise<Delivery[]> {
  if (!opts.anyKind && !config.events.includes(event.kind)) return [];
  const tries: { channel: string; send: () => Promise<unknown> }[] = [];
  if (config.email) {
    const email = config.email;
    tries.push({ channel: `email ${email.to.join(', ')}`, send: () => sendEmail(email, event) });
  }
  for (const w of config.webhooks) tries.push({ channel: `webhook ${new URL(w.url).origin}`, send: () => postWebhook(w, event) });
  return Promise.all(
    tries.map(async (t): Promise<Delivery> => {
      try {
        await t.send();
        return { channel: t.channel, ok: true };
      } catch (err) {
        return { channel: t.channel, ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
}
