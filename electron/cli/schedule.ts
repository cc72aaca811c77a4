/** `sysbtape schedule add|list|remove|install-timer`: when each server's capture is due, and the timer running `due --run`. */
import type { Command } from 'commander';
import path from 'node:path';
import { SysbError } from '../../shared/errors.ts';
import type { Schedule } from '../../shared/operations.ts';
import { formatSeconds, parseDurationSeconds } from '../services/ops/durations.ts';
import { checkCron } from '../services/ops/schedule-rule.ts';
import {
  ENABLE_COMMANDS,
  enableTimer,
  TIMER_UNIT,
  timerUnits,
  userManagerAnswers,
  userUnitDir,
  writeTimerUnits,
} from '../services/ops/systemd-timer.ts';
import { type CliIo, type CommandModule, catalogPathOf, EXIT_OK, EXIT_PROBLEMS, printJson, runAction, withCatalog } from './command-kit.ts';

function ruleText(s: Schedule): string {
  return s.everySeconds !== null ? `every ${formatSeconds(s.everySeconds)}` : `cron "${s.cron}"`;
}

function printSchedule(io: CliIo, s: Schedule): void {
  const extra = s.failures ? `, ${s.failures} failure${s.failures === 1 ? '' : 's'} in a row (last: ${s.lastError ?? '?'})` : '';
  io.out.write(`${s.server}: ${ruleText(s)}; last good capture by schedule ${s.lastSuccessAt ?? 'never'}${extra}\n`);
}

/** The command that starts this sysbtape: node and the script, when run as one; else `sysbtape` on PATH. */
function selfCommand(): string[] {
  const script = process.argv[1];
  if (script && /sysbtape(\.js)?$/.test(script)) return [process.execPath, path.resolve(script)];
  return ['/usr/bin/env', 'sysbtape'];
}

/** Registers `schedule`. */
export const scheduleCommand: CommandModule = (program, io, setExit) => {
  const schedule = program
    .command('schedule')
    .description('Capture schedules: add, list, remove, and install the systemd user timer that runs them.');
  schedule
    .command('add <server>')
    .description('Capture SERVER every N days (after its last good capture) or on a cron schedule; replaces its schedule')
    .option('--every <duration>', 'e.g. 30d, 2w, 12h')
    .option('--cron <expression>', 'a cron expression, e.g. "0 2 * * 0" (Sundays 02:00, local time)')
    .option('--json', 'print the schedule as JSON')
    .action(
      runAction(io, setExit, async (name: string, f: { every?: string; cron?: string; json?: boolean }, cmd: Command) => {
        if ((f.every === undefined) === (f.cron === undefined))
          throw new SysbError('USAGE', 'give exactly one of --every 30d or --cron "EXPR"');
        const rule = f.every !== undefined ? { everySeconds: parseDurationSeconds(f.every, '--every') } : { cron: checkCron(f.cron!) };
        return withCatalog(cmd, (catalog) => {
          const server = catalog.servers.getByName(name);
          if (!server) throw new SysbError('NOT_FOUND', `no server named '${name}' in the catalog (see: sysbtape server list)`);
          const s = catalog.schedules.put(server.id, rule);
          if (f.json) printJson(io, s);
          else printSchedule(io, s);
          return EXIT_OK;
        });
      }),
    );
  schedule
    .command('list')
    .description('Every schedule with its last good capture and failures')
    .option('--json', 'print the schedules as JSON')
    .action(
      runAction(io, setExit, async (f: { json?: boolean }, cmd: Command) =>
        withCatalog(cmd, (catalog) => {
          const all = catalog.schedules.list();
          if (f.json) printJson(io, all);
          else if (!all.length) io.out.write('no schedules (add one with: sysbtape schedule add SERVER --every 30d)\n');
          else for (const s of all) printSchedule(io, s);
          return EXIT_OK;
        }),
      ),
    );
  schedule
    .command('remove <server>')
    .description('Remove the schedule of SERVER')
    .action(
      runAction(io, setExit, async (name: string, _f: unknown, cmd: Command) =>
        withCatalog(cmd, (catalog) => {
          const server = catalog.servers.getByName(name);
          if (!server) throw new SysbError('NOT_FOUND', `no server named '${name}' in the catalog`);
          if (!catalog.schedules.remove(server.id)) throw new SysbError('NOT_FOUND', `${name} has no schedule`);
          io.out.write(`removed the schedule of ${name}\n`);
          return EXIT_OK;
        }),
      ),
    );
  schedule
    .command('install-timer')
    .description(`Write and enable the systemd user timer (${TIMER_UNIT}) that runs 'sysbtape due --run'`)
    .option('--on-calendar <spec>', 'when the timer looks for due captures (systemd OnCalendar=)', 'hourly')
    .option('--print', 'print the unit files only; write nothing')
    .action(
      runAction(io, setExit, async (f: { onCalendar: string; print?: boolean }, cmd: Command) => {
        if (!/^[\w*:,./ -]+$/.test(f.onCalendar))
          throw new SysbError('USAGE', `--on-calendar '${f.onCalendar}' has characters systemd calendar specs do not use`);
        const environment: Record<string, string> = {};
        if (process.env.SYSBTAPE_NOTIFY_CONFIG) environment.SYSBTAPE_NOTIFY_CONFIG = path.resolve(process.env.SYSBTAPE_NOTIFY_CONFIG);
        const spec = { command: selfCommand(), catalogPath: path.resolve(catalogPathOf(cmd)), onCalendar: f.onCalendar, environment };
        if (f.print) {
          const u = timerUnits(spec);
          io.out.write(`# ${userUnitDir()}/sysbtape-due.service\n${u.service}\n# ${userUnitDir()}/${TIMER_UNIT}\n${u.timer}`);
          return EXIT_OK;
        }
        const paths = writeTimerUnits(userUnitDir(), spec);
        io.out.write(`wrote ${paths.service}\nwrote ${paths.timer}\n`);
        const commands = ENABLE_COMMANDS.map((c) => c.join(' '));
        if (!userManagerAnswers()) {
          io.out.write(`no systemd user manager answers here; to enable the timer, run:\n${commands.map((c) => `  ${c}\n`).join('')}`);
          return EXIT_OK;
        }
        const failed = enableTimer();
        if (failed) {
          io.err.write(`sysbtape: ${failed}\nthe unit files are written; run by hand:\n${commands.map((c) => `  ${c}\n`).join('')}`);
          return EXIT_PROBLEMS;
        }
        io.out.write(`enabled ${TIMER_UNIT} (see: systemctl --user list-timers ${TIMER_UNIT})\n`);
        return EXIT_OK;
      }),
    );
};
