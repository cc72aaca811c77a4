/** Issue 17's write checks from the drive's own report, and the TapeAlert flags recorded after writes and verifications. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../electron/services/catalog/catalog.ts';
import {
  driveHealthChecks,
  type HealthReader,
  recordAfterWrite,
  withDriveAlerts,
} from '../../../electron/services/jobs/drive-health-checks.ts';
import { decodeDriveHealth } from '../../../electron/services/tape/scsi/drive-health.ts';
import { inquiryFixture, MAM_LTO6, modeSenseFixture, readAttributeFixture, tapeAlertFixture } from '../../unit/tape/scsi/scsi-fixtures.ts';
import { catalogWithImageSet, useTempDirs } from './job-fixtures.ts';

const tempDir = useTempDirs();
const NST = '/dev/nst0';

/** A drive that reports these TapeAlert flags, this cartridge serial and density (canned responses, real decoders). */
function drive(
  opts: { flags?: number[]; serial?: string; barcode?: string; density?: number; tapeAlert?: boolean; mam?: boolean } = {},
): HealthReader & { calls: string[] } {
  const calls: string[] = [];
  const read = async (target: string): Promise<ReturnType<typeof decodeDriveHealth>> => {
    calls.push(target);
    return decodeDriveHealth({
      raw: {
        inquiry: inquiryFixture(),
        'mode-sense': modeSenseFixture(opts.density ?? 0x5a),
        ...(opts.tapeAlert === false ? {} : { 'log-2e': tapeAlertFixture(opts.flags ?? []) }),
        ...(opts.mam === false
          ? {}
          : {
              'read-attribute': readAttributeFixture({
                ...MAM_LTO6,
                serial: opts.serial ?? MAM_LTO6.serial,
                barcode: opts.barcode ?? MAM_LTO6.barcode,
              }),
            }),
      },
      unsupported: [...(opts.tapeAlert === false ? ['log-2e' as const] : []), ...(opts.mam === false ? ['read-attribute' as const] : [])],
      errors: [],
    });
  };
  return Object.assign(read, { calls });
}

async function setUp(): Promise<{ catalog: Catalog; imageSetId: number; setDir: string; dir: string }> {
  const dir = tempDir();
  const c = await catalogWithImageSet(dir);
  c.catalog.cartridges.add({ volser: 'ABC123', mediaId: 'L6' });
  return { ...c, dir };
}

function codes(checks: { code: string; kind: string }[]): string[][] {
  return checks.map((c) => [c.code, c.kind]);
}

describe('drive health write checks', () => {
  it('a healthy drive adds no checks; a .tap target is not a SCSI drive and is not asked', async () => {
    const { catalog, dir } = await setUp();
    const healthy = drive();
    expect(await driveHealthChecks({ catalog, volser: 'ABC123', target: NST, readHealth: healthy })).toEqual([]);
    const tap = drive({ flags: [4] });
    expect(await driveHealthChecks({ catalog, volser: 'ABC123', target: path.join(dir, 't.tap'), readHealth: tap })).toEqual([]);
    expect(tap.calls).toEqual([]);
    catalog.close();
  });

  it('critical flags block (DRIVE_ALERT), clean now blocks (CLEANING_REQUIRED), warnings need confirming (DRIVE_WARNING)', async () => {
    const { catalog } = await setUp();
    const checks = await driveHealthChecks({ catalog, volser: 'ABC123', target: NST, readHealth: drive({ flags: [3, 6, 19, 20] }) });
    expect(codes(checks)).toEqual([
      ['CLEANING_REQUIRED', 'blocking'],
      ['DRIVE_ALERT', 'blocking'],
      ['DRIVE_WARNING', 'confirm'],
    ]);
    expect(checks[0]!.message).toMatch(/load a cleaning cartridge/);
    expect(checks[1]!.message).toMatch(/6 Write failure/);
    expect(checks[1]!.message).not.toMatch(/Cleaning required/);
    expect(checks[2]!.message).toMatch(/3 Hard error/);
    // Informational flags (19 nearing media life) alone add nothing.
    expect(await driveHealthChecks({ catalog, volser: 'ABC123', target: NST, readHealth: drive({ flags: [19] }) })).toEqual([]);
    catalog.close();
  });

  it('a drive whose health cannot be read adds no checks (the st checks still apply)', async () => {
    const { catalog } = await setUp();
    const broken: HealthReader = () => Promise.reject(new Error('no sg node'));
    expect(await driveHealthChecks({ catalog, volser: 'ABC123', target: NST, readHealth: broken })).toEqual([]);
    catalog.close();
  });

  it('records the MAM serial on the first good write; another serial under the same VOLSER is CARTRIDGE_SWAPPED', async () => {
    const { catalog, imageSetId } = await setUp();
    // Only its id matters here (a good write would list its four records).
    const write = catalog.writes.record({
      volser: 'ABC123',
      imageSetId,
      drive: NST,
      startedAt: new Date().toISOString(),
      endedAt: new Date().toISOString(),
      result: 'cancelled',
      records: [],
    });
    expect(await driveHealthChecks({ catalog, volser: 'ABC123', target: NST, readHealth: drive({ serial: 'FIRST00001' }) })).toEqual([]);
    await recordAfterWrite(catalog, 'ABC123', NST, write.id, true, drive({ serial: 'FIRST00001', flags: [21] }));
    expect(catalog.driveHealth.mamSerialOf('ABC123')).toBe('FIRST00001');
    expect(catalog.driveHealth.tapeAlertsOf({ writeId: write.id })).toEqual([
      expect.objectContaining({ drive: NST, flags: [{ flag: 21, name: 'Cleaning requested', severity: 'warning' }] }),
    ]);
    // A later write with a different cartridge in the drive does not overwrite the first serial.
    await recordAfterWrite(catalog, 'ABC123', NST, write.id, true, drive({ serial: 'OTHER00002' }));
    expect(catalog.driveHealth.mamSerialOf('ABC123')).toBe('FIRST00001');
    const swapped = await driveHealthChecks({ catalog, volser: 'ABC123', target: NST, readHealth: drive({ serial: 'OTHER00002' }) });
    expect(codes(swapped)).toEqual([['CARTRIDGE_SWAPPED', 'confirm']]);
    expect(swapped[0]!.message).toMatch(/OTHER00002.*FIRST00001/);
    expect(await driveHealthChecks({ catalog, volser: 'ABC123', target: NST, readHealth: drive({ serial: 'FIRST00001' }) })).toEqual([]);
    catalog.close();
  });

  it('names an unnamed cartridge in its memory (VOLSER + media id) after a good write; never renames one', async () => {
    const { catalog, imageSetId } = await setUp();
    const write = catalog.writes.record({
      volser: 'ABC123',
      imageSetId,
      drive: NST,
      startedAt: new Date().toISOString(),
      endedAt: new Date().toISOString(),
      result: 'cancelled',
      records: [],
    });
    const written: string[] = [];
    const writer = async (target: string, barcode: string): Promise<void> => {
      written.push(`${target} ${barcode}`);
    };
    await recordAfterWrite(catalog, 'ABC123', NST, write.id, true, drive({ barcode: '' }), writer);
    expect(written).toEqual(['/dev/nst0 ABC123L6']);
    await recordAfterWrite(catalog, 'ABC123', NST, write.id, true, drive({ barcode: 'ABC123L6' }), writer);
    await recordAfterWrite(catalog, 'ABC123', NST, write.id, false, drive({ barcode: '' }), writer);
    await recordAfterWrite(catalog, 'ABC123', NST, write.id, true, drive({ mam: false }), writer);
    expect(written).toHaveLength(1);
    // A writer that fails (cartridge memory read-only) does not fail anything.
    await expect(
      recordAfterWrite(catalog, 'ABC123', NST, write.id, true, drive({ barcode: '' }), () => Promise.reject(new Error('DATA PROTECT'))),
    ).resolves.toBeDefined();
    catalog.close();
  });

  it('a cartridge memory naming another cartridge needs confirming (CARTRIDGE_SWAPPED)', async () => {
    const { catalog } = await setUp();
    const checks = await driveHealthChecks({ catalog, volser: 'ABC123', target: NST, readHealth: drive({ barcode: 'XYZ999L6' }) });
    expect(codes(checks)).toEqual([['CARTRIDGE_SWAPPED', 'confirm']]);
    expect(checks[0]!.message).toMatch(/names it XYZ999L6, not ABC123L6/);
    catalog.close();
  });

  it('a cartridge memory naming another cataloged cartridge under retention blocks at once (RETENTION of that cartridge)', async () => {
    const { catalog } = await setUp();
    catalog.cartridges.add({ volser: 'KEEP01', mediaId: 'L6' });
    catalog.cartridges.update('KEEP01', { retentionUntil: '2099-12-31' });
    const checks = await driveHealthChecks({ catalog, volser: 'ABC123', target: NST, readHealth: drive({ barcode: 'KEEP01L6' }) });
    expect(codes(checks)).toEqual([
      ['CARTRIDGE_SWAPPED', 'confirm'],
      ['RETENTION', 'blocking'],
    ]);
    expect(checks[1]).toMatchObject({ volser: 'KEEP01' });
    expect(checks[1]!.message).toMatch(/names it cartridge KEEP01, not ABC123/);
    // Its own barcode, or a cartridge no longer held, adds nothing.
    expect(await driveHealthChecks({ catalog, volser: 'KEEP01', target: NST, readHealth: drive({ barcode: 'KEEP01L6' }) })).toEqual([]);
    catalog.cartridges.update('KEEP01', { retentionUntil: null });
    expect(codes(await driveHealthChecks({ catalog, volser: 'ABC123', target: NST, readHealth: drive({ barcode: 'KEEP01L6' }) }))).toEqual([
      ['CARTRIDGE_SWAPPED', 'confirm'],
    ]);
    catalog.close();
  });

  it('a failed write records the flags but not the serial; no TapeAlert support records nothing', async () => {
    const { catalog, imageSetId } = await setUp();
    const failed = catalog.writes.record({
      volser: 'ABC123',
      imageSetId,
      drive: NST,
      startedAt: new Date().toISOString(),
      endedAt: new Date().toISOString(),
      result: 'failed',
      error: 'EIO',
      records: [],
    });
    expect(await recordAfterWrite(catalog, 'ABC123', NST, failed.id, false, drive({ flags: [6] }))).toEqual([
      expect.objectContaining({ flag: 6 }),
    ]);
    expect(catalog.driveHealth.mamSerialOf('ABC123')).toBeUndefined();
    expect(catalog.driveHealth.tapeAlertsOf({ writeId: failed.id })[0]!.flags.map((f) => f.flag)).toEqual([6]);
    expect(await recordAfterWrite(catalog, 'ABC123', NST, failed.id, false, drive({ tapeAlert: false }))).toBeUndefined();
    expect(catalog.driveHealth.tapeAlertsOf({ writeId: failed.id })).toHaveLength(1);
    catalog.close();
  });

  it('the native capacity of the cartridge generation feeds MEDIA_TOO_SMALL', async () => {
    const { catalog, setDir } = await setUp();
    expect(
      await driveHealthChecks({ catalog, volser: 'ABC123', target: NST, imageDir: setDir, readHealth: drive({ density: 0x58 }) }),
    ).toEqual([]);
    // A 1.6 TB mksysb image (sparse: only its size matters to the check) does not fit LTO-5's 1.5 TB, fits LTO-6's 2.5 TB.
    fs.truncateSync(path.join(setDir, '4_mksysb.img'), 1.6e12);
    const lto5 = await driveHealthChecks({
      catalog,
      volser: 'ABC123',
      target: NST,
      imageDir: setDir,
      readHealth: drive({ density: 0x58 }),
    });
    expect(codes(lto5)).toEqual([['MEDIA_TOO_SMALL', 'blocking']]);
    expect(lto5[0]!.message).toMatch(/LTO-5 cartridge in \/dev\/nst0 holds 1500000000000 natively/);
    expect(
      await driveHealthChecks({ catalog, volser: 'ABC123', target: NST, imageDir: setDir, readHealth: drive({ density: 0x5a }) }),
    ).toEqual([]);
    catalog.close();
  });

  it('a verification with a critical flag is not a pass; warnings are recorded but do not fail it', async () => {
    const passed = { ok: true, problems: [] };
    const critical = await withDriveAlerts(passed, NST, drive({ flags: [5, 21] }));
    expect(critical.result.ok).toBe(false);
    expect(critical.result.problems).toEqual([
      expect.objectContaining({ code: 'DRIVE_ALERT', message: expect.stringMatching(/5 Read failure/) }),
    ]);
    expect(critical.flags?.map((f) => f.flag)).toEqual([5, 21]);
    const warning = await withDriveAlerts(passed, NST, drive({ flags: [21] }));
    expect(warning.result).toEqual(passed);
    expect(warning.flags?.map((f) => f.flag)).toEqual([21]);
    expect(await withDriveAlerts(passed, '/tmp/x.tap', drive({ flags: [5] }))).toEqual({ result: passed });
  });
});
