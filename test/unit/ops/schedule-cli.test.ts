/** `sysbtape schedule add|list|remove|install-timer` and when a schedule is due (every, cron, back-off, give-up). */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { judgeSchedule, MAX_FAILURES } from '../../../electron/services/ops/schedule-rule.ts';
import type { Schedule } from '../../../shared/operations.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { useTempDirs } from '../catalog/temp-dir.ts';
import { addServer } from './fleet-fixtures.ts';

const tempDir = useTempDirs();
const saved = { xdg: process.env.XDG_CONFIG_HOME, path: process.env.PATH };
afterEach(() => {
  for (const [k, v] of [
    ['XDG_CONFIG_HOME', saved.xdg],
    ['PATH', saved.path],
  ] as const) {
    if (v === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = v;
  }
});

const base: Schedule = {
  id: 1,
  server: 'aix7',
  serverId: 1,
  everySeconds: 30 * 86400,
  cron: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastAttemptAt: null,
  lastSuccessAt: null,
  lastError: null,
  failures: 0,
  retryAt: null,
};
const now = new Date('2026-12-05T12:00:00Z');

describe('when a schedule is due', () => {
  it('every N after the last good capture, cron at its first occurrence after it', () => {
    expect(judgeSchedule(base, null, now, undefined)).toMatchObject({ state: 'due', reason: 'never captured' });
    expect(judgeSchedule(base, '2026-11-20T00:00:00Z', now, undefined)).toMatchObject({
      state: 'not-due',
      dueAt: '2026-12-20T00:00:00.000Z',
    });
    expect(judgeSchedule(base, '2026-11-01T00:00:00Z', now, undefined)).toMatchObject({ state: 'due', dueAt: '2026-12-01T00:00:00.000Z' });
    // Once a year (January 1st, local time): whatever the time zone, not due 3 days after a capture, due a year after.
    const cron: Schedule = { ...base, everySeconds: null, cron: '0 2 1 1 *' };
    expect(judgeSchedule(cron, new Date(now.getTime() - 3 * 86400_000).toISOString(), now, undefined).state).toBe('not-due');
    expect(judgeSchedule(cron, new Date(now.getTime() - 400 * 86400_000).toISOString(), now, undefined).state).toBe('due');
  });

  it('waits for a running job, backs off after a failure, gives up after MAX_FAILURES', () => {
    expect(judgeSchedule(base, null, now, 12)).toMatchObject({ state: 'waiting', reason: 'waits for job 12, still running for aix7' });
    const failed = { ...base, failures: 1, lastError: 'boom', retryAt: '2026-12-05T12:30:00.000Z' };
    expect(judgeSchedule(failed, null, now, undefined)).toMatchObject({ state: 'backing-off' });
    expect(judgeSchedule({ ...failed, retryAt: '2026-12-05T11:00:00.000Z' }, null, now, undefined).state).toBe('due');
    expect(judgeSchedule({ ...failed, failures: MAX_FAILURES }, null, now, undefined).state).toBe('given-up');
  });
});

describe('sysbtape schedule', () => {
  it('adds, lists, replaces and removes; bad rules are named', async () => {
    const file = path.join(tempDir(), 'catalog.db');
    const c = await openCatalog(file, { autoBackup: false });
    addServer(c, 'aix7');
    c.close();
    const cli = (...a: string[]) => runCli(['--catalog', file, ...a]);
    expect((await cli('schedule', 'add', 'aix7', '--every', '2w')).out).toBe('aix7: every 2w; last good capture by schedule never\n');
    expect((await cli('schedule', 'add', 'aix7', '--cron', '0 2 * * 0', '--json')).out).toMatch(/"cron": "0 2 \* \* 0"/);
    expect(JSON.parse((await cli('schedule', 'list', '--json')).out)).toEqual([
      expect.objectContaining({ server: 'aix7', everySeconds: null, cron: '0 2 * * 0' }),
    ]);
    for (const [args, msg] of [
      [['--every', 'often'], /--every must be a duration like 30d/],
      [['--cron', '61 * * * *'], /not a valid cron expression/],
      [['--cron', '* *'], /--cron needs 5 fields/],
      [[], /exactly one of --every 30d or --cron/],
      [['--every', '1d', '--cron', '0 2 * * *'], /exactly one of/],
    ] as [string[], RegExp][]) {
      const r = await cli('schedule', 'add', 'aix7', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(msg);
    }
    expect((await cli('schedule', 'add', 'ghost', '--every', '1d')).err).toMatch(/no server named 'ghost'/);
    expect((await cli('schedule', 'remove', 'aix7')).code).toBe(0);
    expect((await cli('schedule', 'remove', 'aix7')).err).toMatch(/aix7 has no schedule/);
  });

  it('install-timer writes the user units; without a user manager it prints the commands', async () => {
    const dir = tempDir();
    process.env.XDG_CONFIG_HOME = path.join(dir, 'config');
    fs.mkdirSync(path.join(dir, 'empty-path'));
    process.env.PATH = path.join(dir, 'empty-path');
    const file = path.join(dir, 'catalog.db');
    const r = await runCli(['--catalog', file, 'schedule', 'install-timer', '--on-calendar', 'daily']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('systemctl --user daemon-reload\n  systemctl --user enable --now sysbtape-due.timer');
    const unitDir = path.join(dir, 'config', 'systemd', 'user');
    const service = fs.readFileSync(path.join(unitDir, 'sysbtape-due.service'), 'utf8');
    expect(service).toMatch(new RegExp(`^ExecStart=.* --catalog ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} due --run$`, 'm'));
    expect(service).toMatch(/^Type=oneshot$/m);
    expect(fs.readFileSync(path.join(unitDir, 'sysbtape-due.timer'), 'utf8')).toMatch(
      /^OnCalendar=daily$[\s\S]*^Persistent=true$[\s\S]*^WantedBy=timers.target$/m,
    );
    expect((await runCli(['schedule', 'install-timer', '--on-calendar', 'daily; rm -rf /'])).code).toBe(2);
  });
});
