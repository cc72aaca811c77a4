/**
 * Naming a cartridge from its cartridge memory (issue 17): SysbTape writes the VOLSER + media id (the
 * barcode label's text) into the host-writable BARCODE attribute (0x0806) on a cartridge's first write,
 * and reads it back here, without reading the tape's data.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { decodeDriveHealth } from '../tape/scsi/drive-health.ts';
import { isScsiTapeTarget, readTapeHealth } from '../tape/scsi/drive-status.ts';
import type { HealthReader } from './drive-health-checks.ts';

// The default reader is built here, not imported from drive-health-checks.ts, which imports this file.
const readHealthReport: HealthReader = async (target, commands) =>
  decodeDriveHealth(await readTapeHealth(target, commands ? { commands } : {}));

/** What the cartridge memory of the tape in a drive says. */
export interface MamIdentity {
  /** The BARCODE attribute as read. */
  barcode: string;
  /** The cataloged cartridge with exactly this barcode, or null. */
  volser: string | null;
}

/** The cataloged cartridge whose barcode (VOLSER + media id) is `barcode`, or null. */
export function cartridgeForBarcode(catalog: Catalog, barcode: string): string | null {
  const text = barcode.trim().toUpperCase();
  const cart = /^[A-Z0-9]{6}/.test(text) ? catalog.cartridges.get(text.slice(0, 6)) : undefined;
  return cart && cart.barcode.toUpperCase() === text ? cart.volser : null;
}

/**
 * Reads only the cartridge memory (READ ATTRIBUTE) of a /dev/nstN drive's tape. Undefined for a .tap (no
 * cartridge memory), a drive that refuses the command, or a cartridge whose BARCODE attribute is empty.
 */
export async function readMamIdentity(
  catalog: Catalog,
  target: string,
  read: HealthReader = readHealthReport,
): Promise<MamIdentity | undefined> {
  if (!isScsiTapeTarget(target)) return undefined;
  const report = await read(target, ['read-attribute']).catch(() => undefined);
  const barcode = report?.medium.mam.barcode;
  if (!barcode) return undefined;
  return { barcode, volser: cartridgeForBarcode(catalog, barcode) };
}
