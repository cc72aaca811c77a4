import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-stand-in.ts'));

const dir = mkdtempSync(path.join(os.tmpdir(), 'sysbtape-main-fail-'));
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error('condition never became true');
}

describe('electron main, catalog damaged at start', () => {
  it('shows the error with the backup to restore, opens no window and exits non-zero', async () => {
    // A catalog file that is not a database, and an automatic backup beside it.
    const catalogDir = path.join(dir, 'data', 'sysbtape');
    mkdirSync(path.join(catalogDir, 'catalog-backups'), { recursive: true });
    const catalog = path.join(catalogDir, 'catalog.db');
    writeFileSync(catalog, 'this is not an SQLite database, it was overwritten by mistake'.repeat(100));
    const backup = path.join(catalogDir, 'catalog-backups', 'catalog-20261201T000000000Z-v3-daily.db');
    writeFileSync(backup, '');
    vi.stubEnv('XDG_DATA_HOME', path.join(dir, 'data'));
    vi.stubEnv('SYSBTAPE_HOME', path.join(dir, 'config'));
    vi.stubEnv('SYSBTAPE_TEST_USERDATA', dir);

    const standIn = await import('./electron-stand-in.ts');
    await import('../../../electron/main.ts');
    standIn.becomeReady();
    await waitFor(() => standIn.recorded.exitCodes.length > 0);

    expect(standIn.recorded.exitCodes).toEqual([1]);
    expect(standIn.recorded.windows).toHaveLength(0);
    expect(standIn.recorded.errorBoxes).toHaveLength(1);
    const box = standIn.recorded.errorBoxes[0]!;
    expect(box.title).toBe('SysbTape could not start');
    expect(box.content).toContain(`catalog ${catalog} is damaged`);
    expect(box.content).toContain(`The last good backup is ${backup}`);
  });

  it('quits when the last window is gone, so no windowless process keeps the single-instance lock', async () => {
    const standIn = await import('./electron-stand-in.ts');
    const quits = standIn.recorded.quitCalls;
    standIn.app.emit('window-all-closed');
    await waitFor(() => standIn.recorded.quitCalls === quits + 1);
  });
});
