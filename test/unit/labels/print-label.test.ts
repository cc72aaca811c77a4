// printLabel refuses a cartridge whose last verification failed, whoever calls it (the window only
// disables its buttons), and prints the PDF of a verified one.
import { describe, expect, it } from 'vitest';
import { labelHandlers } from '../../../electron/services/api/label-handlers.ts';
import type { PdfPrinter } from '../../../electron/services/labels/pdf-printer.ts';
import { useTempDirs } from '../catalog/temp-dir.ts';
import { catalogWithWrittenTape } from './written-tape.ts';

const tempDir = useTempDirs();

/** A printer that only remembers what it was given. */
function recordingPrinter(): PdfPrinter & { printed: string[] } {
  const printed: string[] = [];
  return { printed, print: async (pdfPath) => (printed.push(pdfPath), { outcome: 'printed', printedTo: 'a test' }) };
}

describe('printLabel', () => {
  it('prints the label of a verified cartridge', async () => {
    const dir = tempDir();
    const cat = await catalogWithWrittenTape(dir, 'pass');
    const printer = recordingPrinter();
    const r = await labelHandlers(cat, dir, printer).printLabel({ volser: 'ABC123', part: 'label' });
    expect(r).toMatchObject({ volser: 'ABC123', part: 'label', outcome: 'printed' });
    expect(printer.printed).toEqual([r.pdfPath]);
    cat.close();
  });

  it('refuses label and card of a cartridge whose last verification failed, printing nothing', async () => {
    const dir = tempDir();
    const cat = await catalogWithWrittenTape(dir, 'fail');
    const printer = recordingPrinter();
    for (const part of ['label', 'card'] as const) {
      await expect(labelHandlers(cat, dir, printer).printLabel({ volser: 'ABC123', part })).rejects.toMatchObject({
        code: 'TAPE_NOT_VERIFIED',
        message: expect.stringMatching(/ABC123 failed its last verification/),
      });
    }
    expect(printer.printed).toEqual([]);
    cat.close();
  });
});
