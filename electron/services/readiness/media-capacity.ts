/** Native (uncompressed) capacity of each LTO media id: what a mksysb must fit into, one cartridge only. */
import { MEDIA_IDS, type MediaId } from '../../../shared/model.ts';

const TB = 1e12;

/** Native capacity in bytes per media id (LTO-5 … LTO-9, LTO-7 Type M, and the WORM variants). */
export const NATIVE_CAPACITY: Record<MediaId, number> = {
  L5: 1.5 * TB,
  L6: 2.5 * TB,
  L7: 6 * TB,
  L8: 12 * TB,
  L9: 18 * TB,
  M8: 9 * TB,
  LV: 1.5 * TB,
  LW: 2.5 * TB,
  LX: 6 * TB,
  LY: 12 * TB,
  LZ: 18 * TB,
};

/**
 * Tests and the simulator cannot make a 1.5 TB rootvg, so they shrink the cartridges instead:
 * SYSBTAPE_TEST_CAPACITY_DIVISOR=1000000 makes an L5 hold 1.5 MB. Unset on a real workstation.
 */
function divisor(): number {
  const d = Number(process.env.SYSBTAPE_TEST_CAPACITY_DIVISOR ?? '1');
  return Number.isFinite(d) && d >= 1 ? d : 1;
}

/** Native capacity of a media id in bytes. */
export function nativeCapacity(mediaId: MediaId): number {
  return Math.floor(NATIVE_CAPACITY[mediaId] / divisor());
}

/** "1.5 TB" */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${bytes} bytes` : `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

/** Media ids whose native capacity is below `bytes`. */
export function mediaTooSmallFor(bytes: number): MediaId[] {
  return MEDIA_IDS.filter((m) => nativeCapacity(m) < bytes);
}
