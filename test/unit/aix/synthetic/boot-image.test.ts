import { describe, expect, it } from 'vitest';
import { BOOT_COPYRIGHT, buildBootImage } from '../../../../electron/services/aix/synthetic/boot-image.ts';

describe('synthetic boot image', () => {
  it('is N×512 bytes with the IPL record magic (big-endian) and the config record', () => {
    const image = buildBootImage({ blocks: 64, seed: 1 });
    expect(image.length).toBe(64 * 512);
    expect([...image.subarray(0, 4)]).toEqual([0xc9, 0xc2, 0xd4, 0xc1]);
    expect(image.readUInt32BE(512)).toBe(0xf8e9dacb);
    expect(image.subarray(520, 520 + BOOT_COPYRIGHT.length).toString('latin1')).toBe(BOOT_COPYRIGHT);
    // the boot code area is filled, its tail zero like bosboot's dd conv=sync padding
    expect(image.subarray(1024, 2048).some((b) => b !== 0)).toBe(true);
    expect(image.subarray(image.length - 16).every((b) => b === 0)).toBe(true);
  });

  it('is the same for the same seed and differs for another', () => {
    expect(buildBootImage({ blocks: 16, seed: 5 }).equals(buildBootImage({ blocks: 16, seed: 5 }))).toBe(true);
    expect(buildBootImage({ blocks: 16, seed: 5 }).equals(buildBootImage({ blocks: 16, seed: 6 }))).toBe(false);
  });

  it('can leave the IPL magic out (fault for the readers) and refuses fewer than 2 blocks', () => {
    const image = buildBootImage({ blocks: 2, seed: 1, omitIplMagic: true });
    expect(image.readUInt32BE(0)).toBe(0);
    expect(image.readUInt32BE(512)).toBe(0xf8e9dacb);
    expect(() => buildBootImage({ blocks: 1, seed: 1 })).toThrow(/at least 2 blocks/);
  });
});
