/**
 * Printing a label or restore card means printing its PDF, never the app window. The main process owns
 * the printer: Electron's (electron/pdf-print.ts, a hidden window showing the PDF and the system print
 * dialog) or, in the browser harness, a print folder that receives the very file a printer would get.
 */
import { copyFile, mkdir, rename } from 'node:fs/promises';
import path from 'node:path';

/** How one print ended, in words for the operator. */
export interface PrintOutcome {
  /** printed: handed to the printer (or the print folder); cancelled: the operator closed the print dialog. */
  outcome: 'printed' | 'cancelled';
  /** Where it went ("the system print dialog", "the print folder /…/x.pdf"). */
  printedTo: string;
}

/** Prints a PDF file. */
export interface PdfPrinter {
  print(pdfPath: string, title: string): Promise<PrintOutcome>;
}

/**
 * The harness's printer: copies the PDF into a folder, byte for byte (as a print-to-file printer or a
 * spool directory would get it), so a test or an operator without Electron can check and print it.
 */
export class FolderPrinter implements PdfPrinter {
  readonly dir: string;
  #n = 0;

  constructor(dir: string) {
    this.dir = dir;
  }

  async print(pdfPath: string, _title: string): Promise<PrintOutcome> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    this.#n++;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const target = path.join(this.dir, `${stamp}-${String(this.#n).padStart(3, '0')}-${path.basename(pdfPath)}`);
    // Copy then rename, so whatever watches the folder never picks up half a file.
    await copyFile(pdfPath, `${target}.partial`);
    await rename(`${target}.partial`, target);
    return { outcome: 'printed', printedTo: `the print folder: ${target}` };
  }
}
