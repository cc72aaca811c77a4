// Two processes on one catalog file: WAL lets readers through a writer's transaction; a second writer gets a clear CATALOG error.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { SysbError } from '../../../shared/errors.ts';
import { useTempDirs } from '../../unit/catalog/temp-dir.ts';

const tempDir = useTempDirs();
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGKILL');
      await once(c, 'exit');
    }
  }
});

/** Another process that opens the file, starts a write transaction, says "locked", and commits when told. */
async function lockHolder(file: string): Promise<ChildProcessWithoutNullStreams> {
  const script = `
    const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
    const db = new Database(${JSON.stringify(file)});
    db.exec("BEGIN IMMEDIATE");
    db.prepare("INSERT INTO cartridges (volser, media_id, created_at) VALUES ('OTHER1', 'L6', '2026-01-01T00:00:00Z')").run();
    process.stdout.write("locked\\n");
    process.stdin.once("data", () => { db.exec("COMMIT"); db.close(); process.stdout.write("committed\\n"); process.exit(0); });`;
  const child = spawn(process.execPath, ['-e', script]);
  children.push(child);
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  expect(line.toString()).toBe('locked\n');
  return child;
}

describe('one catalog, two processes', () => {
  it('reads go on, a blocked write fails with CATALOG and nothing half-done, and succeeds once the lock is gone', async () => {
    const file = path.join(tempDir(), 'catalog.db');
    const cat = await openCatalog(file, { autoBackup: false, busyTimeoutMs: 200 });
    cat.cartridges.add({ volser: 'MINE01', mediaId: 'L6' });
    const holder = await lockHolder(file);

    expect(cat.cartridges.search({}).cartridges.map((c) => c.volser)).toEqual(['MINE01']);
    const err = (() => {
      try {
        cat.cartridges.add({ volser: 'MINE02', mediaId: 'L6' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SysbError);
    expect((err as SysbError).code).toBe('CATALOG');
    expect((err as SysbError).message).toMatch(/is locked by another SysbTape process.*try again when it has finished/);

    holder.stdin.write('go\n');
    await once(holder, 'exit');
    cat.cartridges.add({ volser: 'MINE02', mediaId: 'L6' });
    expect(cat.cartridges.search({}).cartridges.map((c) => c.volser)).toEqual(['MINE01', 'MINE02', 'OTHER1']);
    cat.close();
  });
});
