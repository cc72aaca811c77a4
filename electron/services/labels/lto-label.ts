/** LTO cartridge barcode labels: the text (VOLSER + media id, Code 39) and the physical label size. */
import { SysbError } from '../../../shared/errors.ts';
import { MEDIA_IDS, type MediaId } from '../catalog/model.ts';

/** Physical size of an LTO cartridge barcode label, in millimetres (IBM/LTO label spec). */
export const LTO_LABEL_MM = { width: 78.2, height: 16.9 } as const;

/** Width of one Code 39 narrow element on the printed label, in millimetres (wide = 3 narrow). */
export const MODULE_MM = 0.33;

/** Height of the bars on the printed label, in millimetres; the rest of the label carries the text. */
export const BAR_HEIGHT_MM = 10;

/** The barcode text of a cartridge, e.g. ABC123L6; throws INVALID_INPUT for a bad VOLSER or media id. */
export function labelText(volser: string, mediaId: string): string {
  const v = volser.trim().toUpperCase();
  const m = mediaId.trim().toUpperCase();
  if (!/^[A-Z0-9]{6}$/.test(v))
    throw new SysbError('INVALID_INPUT', `label: volser '${volser}' must be exactly 6 characters of A–Z and 0–9`);
  if (!(MEDIA_IDS as readonly string[]).includes(m))
    throw new SysbError('INVALID_INPUT', `label: media id '${mediaId}' must be one of ${MEDIA_IDS.join(', ')}`);
  return `${v}${m as MediaId}`;
}

/** Millimetres to PDF points. */
export function mmToPt(mm: number): number {
  return (mm * 72) / 25.4;
}

/** Millimetres to pixels at a resolution. */
export function mmToPx(mm: number, dpi: number): number {
  return Math.round((mm * dpi) / 25.4);
}
