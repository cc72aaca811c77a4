import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { csvCell, exportCatalog } from '../../../electron/services/catalog/export.ts';
import { useTempDirs } from './temp-dir.ts';

const tempDir = useTempDirs();

describe('catalog export', () => {
  it('quotes CSV cells per RFC 4180 and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=1+1')).toBe(`'=1+1`);
    expect(csvCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
  });

  it('writes valid JSON for no rows and for many rows read in pages', async () => {
    const cat = await openCatalog(path.join(tempDir(), 'c.db'), { autoBackup: false });
    let text = '';
    expect(
      await exportCatalog(cat, 'cartridges', 'json', (s) => {
        text += s;
      }),
    ).toBe(0);
    expect(JSON.parse(text)).toEqual([]);
    cat.transaction(() => {
      for (let i = 0; i < 2500; i++) cat.cartridges.add({ volser: `P${String(i).padStart(5, '0')}`, mediaId: 'L6' });
    });
    text = '';
    expect(
      await exportCatalog(cat, 'cartridges', 'json', (s) => {
        text += s;
      }),
    ).toBe(2500);
    const rows = JSON.parse(text) as { volser: string }[];
    expect(rows.map((r) => r.volser)).toEqual(Array.from({ length: 2500 }, (_, i) => `P${String(i).padStart(5, '0')}`));
    let csv = '';
    expect(
      await exportCatalog(cat, 'cartridges', 'csv', (s) => {
        csv += s;
      }),
    ).toBe(2500);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(2501);
    cat.close();
  });
});
