/**
 * The Drive panel's method: what a /dev/nstN drive and its cartridge report (SG_IO on its sg node), a
 * .tap target as "virtual tape", or a support bundle saved with `drive status --save-raw` decoded.
 */
import path from 'node:path';
import type { ApiHandlers } from '../../../shared/api.ts';
import { SysbError } from '../../../shared/errors.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { decodeDriveHealth, loadRawBundle } from '../tape/scsi/drive-health.ts';
import { isScsiTapeTarget, readTapeHealth } from '../tape/scsi/drive-status.ts';
import { driveHealthView } from './drive-health-view.ts';
import { checkTapeTarget } from './tape-target-guard.ts';

/** Builds the driveStatus handler. */
export function driveHandlers(catalog: Catalog): Pick<ApiHandlers, 'driveStatus'> {
  return {
    driveStatus: async (req) => {
      if ('bundleDir' in req) {
        // Only read, never written: any absolute folder holding <command>.bin files will do.
        const dir = path.resolve(req.bundleDir);
        const reading = await loadRawBundle(dir).catch((err: unknown) => {
          throw err instanceof SysbError ? err : new SysbError('INVALID_INPUT', err instanceof Error ? err.message : String(err));
        });
        return driveHealthView(catalog, decodeDriveHealth(reading), `bundle ${dir}`);
      }
      await checkTapeTarget(req.target);
      if (!isScsiTapeTarget(req.target)) return { kind: 'virtual', target: req.target };
      const live = await readTapeHealth(req.target);
      return driveHealthView(catalog, decodeDriveHealth(live), `${req.target} (SCSI generic node ${live.sgDevice})`);
    },
  };
}
