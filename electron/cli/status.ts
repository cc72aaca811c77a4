/** `sysbtape status [--json]`: the fleet against its policy. Exit 0 all ok (or due soon), 1 something overdue or failing. */
import type { Command } from 'commander';
import type { FleetStatus, ServerStatus } from '../../shared/operations.ts';
import { SysbError } from '../../shared/errors.ts';
import { fleetEvents } from '../services/notify/fleet-events.ts';
import { fleetStatusOf } from '../services/ops/fleet.ts';
import { statusExitCode } from '../services/ops/fleet-status.ts';
import { type CliIo, type CommandModule, printJson, runAction, withCatalog } from './command-kit.ts';
import { notifierForCli } from './notify-kit.ts';

const STATE_WORD: Record<ServerStatus['state'], string> = { ok: 'OK', 'due-soon': 'DUE SOON', overdue: 'OVERDUE', failing: 'FAILING' };

function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '-';
}

function printStatus(io: CliIo, s: FleetStatus): void {
  const w = (line: string) => io.out.write(`${line}\n`);
  w(`Fleet status at ${s.at}: ${STATE_WORD[s.overall]}`);
  if (!s.servers.length) w('  no servers in the catalog (add one with: sysbtape server add NAME --host H --user U)');
  for (const v of s.servers) {
    const n = v.newestVerified;
    w('');
    w(`${v.server}: ${STATE_WORD[v.state]}`);
    w(`  last capture:   ${day(v.lastCaptureAt)}`);
    w(
      `  newest verified: ${n ? `${n.volser}, ${n.ageDays} days old (policy ${v.policy.maxAgeDays}), at ${n.location ?? 'no location'}` : 'none'}`,
    );
    w(`  copies:         ${v.copies.length} of ${v.policy.copies} (${v.offsiteCopies} of ${v.policy.offsiteCopies} off site)`);
    const r = v.newestImageSet;
    w(
      `  readiness:      ${r ? `image set ${r.id}: ${r.ready === null ? 'not assessed' : r.ready ? 'ready' : 'NOT READY'}` : 'no image set'}`,
    );
    for (const reason of v.reasons) w(`  - ${reason}`);
  }
  const list = (title: string, lines: string[]) => {
    if (!lines.length) return;
    w('');
    w(`${title}:`);
    for (const l of lines) w(`  ${l}`);
  };
  list(
    'Due for re-verification',
    s.reverifyDue.map((c) => `${c.volser} (${c.server ?? '-'}) at ${c.location ?? 'no location'}, due since ${day(c.date)}`),
  );
  list(
    'Retention ending within 30 days',
    s.retentionEnding.map((c) => `${c.volser} (${c.server ?? '-'}) on ${c.date}`),
  );
  list(
    'Failed or interrupted jobs',
    s.failedJobs.map((j) => `job ${j.id} ${j.kind} ${j.state} (${j.server ?? j.volser ?? '-'})${j.message ? `: ${j.message}` : ''}`),
  );
  list(
    'Drive cleaning due',
    s.cleaningDue.map((d) => `${d.drive}: ${d.flags.join(', ')} — ${d.fix}`),
  );
  w('');
  w(`Reusable cartridges: ${s.reusable.length ? s.reusable.map((c) => c.volser).join(', ') : 'none'}`);
  w(
    `Shelf: ${
      Object.entries(s.shelf)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ') || 'empty'
    }`,
  );
}

/** Registers `status`. */
export const statusCommand: CommandModule = (program, io, setExit) => {
  program
    .command('status')
    .description(
      'The fleet against its backup policy: per server ok, due soon, overdue or failing, and what the shelf needs. Exit 0 ok, 1 overdue or failing.',
    )
    .option('--json', 'print the fleet status as JSON')
    .option('--notify', 'also send what needs attention to the configured channels (sysbtape notify set), each event once a week at most')
    .action(
      runAction(io, setExit, async (f: { json?: boolean; notify?: boolean }, cmd: Command) =>
        withCatalog(cmd, async (catalog) => {
          const status = fleetStatusOf(catalog);
          if (f.notify) {
            const notifier = await notifierForCli(io);
            if (!notifier) throw new SysbError('USAGE', '--notify: no notification channel is set (sysbtape notify set ...)');
            for (const e of fleetEvents(status)) await notifier(e);
          }
          if (f.json) printJson(io, status);
          else printStatus(io, status);
          return statusExitCode(status);
        }),
      ),
    );
};
