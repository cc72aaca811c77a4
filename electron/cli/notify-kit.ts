/** The notifier of CLI commands (due --run, status --notify): the configured channels, each event once (see SentLog). */
import path from 'node:path';
import type { OpsEvent } from '../services/ops/ops-events.ts';
import { deliver } from '../services/notify/notifier.ts';
import { loadNotifyConfig, notifyConfigPath } from '../services/notify/notify-config.ts';
import { SentLog } from '../services/notify/sent-log.ts';
import type { CliIo } from './command-kit.ts';

/** A function sending one event, or undefined when nothing is configured. Delivery failures are reported on stderr, never thrown. */
export async function notifierForCli(io: CliIo): Promise<((e: OpsEvent) => Promise<void>) | undefined> {
  const file = notifyConfigPath();
  const config = loadNotifyConfig(file);
  if (!config || (!config.email && config.webhooks.length === 0)) return undefined;
  const log = new SentLog(path.join(path.dirname(file), 'notify-sent.json'));
  return async (event) => {
    const now = new Date();
    if (!log.due(event.key, now)) return;
    const results = await deliver(config, event);
    for (const r of results.filter((x) => !x.ok))
      io.err.write(`sysbtape: could not notify ${r.channel} of '${event.subject}': ${r.error}\n`);
    if (results.some((r) => r.ok)) log.note(event.key, now);
  };
}
