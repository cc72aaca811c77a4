import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { defaultCatalogPath, resolveCatalogPath } from '../../../electron/services/catalog/catalog-path.ts';
import { dailyBackupIfDue, listAutomaticBackups } from '../../../electron/services/catalog/backups.ts';
import { checkStampPath } from '../../../electron/services/catalog/check-stamp.ts';
import { SysbError } from '../../../shared/errors.ts';
import { useTempDirs } from './temp-dir.ts';

const tempDir = useTempDirs();

/** A catalog with enough cartridges to span many pages, closed (WAL checkpointed into the main file). */
async function catalogWithData(file: string): Promise<void> {
  const cat = await openCatalog(file);
  for (let i = 0; i < 400; i++)
    cat.cartridges.add({ volser: `T${String(i).padStart(5, '0')}`, mediaId: 'L7', notes: 'x'.repeat(200), location: `Shelf ${i % 7}` });
  cat.close();
}

async function openError(file: string): Promise<SysbError> {
  const err = await openCatalog(file).then(
    (c) => {
      c.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SysbError);
  return err as SysbError;
}

describe('opening the catalog', () => {
  it('fails quick_check on a corrupted copy and points at the last good backup', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'catalog.db');
    await catalogWithData(file);
    // The first daily backup was of the empty catalog; make it old so the next open takes one with the data.
    const old = new Date(Date.now() - 2 * 86_400_000);
    for (const b of listAutomaticBackups(file)) fs.utimesSync(b, old, old);
    (await openCatalog(file)).close();
    const backups = listAutomaticBackups(file);
    expect(backups).toHaveLength(2);
    // Scribble over the middle pages of the cartridges table; the header stays valid so SQLite opens it.
    const fd = fs.openSync(file, 'r+');
    const size = fs.fstatSync(fd).size;
    const junk = Buffer.alloc(4096 * 3, 0xa5);
    fs.writeSync(fd, junk, 0, junk.length, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);

    const err = await openError(file);
    expect(err.code).toBe('CATALOG');
    expect(err.message).toContain(`catalog ${file} is damaged`);
    expect(err.message).toContain(`The last good backup is ${backups[0]}`);

    // The pointed-at backup really is good: it opens and holds the data.
    const restored = await openCatalog(backups[0]!, { autoBackup: false });
    expect(restored.cartridges.search({}).total).toBe(400);
    restored.close();
  });

  it('skips quick_check when the catalog is exactly as it was when it last passed, and checks again after any write', async () => {
    const file = path.join(tempDir(), 'catalog.db');
    await catalogWithData(file);
    // The same better-sqlite3 the catalog loads (one module instance): count the checks it is asked for.
    const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
    const pragma = vi.spyOn(Database.prototype, 'pragma');
    const checks = (): number => pragma.mock.calls.filter(([p]) => String(p).startsWith('quick_check')).length;
    try {
      (await openCatalog(file, { autoBackup: false })).close(); // the writes since the last stamp: checked
      const afterWrite = checks();
      expect(afterWrite).toBeGreaterThan(0);
      (await openCatalog(file, { autoBackup: false })).close();
      (await openCatalog(file, { autoBackup: false })).close();
      expect(checks()).toBe(afterWrite); // unchanged since it passed: not checked again
      const cat = await openCatalog(file, { autoBackup: false });
      cat.cartridges.add({ volser: 'NEW001', mediaId: 'L7' });
      cat.close();
      (await openCatalog(file, { autoBackup: false })).close();
      expect(checks()).toBeGreaterThan(afterWrite); // written since: checked again
    } finally {
      pragma.mockRestore();
    }
    expect(fs.statSync(checkStampPath(file)).mode & 0o777).toBe(0o600);
  });

  it('says so when the file is not a database at all and there is no backup', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'catalog.db');
    fs.writeFileSync(file, Buffer.alloc(8192, 0x42));
    const err = await openError(file);
    expect(err.code).toBe('CATALOG');
    expect(err.message).toMatch(/is damaged \(file is not a database\)/);
    expect(err.message).toContain(`No automatic backup was found in ${path.join(dir, 'catalog-backups')}`);
  });

  it('takes a daily backup only when the last one is a day old, keeping seven', async () => {
    const file = path.join(tempDir(), 'catalog.db');
    const cat = await openCatalog(file, { autoBackup: false });
    expect(listAutomaticBackups(file)).toHaveLength(0);
    cat.close();
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(file);
    let day = new Date('2026-03-01T12:00:00Z');
    for (let i = 0; i < 9; i++) {
      const taken = await dailyBackupIfDue(db, file, 3, day);
      expect(taken).toBeDefined();
      // The age check uses mtimes; date each backup as if taken on that day.
      fs.utimesSync(taken!, day, day);
      expect(await dailyBackupIfDue(db, file, 3, new Date(day.getTime() + 3600_000))).toBeUndefined();
      day = new Date(day.getTime() + 25 * 3600_000);
    }
    db.close();
    expect(listAutomaticBackups(file)).toHaveLength(7);
  });

  it('finds the default path by XDG rules and honours --catalog', () => {
    expect(defaultCatalogPath({ XDG_DATA_HOME: '/data' }, '/home/op')).toBe('/data/sysbtape/catalog.db');
    expect(defaultCatalogPath({}, '/home/op')).toBe('/home/op/.local/share/sysbtape/catalog.db');
    expect(defaultCatalogPath({ XDG_DATA_HOME: 'relative' }, '/home/op')).toBe('/home/op/.local/share/sysbtape/catalog.db');
    expect(resolveCatalogPath('x/c.db', {})).toBe(path.resolve('x/c.db'));
  });

  it('turns on foreign keys, WAL and a busy timeout', async () => {
    const file = path.join(tempDir(), 'sub', 'dir', 'catalog.db');
    const cat = await openCatalog(file, { autoBackup: false });
    expect(fs.existsSync(file)).toBe(true);
    // A write referencing a missing cartridge is refused by the foreign key, not silently stored.
    expect(() => cat.jobs.create({ kind: 'backup', steps: ['write'], volser: 'NOPE01' })).toThrow(/no cartridge NOPE01/);
    cat.close();
  });
});
