/**
 * Resume in the app (the Jobs view's resumeJob) of a write job whose cartridge came from the library: it
 * loads that VOLSER again first; with another cartridge in the drive the job fails with the library's
 * error and nothing is written to it. The API service on a catalog file, the simulated library from the
 * service's settings file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../../shared/api.ts';
import type { JobId, JobInfo } from '../../../shared/model.ts';
import { harnessServiceOptions } from '../../../electron/harness.ts';
import { createApiService } from '../../../electron/services/api.ts';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { JobEngine } from '../../../electron/services/jobs/job-engine.ts';
import { recordLibraryLink } from '../../../electron/services/library/library-job-link.ts';
import { createSimulatedLibrary, SimulatedChanger, simulatedDriveTarget } from '../../../electron/services/library/simulated-changer.ts';
import { saveLibrarySettings } from '../../../electron/services/settings/settings-file.ts';
import { catalogWithImageSet, useTempDirs } from './job-fixtures.ts';

const tempDir = useTempDirs();

async function settled(h: ApiHandlers, id: JobId): Promise<JobInfo> {
  for (;;) {
    const j = await h.getJob({ id });
    if (j.state !== 'running' && j.state !== 'pending') return j;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('resume in the app with a library cartridge', () => {
  it('refuses while another cartridge is in the drive, then loads its own VOLSER and writes it', async () => {
    const dir = tempDir();
    const lib = path.join(dir, 'lib');
    createSimulatedLibrary(lib, { slots: ['NEW003L8', 'OTHER1L8'], moveMillis: 0 });
    saveLibrarySettings({ changer: `sim:${lib}` }, path.join(dir, 'settings.json'));
    const target = simulatedDriveTarget(lib);
    const { catalog, imageSetId } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'NEW003', mediaId: 'L8' });
    catalog.cartridges.add({ volser: 'OTHER1', mediaId: 'L8' });
    const job = new JobEngine(catalog).createWriteJob({ imageSetId, volser: 'NEW003', target, labelDir: path.join(dir, 'labels') });
    recordLibraryLink(catalog, job.id, { volser: 'NEW003', changer: `sim:${lib}`, tape: target, afterVerify: 'slot' });
    catalog.close();
    const changer = SimulatedChanger.open(lib);
    await changer.load(1001, 1);
    writeFileSync(target, 'OTHER1 data');

    const service = await createApiService(harnessServiceOptions(dir));
    try {
      const h = service.handlers;
      const id = job.id;
      const refused = await settled(h, (await h.resumeJob({ id, confirmed: [], overrideReason: null })).id);
      expect(refused.state).toBe('failed');
      expect(refused.error?.message).toMatch(/drive 1 \(address 1\) already holds cartridge OTHER1L8, not NEW003/);
      expect(readFileSync(target, 'utf8')).toBe('OTHER1 data');

      await h.libraryUnload({ to: 'slot' });
      const done = await settled(h, (await h.resumeJob({ id, confirmed: [], overrideReason: null })).id);
      expect(done.state).toBe('done');
      expect(done.log.join('\n')).toMatch(/library: loaded NEW003 from slot 1 \(address 1000\) into drive 1 \(address 1\)/);
      expect((await h.getCartridge({ volser: 'NEW003' })).cartridge.status).toBe('written');
      expect(readFileSync(path.join(lib, 'cartridges', 'OTHER1L8.tap'), 'utf8')).toBe('OTHER1 data');
      // The written cartridge is the one in the drive, as the Library view shows it.
      const status = await h.getLibrary({});
      expect(status.elements.find((e) => e.kind === 'drive')).toMatchObject({ barcode: 'NEW003L8', state: 'written' });
    } finally {
      await service.close();
    }
    const after = await openCatalog(path.join(dir, 'catalog.db'), { autoBackup: false });
    expect(after.writes.listFor(after.cartridges.require('OTHER1').id)).toEqual([]);
    after.close();
  });
});
