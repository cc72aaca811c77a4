import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Catalog, openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { SysbError } from '../../../shared/errors.ts';
import { useTempDirs } from './temp-dir.ts';

const tempDir = useTempDirs();

async function fresh(today = '2026-06-15T12:00:00'): Promise<Catalog> {
  return openCatalog(path.join(tempDir(), 'catalog.db'), { autoBackup: false, now: () => new Date(today) });
}

function errorOf(fn: () => unknown): SysbError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SysbError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('cartridges', () => {
  it('registers a cartridge with its barcode and normalises case', async () => {
    const cat = await fresh();
    const c = cat.cartridges.add({ volser: 'abc123', mediaId: 'l6', location: 'Rack 2' });
    expect(c).toMatchObject({
      volser: 'ABC123',
      mediaId: 'L6',
      barcode: 'ABC123L6',
      status: 'blank',
      writeCount: 0,
      location: 'Rack 2',
      firstUsedAt: null,
    });
    expect(cat.cartridges.get('ABC123')?.id).toBe(c.id);
    cat.close();
  });

  it('names the bad field of invalid input', async () => {
    const cat = await fresh();
    const e1 = errorOf(() => cat.cartridges.add({ volser: 'ABC12', mediaId: 'L6' }));
    expect(e1.code).toBe('INVALID_INPUT');
    expect(e1.message).toBe('cartridge: volser must be exactly 6 characters of A–Z and 0–9 (e.g. ABC123)');
    expect(errorOf(() => cat.cartridges.add({ volser: 'ABC-12', mediaId: 'L6' })).message).toMatch(/^cartridge: volser /);
    expect(errorOf(() => cat.cartridges.add({ volser: 'ABC123', mediaId: 'L4' })).message).toMatch(
      /^cartridge: mediaId must be one of L5, L6, L7, L8, L9, M8, LV, LW, LX, LY, LZ/,
    );
    expect(errorOf(() => cat.cartridges.add({ volser: 'ABC123', mediaId: 'L6', retentionUntil: '2026-13-01' })).message).toMatch(
      /^cartridge: retentionUntil must be a date as YYYY-MM-DD/,
    );
    expect(errorOf(() => cat.cartridges.add({ volser: 'ABC123', mediaId: 'L6', colour: 'red' } as never)).message).toMatch(
      /unknown field\(s\): colour/,
    );
    cat.cartridges.add({ volser: 'ABC123', mediaId: 'L6' });
    expect(errorOf(() => cat.cartridges.add({ volser: 'ABC123', mediaId: 'L7' })).message).toMatch(/already in the catalog/);
    expect(errorOf(() => cat.cartridges.require('ZZZ999')).code).toBe('NOT_FOUND');
    expect(cat.cartridges.search({}).total).toBe(1);
    cat.close();
  });

  it('searches by VOLSER prefix, status, location and retention', async () => {
    const cat = await fresh();
    cat.cartridges.add({ volser: 'AAA001', mediaId: 'L6', location: 'Vault A', retentionUntil: '2026-12-31' });
    cat.cartridges.add({ volser: 'AAA002', mediaId: 'L6', location: 'vault a', retentionUntil: '2026-01-01' });
    cat.cartridges.add({ volser: 'AAB001', mediaId: 'L8', location: 'Vault B' });
    cat.cartridges.add({ volser: 'BBB001', mediaId: 'M8' });
    cat.cartridges.retire('BBB001', 'worn out');
    const volsers = (f: Parameters<Catalog['cartridges']['search']>[0]) => cat.cartridges.search(f).cartridges.map((c) => c.volser);
    expect(volsers({ volserPrefix: 'aa' })).toEqual(['AAA001', 'AAA002', 'AAB001']);
    expect(volsers({ volserPrefix: 'AAA' })).toEqual(['AAA001', 'AAA002']);
    expect(volsers({ status: ['retired'] })).toEqual(['BBB001']);
    expect(volsers({ status: ['blank', 'retired'], volserPrefix: 'B' })).toEqual(['BBB001']);
    expect(volsers({ location: 'VAULT A' })).toEqual(['AAA001', 'AAA002']);
    expect(volsers({ underRetentionOn: '2026-06-15' })).toEqual(['AAA001']);
    expect(volsers({ retentionEndsBy: '2026-06-15' })).toEqual(['AAA002', 'AAB001', 'BBB001']);
    const page = cat.cartridges.search({ limit: 2, offset: 1 });
    expect(page.cartridges.map((c) => c.volser)).toEqual(['AAA002', 'AAB001']);
    expect(page.total).toBe(4);
    expect(errorOf(() => cat.cartridges.search({ volserPrefix: 'A*' })).message).toMatch(/^cartridge search: volserPrefix /);
    cat.close();
  });

  it('updates and clears shelf data', async () => {
    const cat = await fresh();
    cat.cartridges.add({ volser: 'AAA001', mediaId: 'L6', location: 'Vault A', notes: 'n' });
    const c = cat.cartridges.update('AAA001', { location: 'Offsite', notes: null, retentionUntil: '2027-01-01' });
    expect(c).toMatchObject({ location: 'Offsite', notes: null, retentionUntil: '2027-01-01' });
    cat.close();
  });
});

describe('the retention guard', () => {
  it('blocks a cartridge under retention (inclusive of the last day) and passes one after it', async () => {
    const cat = await fresh('2026-06-15T12:00:00');
    cat.cartridges.add({ volser: 'KEEP01', mediaId: 'L6', retentionUntil: '2026-06-15' });
    cat.cartridges.add({ volser: 'FREE01', mediaId: 'L6', retentionUntil: '2026-06-14' });
    cat.cartridges.add({ volser: 'NONE01', mediaId: 'L6' });
    expect(cat.cartridges.checkRetention('KEEP01')).toMatchObject({ blocked: true, retentionUntil: '2026-06-15' });
    expect(cat.cartridges.checkRetention('FREE01').blocked).toBe(false);
    expect(cat.cartridges.checkRetention('NONE01').blocked).toBe(false);
    const e = errorOf(() => cat.cartridges.guardRetention('KEEP01', 'write'));
    expect(e.code).toBe('CHECK_BLOCKED');
    expect(e.message).toMatch(/KEEP01 is under retention until 2026-06-15/);
    expect(cat.cartridges.overrides('KEEP01')).toEqual([]);
    cat.close();
  });

  it('lets an explicit override with a reason through and records it', async () => {
    const cat = await fresh();
    cat.cartridges.add({ volser: 'KEEP01', mediaId: 'L6', retentionUntil: '2030-01-01' });
    expect(errorOf(() => cat.cartridges.guardRetention('KEEP01', 'write', { reason: '   ' })).message).toMatch(
      /^retention override: reason must not be empty/,
    );
    const check = cat.cartridges.guardRetention('KEEP01', 'write', { reason: 'server decommissioned, ticket 4711' });
    expect(check.blocked).toBe(true);
    expect(check.message).toMatch(/overridden: server decommissioned/);
    expect(cat.history('KEEP01').retentionOverrides).toEqual([
      expect.objectContaining({ action: 'write', reason: 'server decommissioned, ticket 4711', volser: 'KEEP01' }),
    ]);
    cat.close();
  });

  it('guards retirement: refused under retention, done with an override, recorded in one go', async () => {
    const cat = await fresh();
    cat.cartridges.add({ volser: 'KEEP01', mediaId: 'L6', retentionUntil: '2030-01-01' });
    expect(errorOf(() => cat.cartridges.retire('KEEP01', 'damaged')).code).toBe('CHECK_BLOCKED');
    expect(cat.cartridges.require('KEEP01').status).toBe('blank');
    const r = cat.cartridges.retire('KEEP01', 'damaged', { reason: 'tape snapped' });
    expect(r).toMatchObject({ status: 'retired', retiredReason: 'damaged', retiredAt: new Date('2026-06-15T12:00:00').toISOString() });
    expect(cat.cartridges.overrides('KEEP01')).toHaveLength(1);
    expect(errorOf(() => cat.cartridges.retire('KEEP01', 'again')).message).toMatch(/already retired/);
    cat.close();
  });
});
