/** renderLabel: the cartridge label and restore card as PDF (saved) and PNG (previewed). */
import { readFile } from 'node:fs/promises';
import type { ApiHandlers } from '../../../shared/api.ts';
import { SysbError } from '../../../shared/errors.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { restoreCardFor } from '../labels/restore-card.ts';
import { writeLabelFiles } from '../labels/write-labels.ts';

/** Builds the label handler; files go to `labelsDir`. */
export function labelHandlers(catalog: Catalog, labelsDir: string): Pick<ApiHandlers, 'renderLabel'> {
  return {
    renderLabel: async ({ volser }) => {
      const card = restoreCardFor(catalog, volser);
      const files = await writeLabelFiles(card, labelsDir, ['pdf', 'png']);
      if (!files.pdf || !files.png) throw new SysbError('INTERNAL', 'the label files were not written');
      return { volser, pngDataUrl: `data:image/png;base64,${(await readFile(files.png)).toString('base64')}`, pdfPath: files.pdf };
    },
  };
}
