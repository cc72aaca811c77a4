import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changerForDrive, resolveChanger } from '../../../electron/services/library/changer-discovery.ts';

/** A sysfs tree: nst0 at 2:0:0:0, a changer sg at LUN 1 of the same target, a second changer on another host. */
function fakeSys(changers: { sg: string; hctl: string }[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sysfs-'));
  const dev = (hctl: string, type: string): string => {
    const d = path.join(root, 'devices/pci0000:00/host', hctl);
    mkdirSync(d, { recursive: true });
    writeFileSync(path.join(d, 'type'), `${type}\n`);
    return d;
  };
  mkdirSync(path.join(root, 'class/scsi_tape/nst0'), { recursive: true });
  symlinkSync(dev('2:0:0:0', '1'), path.join(root, 'class/scsi_tape/nst0/device'));
  for (const c of [...changers, { sg: 'sg0', hctl: '2:0:0:0', type: '1' }]) {
    mkdirSync(path.join(root, 'class/scsi_generic', c.sg), { recursive: true });
    symlinkSync(dev(c.hctl, 'type' in c ? c.type : '8'), path.join(root, 'class/scsi_generic', c.sg, 'device'));
  }
  return root;
}

describe('finding the changer of a drive', () => {
  it("prefers a changer on the drive's own target, then the only one on its host", () => {
    const all = [
      { device: '/dev/sg3', hctl: '3:0:0:1' },
      { device: '/dev/sg1', hctl: '2:0:0:1' },
    ];
    expect(changerForDrive('2:0:0:0', all)?.device).toBe('/dev/sg1');
    expect(changerForDrive('2:0:4:0', all)?.device).toBe('/dev/sg1');
    expect(changerForDrive('2:0:4:0', [...all, { device: '/dev/sg5', hctl: '2:0:5:0' }])).toBeUndefined();
    expect(changerForDrive('4:0:0:0', all)).toBeUndefined();
  });

  it('reads sysfs: the flag and SYSBTAPE_CHANGER win, else the changer beside the drive, else a clear error', async () => {
    const sys = fakeSys([
      { sg: 'sg1', hctl: '2:0:0:1' },
      { sg: 'sg4', hctl: '5:0:0:0' },
    ]);
    expect(await resolveChanger('/dev/sg7', { SYSBTAPE_CHANGER: '/dev/sg8' }, '/dev/nst0', sys)).toEqual({
      device: '/dev/sg7',
      source: 'flag',
    });
    expect(await resolveChanger(undefined, { SYSBTAPE_CHANGER: '/dev/sg8' }, '/dev/nst0', sys)).toEqual({
      device: '/dev/sg8',
      source: 'env',
    });
    expect(await resolveChanger(undefined, {}, '/dev/nst0', sys)).toEqual({ device: '/dev/sg1', source: 'sysfs' });
    await expect(resolveChanger(undefined, {}, undefined, sys)).rejects.toThrow(/2 medium changers found; give it with --changer/);
    await expect(resolveChanger(undefined, {}, '/dev/nst0', fakeSys([]))).rejects.toThrow(
      /no single medium changer found beside \/dev\/nst0 \(0 changer/,
    );
  });

  it('the settings file comes after the flag and SYSBTAPE_CHANGER, before sysfs', async () => {
    const sys = fakeSys([{ sg: 'sg1', hctl: '2:0:0:1' }]);
    const settings = 'sim:/srv/lib';
    expect(await resolveChanger('/dev/sg7', { SYSBTAPE_CHANGER: '/dev/sg8' }, '/dev/nst0', sys, settings)).toEqual({
      device: '/dev/sg7',
      source: 'flag',
    });
    expect(await resolveChanger(undefined, { SYSBTAPE_CHANGER: '/dev/sg8' }, '/dev/nst0', sys, settings)).toEqual({
      device: '/dev/sg8',
      source: 'env',
    });
    expect(await resolveChanger(undefined, {}, '/dev/nst0', sys, settings)).toEqual({ device: 'sim:/srv/lib', source: 'settings' });
    expect(await resolveChanger(undefined, {}, '/dev/nst0', sys, undefined)).toEqual({ device: '/dev/sg1', source: 'sysfs' });
  });
});
