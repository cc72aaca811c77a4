/**
 * Electron's printer for label and card PDFs: the PDF file itself is shown by Chromium's PDF viewer in a
 * hidden window, and that window prints with the system print dialog (printer, copies, paper). The app
 * window is never what prints. Imported by main.ts only: tests never load Electron (the harness prints to
 * a folder through services/labels/pdf-printer.ts instead).
 */
import { BrowserWindow } from 'electron';
import type { PdfPrinter, PrintOutcome } from './services/labels/pdf-printer.ts';

/** Prints PDFs with the system dialog, over `parent` when there is one. */
export function electronPdfPrinter(parent: () => BrowserWindow | null): PdfPrinter {
  return {
    async print(pdfPath: string, title: string): Promise<PrintOutcome> {
      const owner = parent();
      const win = new BrowserWindow({
        show: false,
        title,
        ...(owner ? { parent: owner } : {}),
        webPreferences: {
          // Chromium's PDF viewer is a plugin: the one thing this window needs beyond the app window's settings.
          plugins: true,
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          nodeIntegrationInWorker: false,
          nodeIntegrationInSubFrames: false,
          webSecurity: true,
          allowRunningInsecureContent: false,
          experimentalFeatures: false,
          webviewTag: false,
          navigateOnDragDrop: false,
          spellcheck: false,
          disableBlinkFeatures: 'Auxclick',
        },
      });
      try {
        // Resolves when the viewer has loaded the file (Electron 32+ prints the PDF plugin's frame, not a blank page).
        await win.loadFile(pdfPath);
        return await new Promise<PrintOutcome>((resolve, reject) => {
          win.webContents.print({ silent: false, printBackground: false }, (success, failureReason) => {
            if (success) resolve({ outcome: 'printed', printedTo: 'the printer chosen in the print dialog' });
            else if (/cancel/i.test(failureReason)) resolve({ outcome: 'cancelled', printedTo: 'nowhere: the print dialog was cancelled' });
            else reject(new Error(`printing ${title} failed: ${failureReason}`));
          });
        });
      } finally {
        if (!win.isDestroyed()) win.destroy();
      }
    },
  };
}
