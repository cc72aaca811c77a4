/** `sysbtape policy show|set`: the default, a server's own fields, inheritance, and bad input named. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { useTempDirs } from '../catalog/temp-dir.ts';
import { addServer, dateIn, verifiedTape } from './fleet-fixtures.ts';

const tempDir = useTempDirs();

async function catalogWithServer(): Promise<string> {
  const file = path.join(tempDir(), 'catalog.db');
  const c = await openCatalog(file, { autoBackup: false });
  addServer(c, 'aix7');
  c.close();
  return file;
}

describe('sysbtape policy', () => {
  it("shows the built-in default, sets the default and a server's own fields, and inherits again", async () => {
    const file = await catalogWithServer();
    const shown = await runCli(['--catalog', file, 'policy', 'show', '--json']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.out)).toMatchObject({
      default: { server: null, policy: { maxAgeDays: 30, copies: 2, offsiteCopies: 1, reverifyDays: 180 } },
    });

    const setDefault = await runCli([
      '--catalog',
      file,
      'policy',
      'set',
      '--max-age',
      '14d',
      '--offsite-locations',
      'Vault B, Iron Mountain',
      '--json',
    ]);
    expect(setDefault.code).toBe(0);
    expect(JSON.parse(setDefault.out)).toMatchObject({ policy: { maxAgeDays: 14, offsiteLocations: ['Vault B', 'Iron Mountain'] } });

    const setServer = await runCli(['--catalog', file, 'policy', 'set', 'aix7', '--copies', '3', '--retention', '0', '--json']);
    expect(JSON.parse(setServer.out)).toEqual({
      server: 'aix7',
      own: ['copies', 'retentionDays'],
      policy: {
        maxAgeDays: 14,
        copies: 3,
        offsiteCopies: 1,
        offsiteLocations: ['Vault B', 'Iron Mountain'],
        reverifyDays: 180,
        retentionDays: 0,
      },
    });
    const text = await runCli(['--catalog', file, 'policy', 'show', 'aix7']);
    expect(text.out).toMatch(/max age of newest verified tape: 14 days {2}\(default\)/);
    expect(text.out).toMatch(/verified copies wanted: {10}3\n/);

    const inherit = await runCli(['--catalog', file, 'policy', 'set', 'aix7', '--inherit', 'copies', '--json']);
    expect(JSON.parse(inherit.out)).toMatchObject({ own: ['retentionDays'], policy: { copies: 2 } });
    const reset = await runCli(['--catalog', file, 'policy', 'set', 'aix7', '--reset', '--json']);
    expect(JSON.parse(reset.out)).toMatchObject({ own: [], policy: { retentionDays: 0 } });
  });

  it("a verified write gets the retention of its server's policy, keeping a later date already set", async () => {
    const now = new Date();
    const file = path.join(tempDir(), 'catalog.db');
    const c = await openCatalog(file, { autoBackup: false });
    const aix7 = addServer(c, 'aix7');
    const other = addServer(c, 'aix8');
    verifiedTape(c, now, aix7, 'NONE01', { ageDays: 1 });
    expect(c.cartridges.get('NONE01')!.retentionUntil).toBeNull();
    c.policies.set(null, { retentionDays: 30 });
    c.policies.set(aix7, { retentionDays: 100 });
    verifiedTape(c, now, aix7, 'KEEP01', { ageDays: 0 });
    verifiedTape(c, now, other, 'KEEP02', { ageDays: 0 });
    verifiedTape(c, now, aix7, 'KEEP03', { ageDays: 0, retentionUntil: '2099-01-01' });
    expect(c.cartridges.get('KEEP01')!.retentionUntil).toBe(dateIn(now, 100));
    expect(c.cartridges.get('KEEP02')!.retentionUntil).toBe(dateIn(now, 30));
    expect(c.cartridges.get('KEEP03')!.retentionUntil).toBe('2099-01-01');
    c.close();
  });

  it('refuses bad input with a message naming it, and changes nothing', async () => {
    const file = await catalogWithServer();
    const cases: [string[], RegExp][] = [
      [['policy', 'set', '--max-age', 'soon'], /--max-age must be a number of days/],
      [['policy', 'set', '--copies', '0'], /--copies must be a whole number of at least 1/],
      [['policy', 'set', '--offsite-copies', '3'], /offsiteCopies \(3\) cannot exceed copies \(2\)/],
      [['policy', 'set'], /nothing to set/],
      [['policy', 'set', '--inherit', 'copies'], /--inherit applies to a server's policy/],
      [['policy', 'set', 'ghost', '--copies', '1'], /no server named 'ghost'/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['--catalog', file, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
    }
    const shown = await runCli(['--catalog', file, 'policy', 'show', '--json']);
    expect(JSON.parse(shown.out)).toMatchObject({ default: { own: [], policy: { copies: 2, maxAgeDays: 30 } } });
  });
});
