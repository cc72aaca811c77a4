import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { BARCODE_TAG } from '../../../electron/services/labels/restore-card-pdf.ts';
import { restoreCardFor } from '../../../electron/services/labels/restore-card.ts';
import { writeLabelFiles } from '../../../electron/services/labels/write-labels.ts';
import { fitCaveatLines } from '../../../electron/services/labels/restore-card-png.ts';
import { useTempDirs } from '../catalog/temp-dir.ts';
import { catalogWithWrittenTape } from './written-tape.ts';
import { fakeSha } from '../catalog/schema-fixtures.ts';
import { decodeAllRows, decodeCode39, pngRows } from './code39-reader.ts';
import { firstPageContent, markedRects, runsFromRects, shownText } from './pdf-content.ts';

const tempDir = useTempDirs();
const MM = 72 / 25.4;

describe('restore card', () => {
  it('gathers the server, OS level, dates, block sizes and record hashes from the catalog', async () => {
    const cat = await catalogWithWrittenTape(tempDir());
    const card = restoreCardFor(cat, 'abc123', new Date('2026-06-01T00:00:00Z'));
    expect(card).toMatchObject({
      barcode: 'ABC123L6',
      serverName: 'aix-prod-1',
      host: 'aix1.example',
      osLevel: '7300-02-01-2346',
      capturedAt: '2026-05-01T10:00:00Z',
      writtenAt: '2026-05-02T08:00:00Z',
      tapeblksz: 262144,
      mksysbOptions: ['-i', '-e', '-p'],
      lastVerification: { verdict: 'pass', at: '2026-05-02T09:00:00Z', mksysbMemberCount: 5120 },
    });
    expect(card.records.map((r) => [r.index, r.content, r.blockSize])).toEqual([
      [1, 'boot image', 512],
      [2, 'mkinsttape image', 512],
      [3, 'dummy TOC', 512],
      [4, 'mksysb (rootvg backup)', 262144],
    ]);
    cat.close();
  });

  it('prints a one-page PDF whose vector bars decode to the barcode, on a label of LTO size, with the card text', async () => {
    const dir = tempDir();
    const cat = await catalogWithWrittenTape(dir);
    const files = await writeLabelFiles(restoreCardFor(cat, 'ABC123'), path.join(dir, 'labels'), ['pdf']);
    cat.close();
    expect(files.pdf).toBe(path.join(dir, 'labels', 'ABC123L6.pdf'));
    const { pages, content, width, height } = await firstPageContent(fs.readFileSync(files.pdf!));
    expect(pages).toBe(1);
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);

    const bars = markedRects(content, BARCODE_TAG);
    expect(bars.length).toBe(50);
    expect(new Set(bars.map((b) => b.y)).size).toBe(1);
    expect(bars[0]!.h / MM).toBeCloseTo(10, 1);
    expect(decodeCode39(runsFromRects(bars))).toBe('ABC123L6');
    // The dashed cut line around the label is 78.2 mm x 16.9 mm, and the bars sit inside it.
    const cut = /\[3 2\] 0 d\n1 0 0 1 ([\d.]+) ([\d.]+) cm[\s\S]*?0 ([\d.]+) l\n([\d.]+) [\d.]+ l/.exec(content);
    expect(cut).not.toBeNull();
    const [x0, y0, h, w] = [Number(cut![1]), Number(cut![2]), Number(cut![3]), Number(cut![4])];
    expect(w / MM).toBeCloseTo(78.2, 1);
    expect(h / MM).toBeCloseTo(16.9, 1);
    for (const b of bars) {
      expect(b.x).toBeGreaterThan(x0);
      expect(b.x + b.w).toBeLessThan(x0 + w);
      expect(b.y).toBeGreaterThan(y0);
      expect(b.y + b.h).toBeLessThan(y0 + h);
    }

    const text = shownText(content).join('\n');
    expect(text).toContain('Restore card  ABC123L6');
    expect(text).toContain('aix-prod-1 (aix1.example)');
    expect(text).toContain('7300-02-01-2346');
    expect(text).toContain('262144 bytes (record 4 block size)');
    expect(text).toContain('PASS at 2026-05-02T09:00:00Z, 5120 files in the mksysb');
    for (let n = 1; n <= 4; n++) {
      const sha = fakeSha(0xabc0 + n);
      expect(text).toContain(sha.slice(0, 32));
      expect(text).toContain(sha.slice(32));
    }
    expect(text).toContain('bootlist -m normal rmt0');
    // Everything fits on the page: every text line starts inside it, above the bottom edge.
    const origins = [...content.matchAll(/1 0 0 1 ([\d.-]+) ([\d.-]+) Tm/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    expect(origins.length).toBeGreaterThan(30);
    for (const [x, y] of origins) {
      expect(x).toBeGreaterThanOrEqual(30);
      expect(x).toBeLessThan(width - 60);
      expect(y).toBeGreaterThan(20);
    }
  });

  it('renders a PNG card whose barcode rows decode to the barcode, and a bare barcode PNG', async () => {
    const dir = tempDir();
    const cat = await catalogWithWrittenTape(dir);
    const files = await writeLabelFiles(restoreCardFor(cat, 'ABC123'), dir, ['png']);
    cat.close();
    const card = fs.readFileSync(files.png!);
    const img = pngRows(card);
    expect([img.width, img.height]).toEqual([1654, 2339]);
    const found = decodeAllRows(card);
    expect([...found.keys()]).toEqual(['ABC123L6']);
    // The bars stand about 10 mm tall at 200 dpi.
    expect(found.get('ABC123L6')!.length).toBeGreaterThan(70);
    // Card text is drawn below the label.
    const inkRows = Array.from({ length: img.height }, (_, y) => y).filter((y) => y > 400 && img.row(y).some(Boolean));
    expect(inkRows.length).toBeGreaterThan(300);
    expect([...decodeAllRows(fs.readFileSync(files.barcodePng!)).keys()]).toEqual(['ABC123L6']);
  });

  it('prints a label for a blank cartridge, saying no write is recorded', async () => {
    const dir = tempDir();
    const cat = await openCatalog(path.join(dir, 'catalog.db'), { autoBackup: false });
    cat.cartridges.add({ volser: 'NEW001', mediaId: 'M8' });
    const files = await writeLabelFiles(restoreCardFor(cat, 'NEW001'), dir);
    cat.close();
    const { content } = await firstPageContent(fs.readFileSync(files.pdf!));
    expect(decodeCode39(runsFromRects(markedRects(content, BARCODE_TAG)))).toBe('NEW001M8');
    expect(shownText(content).join('\n')).toContain('No successful write recorded for this cartridge.');
    expect([...decodeAllRows(fs.readFileSync(files.png!)).keys()]).toEqual(['NEW001M8']);
  });

  it('writes the spine label and the restore card as separate PDFs, to print apart (issue 22 item 4)', async () => {
    const dir = tempDir();
    const cat = await catalogWithWrittenTape(dir);
    const card = restoreCardFor(cat, 'ABC123');
    cat.close();
    const labelFiles = await writeLabelFiles(card, path.join(dir, 'out'), ['pdf', 'png'], 'label');
    expect(labelFiles).toEqual({
      labelPdf: path.join(dir, 'out', 'ABC123L6-label.pdf'),
      barcodePng: path.join(dir, 'out', 'ABC123L6-barcode.png'),
    });
    const label = await firstPageContent(fs.readFileSync(labelFiles.labelPdf!));
    expect(label.pages).toBe(1);
    expect(decodeCode39(runsFromRects(markedRects(label.content, BARCODE_TAG)))).toBe('ABC123L6');
    // The label sheet holds the label and its cut-line note only: no card text.
    expect(shownText(label.content).join('\n')).not.toMatch(/Restore card|Vault A|aix-prod-1/);

    const cardFiles = await writeLabelFiles(card, path.join(dir, 'out'), ['pdf', 'png'], 'card');
    expect(cardFiles).toEqual({ cardPdf: path.join(dir, 'out', 'ABC123L6-card.pdf'), cardPng: path.join(dir, 'out', 'ABC123L6-card.png') });
    const cardPdf = await firstPageContent(fs.readFileSync(cardFiles.cardPdf!));
    expect(markedRects(cardPdf.content, BARCODE_TAG)).toEqual([]);
    const text = shownText(cardPdf.content).join('\n');
    expect(text).toContain('Restore card  ABC123L6');
    expect(text).toContain('Vault A; keep until 2027-05-01');
    expect(text).not.toContain('cut along the dashed line');
    // The card PNG has no barcode rows to decode.
    expect([...decodeAllRows(fs.readFileSync(cardFiles.cardPng!)).keys()]).not.toContain('ABC123L6');
  });
});

describe('the card PNG (the preview) with more caveats than fit on its one page', () => {
  const wrap = (t: string): string[] => t.match(/.{1,10}/g) ?? [];
  it('shows every caveat line when they fit', () => {
    expect(fitCaveatLines(['one', 'two'], wrap, 2)).toEqual(['- one', '- two']);
  });
  it('ends with a line saying how many caveats continue in the PDF, counting one cut in the middle', () => {
    // Caveat 1 takes two lines, caveats 2 and 3 one each; three lines of room: caveat 1 and the note.
    const lines = fitCaveatLines(['first long one', 'b', 'c'], wrap, 3);
    expect(lines).toEqual(['- first lo', 'ng one', '... 2 more caveats: see page 2 of the PDF']);
    expect(fitCaveatLines(['first long one', 'b', 'c'], wrap, 2)).toEqual(['- first lo', '... 3 more caveats: see page 2 of the PDF']);
    expect(fitCaveatLines(['a', 'b'], wrap, 1)).toEqual(['... 2 more caveats: see page 2 of the PDF']);
  });
});
