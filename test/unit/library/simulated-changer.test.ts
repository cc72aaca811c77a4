/**
 * The simulated library (demo and tests): a folder whose cartridges are .tap files that follow the robot;
 * the same refusals as a real changer (slot empty, drive full, door open, not responding).
 */
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadVolser, unloadDrive } from '../../../electron/services/library/library-ops.ts';
import { createSimulatedLibrary, SimulatedChanger, simulatedDriveTarget } from '../../../electron/services/library/simulated-changer.ts';
import { usesLibrary } from '../../../electron/services/library/job-cartridge.ts';
import { withChanger } from '../../../electron/services/library/open-changer.ts';
import { lockTapeFile } from '../../../electron/services/tape/tape-file-lock.ts';
import { useTempDirs } from '../catalog/temp-dir.ts';

const tempDir = useTempDirs();

function library(): { dir: string; changer: SimulatedChanger } {
  const dir = path.join(tempDir(), 'lib');
  createSimulatedLibrary(dir, { slots: ['AAA001L8', 'BBB002L7', null], importExport: 1, moveMillis: 0 });
  return { dir, changer: SimulatedChanger.open(dir) };
}

function fault(dir: string, change: object): void {
  const file = path.join(dir, 'library.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), ...change }));
}

describe('simulated library', () => {
  it('inventories slots, the mail slot and the drive with their labels', async () => {
    const { changer, dir } = library();
    const inv = await changer.inventory();
    expect(inv.device).toBe(`sim:${dir}`);
    expect(inv.slots.map((s) => [s.number, s.address, s.full, s.barcode])).toEqual([
      [1, 1000, true, 'AAA001L8'],
      [2, 1001, true, 'BBB002L7'],
      [3, 1002, false, undefined],
    ]);
    expect(inv.drives.map((d) => [d.number, d.full])).toEqual([[1, false]]);
    expect(inv.importExport.map((e) => [e.number, e.full, e.accessible])).toEqual([[1, false, true]]);
    expect(() => createSimulatedLibrary(dir, { slots: [null] })).toThrow(/already holds a simulated library/);
  });

  it("the cartridge's tape file follows it into the drive and back; the empty drive has no tape to write", async () => {
    const { changer, dir } = library();
    const target = simulatedDriveTarget(dir);
    expect(existsSync(path.dirname(target))).toBe(false);
    await loadVolser(changer, 'AAA001', {});
    expect(existsSync(path.dirname(target))).toBe(true);
    writeFileSync(target, 'AAA001 tape');
    expect((await changer.inventory()).drives[0]).toMatchObject({ full: true, barcode: 'AAA001L8', sourceAddress: 1000 });
    await unloadDrive(changer, {});
    expect(readFileSync(path.join(dir, 'cartridges', 'AAA001L8.tap'), 'utf8')).toBe('AAA001 tape');
    expect(existsSync(path.dirname(target))).toBe(false);
    expect((await changer.inventory()).slots[0]).toMatchObject({ full: true, barcode: 'AAA001L8' });
    await loadVolser(changer, 'AAA001', {});
    expect(readFileSync(target, 'utf8')).toBe('AAA001 tape');
    await unloadDrive(changer, {}, { toExport: true });
    expect((await changer.inventory()).importExport[0]).toMatchObject({ full: true, barcode: 'AAA001L8' });
  });

  it('refuses as a real library does: slot empty, drive full, door open, not responding', async () => {
    const { changer, dir } = library();
    await expect(changer.load(1002, 1)).rejects.toThrow(/slot 3 \(address 1002\) is empty; nothing to move/);
    await changer.load(1000, 1);
    await expect(changer.load(1001, 1)).rejects.toThrow(/drive 1 \(address 1\) is already full \(holds AAA001L8\)/);
    await expect(loadVolser(changer, 'BBB002', {})).rejects.toThrow(/already holds cartridge AAA001L8, not BBB002/);
    fault(dir, { doorOpen: true });
    await expect(changer.unload(1)).rejects.toMatchObject({ problem: 'DOOR_OPEN' });
    expect((await changer.inventory()).importExport[0]!.accessible).toBe(false);
    fault(dir, { doorOpen: false, notResponding: true });
    await expect(changer.inventory()).rejects.toMatchObject({
      problem: 'NOT_RESPONDING',
      message: expect.stringMatching(/is not responding/),
    });
    await expect(withChanger(`sim:${dir}`, undefined, (c) => c.inventory())).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(withChanger(`sim:${path.join(dir, 'nope')}`, undefined, (c) => c.inventory())).rejects.toThrow(
      /no simulated library in .*nope/,
    );
  });

  it('moves one at a time: a second robot (another process or changer) waits, then sees the first move done', async () => {
    const dir = path.join(tempDir(), 'lib');
    createSimulatedLibrary(dir, { slots: ['AAA001L8', 'BBB002L7', null], moveMillis: 200 });
    // Two opens of the library, as two processes have: the move lock is an flock, held per open file.
    const [a, b] = [SimulatedChanger.open(dir), SimulatedChanger.open(dir)];
    const results = await Promise.allSettled([a.load(1000, 1), b.load(1001, 1)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ problem: 'DESTINATION_FULL' });
    // Nothing lost: one cartridge in the drive, the other still in its slot.
    const inv = await a.inventory();
    const where = [...inv.drives, ...inv.slots].filter((e) => e.full).map((e) => e.barcode);
    expect(where.sort()).toEqual(['AAA001L8', 'BBB002L7']);
  });

  it('will not take a cartridge out of a drive whose tape a write, verify or identify has open', async () => {
    const { changer, dir } = library();
    await changer.load(1000, 1);
    const target = simulatedDriveTarget(dir);
    writeFileSync(target, 'AAA001 tape');
    const fd = openSync(target, 'r');
    try {
      lockTapeFile(fd, target, 'shared'); // as a verify holds it
      await expect(changer.unload(1)).rejects.toMatchObject({
        problem: 'MEDIUM_REMOVAL_PREVENTED',
        message: expect.stringMatching(/drive 1 .* is in use .* cannot take AAA001L8/),
      });
      expect(readFileSync(target, 'utf8')).toBe('AAA001 tape');
    } finally {
      closeSync(fd);
    }
    await changer.unload(1);
    expect((await changer.inventory()).slots[0]).toMatchObject({ full: true, barcode: 'AAA001L8' });
  });

  it("a job uses the library from the settings only on its drive: the simulated drive file, or the settings' real drive", () => {
    const sim = { changer: 'sim:/srv/lib', afterVerify: 'slot' as const };
    expect(usesLibrary({ changer: undefined, pick: false, tape: '/srv/lib/drive-1/tape.tap' }, {}, sim)).toBe(true);
    expect(usesLibrary({ changer: undefined, pick: false, tape: '/srv/tapes/a.tap' }, {}, sim)).toBe(false);
    const real = { changer: '/dev/sg3', tape: '/dev/nst0', afterVerify: 'slot' as const };
    expect(usesLibrary({ changer: undefined, pick: false, tape: '/dev/nst0' }, {}, real)).toBe(true);
    expect(usesLibrary({ changer: undefined, pick: false, tape: '/dev/nst1' }, {}, real)).toBe(false);
    expect(usesLibrary({ changer: undefined, pick: false, tape: '/dev/nst0' }, {}, undefined)).toBe(false);
  });
});
