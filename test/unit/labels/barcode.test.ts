import { describe, expect, it } from 'vitest';
import { code39Elements, renderBarcodePng } from '../../../electron/services/labels/barcode.ts';
import { labelText } from '../../../electron/services/labels/lto-label.ts';
import { decodeCode39, pngRows, runsOf } from './code39-reader.ts';

describe('Code 39 barcode labels', () => {
  it('builds the label text from VOLSER and media id, and rejects bad ones naming them', () => {
    expect(labelText('abc123', 'l6')).toBe('ABC123L6');
    expect(labelText('ZZ9999', 'M8')).toBe('ZZ9999M8');
    expect(() => labelText('ABC12', 'L6')).toThrow(/volser 'ABC12' must be exactly 6/);
    expect(() => labelText('ABC123', 'L4')).toThrow(/media id 'L4' must be one of L5, L6/);
  });

  it('renders a PNG whose bars decode back to ABC123L6, with 10 mm bars and a 1:3 narrow:wide ratio', async () => {
    const png = await renderBarcodePng('ABC123L6', 300);
    const img = pngRows(png);
    // A row through the bars (upper third; the human-readable text sits below them).
    const row = img.row(Math.floor(img.height / 3));
    const runs = runsOf(row);
    expect(decodeCode39(runs)).toBe('ABC123L6');
    const narrow = Math.min(...runs);
    expect(Math.max(...runs)).toBe(3 * narrow);
    expect((narrow / 300) * 25.4).toBeCloseTo(0.33, 1);
    const firstBar = row.indexOf(true);
    const barRows = Array.from({ length: img.height }, (_, y) => img.row(y)[firstBar]).filter(Boolean).length;
    expect((barRows / 300) * 25.4).toBeGreaterThan(9.5);
    expect((barRows / 300) * 25.4).toBeLessThan(10.5);
    // The quiet zone on the left is at least ten narrow elements wide.
    expect(firstBar).toBeGreaterThanOrEqual(10 * narrow);
  });

  it('round-trips every VOLSER character and every media id', async () => {
    for (const text of ['ABCDEF', 'GHIJKL', 'MNOPQR', 'STUVWX', 'YZ0123', '456789'].map((v, i) =>
      labelText(v, ['L5', 'L7', 'L8', 'L9', 'LV', 'LZ'][i]!),
    )) {
      const img = pngRows(await renderBarcodePng(text, 200));
      expect(decodeCode39(runsOf(img.row(Math.floor(img.height / 3))))).toBe(text);
    }
  });

  it('gives the same bars for vector drawing as bwip-js draws in the PNG', () => {
    expect(decodeCode39(code39Elements('ABC123L6'))).toBe('ABC123L6');
  });
});
