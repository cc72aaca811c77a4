// A tape library on the REAL st + sg drivers (tgtd's media changer + tape LUN, QEMU/TCG guest):
// `sysbtape library` inventories by barcode as Debian's mtx reads the same changer, reconciles with the
// catalog, loads a cartridge by VOLSER into the drive, the write + verify land on that cartridge's file,
// and unload puts it back in its slot; a VOLSER not in the library, a full drive and an empty drive are refused.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeElementStatus } from '../../../electron/services/library/element-status.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { parseAppResult } from '../../rig/app-status.ts';
import { parseCartridge } from '../../rig/tgt-cartridge.ts';
import { type RigRun, type StepResult, RIG_DIR, prepareRig, runRig } from '../../rig/rig.ts';

let run: RigRun;

function step(name: string): StepResult {
  const result = run.steps.get(name);
  if (!result)
    throw new Error(`the guest never ran step '${name}'; guest log:\n${run.guest.guestLog}\n${run.guest.serialLog.slice(-3000)}`);
  return result;
}

function cliStep(name: string): { exit: number; out: string; err: string } {
  const s = step(name);
  const r = parseAppResult(s.out) as { exit?: number; out?: string; err?: string };
  if (r.exit === undefined) throw new Error(`step ${name} did not run the CLI: ${s.out}${s.err}`);
  return { exit: r.exit, out: r.out ?? '', err: r.err ?? '' };
}

/** "Storage Element 1:Full :VolumeTag=RIG301L6" lines of `mtx status`, as slot → label ('' when empty). */
function mtxSlots(text: string): Map<number, string> {
  const slots = new Map<number, string>();
  for (const m of text.matchAll(/^\s*Storage Element (\d+)(?: IMPORT\/EXPORT)?:(Full|Empty)(?: :VolumeTag=(\S+))?/gm)) {
    slots.set(Number(m[1]), m[2] === 'Full' ? (m[3] ?? '?') : '');
  }
  return slots;
}

interface InventoryJson {
  elements: { kind: string; number: number; full: boolean; barcode: string | null; state: string | null }[];
  unknown: { barcode: string }[];
  added: string[];
}

describe('rig: a tape library (tgt media changer) on the real sg and st drivers', () => {
  beforeAll(async () => {
    const cacheDir = await prepareRig();
    run = await runRig({
      cacheDir,
      // LUN 1 is the library's drive (it starts empty); the cartridges live in the slots.
      cartridges: [{ sizeMiB: 8, barcode: 'DRV000L6' }],
      library: { slots: [{ sizeMiB: 64, barcode: 'RIG301L6' }, null, { sizeMiB: 64, barcode: 'RIG302L6' }], importExport: 1 },
      script: join(RIG_DIR, 'scenarios/library.sh'),
      timeoutMs: 540_000,
      setup: async (outDir) => {
        const made = await runCli([
          'make-images',
          '--out',
          join(outDir, 'set'),
          '--mksysb-size',
          '2MiB',
          '--boot-blocks',
          '300',
          '--seed',
          '12',
        ]);
        if (made.code !== 0) throw new Error(`make-images failed: ${made.err}`);
      },
    });
    console.info(`rig library: guest ran ${(run.guest.durationMs / 1000).toFixed(1)} s (boot + scenario)`);
  }, 660_000);

  afterAll(async () => {
    await run?.cleanup();
  });

  it('boots, runs the scenario to the end and powers off', () => {
    expect(run.guest.timedOut, run.guest.serialLog.slice(-3000)).toBe(false);
    expect(run.guest.rc, `${run.guest.guestLog}\n${run.guest.serialLog.slice(-3000)}`).toBe(0);
  });

  it('finds the changer through sysfs from the drive and reads the same slots and labels as mtx', () => {
    const status = cliStep('lib-status');
    expect(status.exit, status.err).toBe(0);
    const s = JSON.parse(status.out) as { changer: string; found: string; slots: number; slotsFull: number; drivesFull: number };
    expect(s).toMatchObject({ found: 'sysfs', slots: 3, slotsFull: 2, drivesFull: 0 });
    expect(s.changer).toBe(readFileSync(join(run.outDir, 'changer-node'), 'utf8').trim());
    const mtx = mtxSlots(step('mtx-before').out);
    expect(step('mtx-before').rc, step('mtx-before').err).toBe(0);
    const inv = JSON.parse(cliStep('lib-inv-unknown').out) as InventoryJson;
    const ours = new Map(inv.elements.filter((e) => e.kind === 'slot').map((e) => [e.number, e.full ? (e.barcode ?? '?') : '']));
    expect(ours).toEqual(new Map([...mtx].filter(([n]) => n <= 3)));
    expect(ours).toEqual(
      new Map([
        [1, 'RIG301L6'],
        [2, ''],
        [3, 'RIG302L6'],
      ]),
    );
  });

  it('reports labels the catalog does not know (exit 1) and adds them as blank cartridges with --add-unknown', () => {
    const before = cliStep('lib-inv-unknown');
    expect(before.exit).toBe(1);
    expect((JSON.parse(before.out) as InventoryJson).unknown.map((u) => u.barcode)).toEqual(['RIG301L6', 'RIG302L6']);
    const added = cliStep('lib-inv-add');
    expect(added.exit, added.err).toBe(0);
    expect((JSON.parse(added.out) as InventoryJson).added).toEqual(['RIG301', 'RIG302']);
  });

  it('refuses a VOLSER not in the library and unloading an empty drive', () => {
    const missing = cliStep('lib-load-missing');
    expect(missing.exit).toBe(2);
    expect(missing.err).toMatch(/cartridge NOPE01 is not in the library/);
    const empty = cliStep('lib-unload-empty');
    expect(empty.exit).toBe(1);
    expect(empty.err).toMatch(/drive 1 \(address 500\) is empty; nothing to unload/);
  });

  it('loads RIG302 from slot 3 into the drive (mtx agrees), and refuses a second load into the full drive', () => {
    const load = cliStep('lib-load');
    expect(load.exit, load.err).toBe(0);
    expect(JSON.parse(load.out)).toMatchObject({ volser: 'RIG302', from: 'slot 3 (address 1002)', alreadyLoaded: false });
    expect(step('mtx-loaded').out).toMatch(/Data Transfer Element 0:Full \(Storage Element 3 Loaded\):VolumeTag = RIG302L6/);
    const full = cliStep('lib-load-full');
    expect(full.exit).toBe(1);
    expect(full.err).toMatch(/drive 1 \(address 500\) already holds cartridge RIG302L6, not RIG301/);
  });

  it("decodes tgt's raw READ ELEMENT STATUS bytes (read by sg_raw) to what mtx shows with the drive loaded", () => {
    for (const name of ['raw-slots', 'raw-drive']) expect(step(name).rc, step(name).err).toBe(0);
    const slots = decodeElementStatus(readFileSync(join(run.outDir, 'res-slots.bin')), { slot: 1000 }).elements;
    const mtx = mtxSlots(step('mtx-loaded').out);
    expect(new Map(slots.map((e) => [e.number, e.full ? (e.barcode ?? '?') : '']))).toEqual(new Map([...mtx].filter(([n]) => n <= 3)));
    const [drive] = decodeElementStatus(readFileSync(join(run.outDir, 'res-drive.bin')), { drive: 500 }).elements;
    expect(drive).toMatchObject({ kind: 'drive', number: 1, full: true, barcode: 'RIG302L6', sourceAddress: 1002 });
    expect(drive?.identifier).toMatch(/VIRTUAL-TAPE/);
    // SYSBTAPE_RIG_SAVE_RAW=DIR keeps the bytes (test/unit/library/fixtures holds a copy for the unit tests).
    const keep = process.env.SYSBTAPE_RIG_SAVE_RAW;
    if (keep) for (const f of ['res-slots.bin', 'res-drive.bin']) copyFileSync(join(run.outDir, f), join(keep, `tgt-${f}`));
  });

  it('writes and verifies the loaded cartridge: the four records land in RIG302L6, not in the other cartridges', () => {
    const write = cliStep('lib-write');
    expect(write.exit, write.err).toBe(0);
    const verify = cliStep('lib-verify');
    expect(verify.exit, verify.err).toBe(0);
    expect(JSON.parse(verify.out)).toMatchObject({ ok: true, problems: [] });
    const files = parseCartridge(run.libraryShow.get('RIG302L6') ?? '');
    expect(files.map((f) => f.endsWithFilemark)).toEqual([true, true, true, true]);
    expect(parseCartridge(run.libraryShow.get('RIG301L6') ?? '')).toEqual([]);
    expect(parseCartridge(run.cartridges.get(1) ?? '')).toEqual([]);
  });

  it('unloads the drive back to slot 3, as mtx and the inventory (after a rescan) then show', () => {
    const unload = cliStep('lib-unload');
    expect(unload.exit, unload.err).toBe(0);
    expect(JSON.parse(unload.out)).toMatchObject({ barcode: 'RIG302L6', to: 'slot 3 (address 1002)' });
    expect(mtxSlots(step('mtx-after').out).get(3)).toBe('RIG302L6');
    expect(step('mtx-after').out).toMatch(/Data Transfer Element 0:Empty/);
    const after = JSON.parse(cliStep('lib-inv-after').out) as InventoryJson;
    expect(after.elements.find((e) => e.kind === 'slot' && e.number === 3)).toMatchObject({ barcode: 'RIG302L6', state: 'verified' });
  });

  it('takes the changer from the settings file once it is set there (no --changer, no sysfs)', () => {
    const set = cliStep('lib-settings');
    expect(set.exit, set.err).toBe(0);
    const status = cliStep('lib-status-settings');
    expect(status.exit, status.err).toBe(0);
    expect(JSON.parse(status.out)).toMatchObject({
      found: 'settings',
      changer: readFileSync(join(run.outDir, 'changer-node'), 'utf8').trim(),
      slots: 3,
      slotsFull: 2,
      drivesFull: 0,
    });
  });
});
