/**
 * A cartridge marked `writing` records its writer (pid, host); settleAbandonedWrites makes it `unknown`
 * only when that writer is gone: a live writer on this host, another host's writer (assumed alive) and a
 * `writing` from before writers were recorded stay `writing`.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { settleAbandonedWrites } from '../../../electron/services/jobs/job-owner.ts';
import { buildSchemaV10 } from './schema-fixtures.ts';
import { useTempDirs } from './temp-dir.ts';

const tempDir = useTempDirs();

/** The pid of a process that has ended (and was reaped): nobody on this host runs as it now. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('settleAbandonedWrites', () => {
  it('marks unknown only the cartridges whose writer on this host is gone', async () => {
    const cat = await openCatalog(path.join(tempDir(), 'catalog.db'), { autoBackup: false });
    try {
      for (const v of ['DEAD01', 'LIVE01', 'AWAY01', 'DONE01']) cat.cartridges.add({ volser: v, mediaId: 'L8' });
      const gone = deadPid();
      expect(cat.cartridges.startWrite('DEAD01', { pid: gone, host: os.hostname() })).toBe('blank');
      cat.cartridges.startWrite('LIVE01');
      cat.cartridges.startWrite('AWAY01', { pid: gone, host: `not-${os.hostname()}` });
      // A write that finished leaves its writer row behind; only `writing` cartridges are looked at.
      cat.cartridges.startWrite('DONE01', { pid: gone, host: os.hostname() });
      cat.cartridges.markContentsUnknown('DONE01');
      cat.cartridges.writeNotStarted('DONE01', 'blank');
      expect(settleAbandonedWrites(cat)).toEqual(['DEAD01']);
      expect(Object.fromEntries(['DEAD01', 'LIVE01', 'AWAY01', 'DONE01'].map((v) => [v, cat.cartridges.require(v).status]))).toEqual({
        DEAD01: 'unknown',
        LIVE01: 'writing',
        AWAY01: 'writing',
        DONE01: 'unknown',
      });
      // A new write on the cartridge replaces its writer: this (live) process now.
      cat.cartridges.startWrite('DEAD01');
      expect(settleAbandonedWrites(cat)).toEqual([]);
      expect(cat.cartridges.require('DEAD01').status).toBe('writing');
    } finally {
      cat.close();
    }
  });

  it('a catalog migrated from version 10 keeps a writing cartridge without a recorded writer as it is', async () => {
    const file = path.join(tempDir(), 'catalog.db');
    buildSchemaV10(file);
    const cat = await openCatalog(file, { autoBackup: false });
    try {
      expect(settleAbandonedWrites(cat)).toEqual([]);
      expect(cat.cartridges.require('WRT001').status).toBe('writing');
    } finally {
      cat.close();
    }
  });
});
