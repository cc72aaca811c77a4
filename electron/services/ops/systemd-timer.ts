/**
 * The systemd user timer that runs `sysbtape due --run` unattended: unit files in
 * $XDG_CONFIG_HOME/systemd/user (the Linux convention for per-user unattended work), enabled with
 * `systemctl --user` when a user manager answers; otherwise the commands are handed to the operator.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** The unit names. */
export const TIMER_UNIT = 'sysbtape-due.timer';
export const SERVICE_UNIT = 'sysbtape-due.service';

/** The systemd user unit directory. */
export function userUnitDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(homedir(), '.config'), 'systemd', 'user');
}

/** Quotes one word for an ExecStart line (systemd's own quoting: double quotes, backslash escapes). */
function quoteWord(w: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `"${w.replace(/(["\\])/g, '\\$1')}"`;
}

/** What the units run and when. */
export interface TimerSpec {
  /** The command starting sysbtape, e.g. [node, /opt/sysbtape/bin/sysbtape.js]. */
  command: string[];
  catalogPath: string;
  /** systemd OnCalendar= value, e.g. hourly. */
  onCalendar: string;
  /** Extra environment for the service (e.g. SYSBTAPE_NOTIFY_CONFIG). */
  environment?: Record<string, string>;
}

/** The text of the two units. */
export function timerUnits(spec: TimerSpec): { service: string; timer: string } {
  const exec = [...spec.command, '--catalog', spec.catalogPath, 'due', '--run'].map(quoteWord).join(' ');
  const env = Object.entries(spec.environment ?? {})
    .map(([k, v]) => `Environment=${quoteWord(`${k}=${v}`)}\n`)
    .join('');
  const service = `[Unit]
Description=SysbTape: run the due AIX mksysb captures (sysbtape due --run)
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
ExecStart=${exec}
${env}# A capture can take hours; systemd must not cut it short.
TimeoutStartSec=infinity
`;
  const timer = `[Unit]
Description=SysbTape: look for due captures (${spec.onCalendar})

[Timer]
OnCalendar=${spec.onCalendar}
# Catch up on a run missed while the machine was off.
Persistent=true
RandomizedDelaySec=5min

[Install]
WantedBy=timers.target
`;
  return { service, timer };
}

/** Writes the units; returns their paths. */
export function writeTimerUnits(dir: string, spec: TimerSpec): { service: string; timer: string } {
  mkdirSync(dir, { recursive: true });
  const units = timerUnits(spec);
  const paths = { service: path.join(dir, SERVICE_UNIT), timer: path.join(dir, TIMER_UNIT) };
  writeFileSync(paths.service, units.service);
  writeFileSync(paths.timer, units.timer);
  return paths;
}

/** The commands that load and start the timer. */
export const ENABLE_COMMANDS = [
  ['systemctl', '--user', 'daemon-reload'],
  ['systemctl', '--user', 'enable', '--now', TIMER_UNIT],
] as const;

/** Whether systemctl exists and a user manager answers. */
export function userManagerAnswers(): boolean {
  const r = spawnSync('systemctl', ['--user', 'show-environment'], { stdio: 'ignore', timeout: 10_000 });
  return r.error === undefined && r.status === 0;
}

/** Runs the enable commands; returns the first failure's text, or undefined when all went well. */
export function enableTimer(): string | undefined {
  for (const [cmd, ...args] of ENABLE_COMMANDS) {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
    if (r.error || r.status !== 0) return `${[cmd, ...args].join(' ')} failed: ${r.error?.message ?? r.stderr.trim()}`;
  }
  return undefined;
}
