/** The real-st-driver rig: tgtd tape LUNs + a QEMU guest running one scenario script; results come back as steps. */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type GuestRun, runGuest } from './qemu-guest.ts';
import { type TapeLunSpec, type TgtTarget, makeCartridge, startTgt } from './tgt-target.ts';

const execFileP = promisify(execFile);

/** Absolute path of test/rig (scenario scripts live in test/rig/scenarios). */
export const RIG_DIR = fileURLToPath(new URL('.', import.meta.url));
/** Absolute path of the repository root. */
export const REPO_DIR = resolve(RIG_DIR, '../..');

/** One cartridge of a rig run: LUN numbers start at 1; the guest sees them in order as tape_dev 0, 1, …. */
export interface CartridgeSpec {
  sizeMiB: number;
  barcode: string;
}

/** One step a guest script recorded with guest-lib.sh `step`: exit code and output. */
export interface StepResult {
  rc: number;
  out: string;
  err: string;
}

/** The outcome of a rig run; dir must be removed with cleanup(). */
export interface RigRun {
  dir: string;
  outDir: string;
  guest: GuestRun;
  steps: Map<string, StepResult>;
  /** `tgtimg --op show` of each cartridge after the guest powered off, by LUN. */
  cartridges: Map<number, string>;
  /** `tgtimg --op show` of each library cartridge after the run, by barcode. */
  libraryShow: Map<string, string>;
  tgtLog: string;
  cleanup(): Promise<void>;
}

/** Runs test/rig/prepare.sh (fetches the kernel .deb once, builds the initramfs) and returns the cache dir. */
export async function prepareRig(): Promise<string> {
  const { stdout } = await execFileP('bash', [join(RIG_DIR, 'prepare.sh')], { timeout: 600_000, maxBuffer: 4 * 1024 * 1024 });
  const lines = stdout.trim().split('\n');
  const dir = lines[lines.length - 1];
  if (!dir) throw new Error('test/rig/prepare.sh printed no cache dir');
  return dir;
}

/** Reads every step the guest recorded under outDir/steps. */
export async function readSteps(outDir: string): Promise<Map<string, StepResult>> {
  const stepsDir = join(outDir, 'steps');
  const steps = new Map<string, StepResult>();
  const names = await readdir(stepsDir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.rc'))) {
    const base = name.slice(0, -3);
    const read = (ext: string): Promise<string> => readFile(join(stepsDir, base + ext), 'utf8').catch(() => '');
    steps.set(base, { rc: Number((await read('.rc')).trim()), out: await read('.out'), err: await read('.err') });
  }
  return steps;
}

/** Options of one rig run. */
export interface RigOptions {
  cacheDir: string;
  cartridges: CartridgeSpec[];
  /** Scenario script (absolute path) the guest runs with the scratch dir as $1 and `arg` as $2. */
  script: string;
  arg?: string;
  /** Called before boot with the scratch dir, to put images or inputs there. */
  setup?: (outDir: string) => Promise<void>;
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * A tape library: a changer LUN after the cartridges' LUNs (so the guest sees it at the next scsi id),
   * whose drive is the first cartridge's LUN (it starts empty), with these cartridges in its storage slots
   * (null = empty slot); their files live in the tapes dir, named by barcode, shown by `libraryShow`.
   */
  library?: { slots: (CartridgeSpec | null)[]; importExport: number };
}

/** Starts tgtd, boots the guest on the scenario, answers its tgt requests, stops everything, returns what it recorded. */
export async function runRig(opts: RigOptions): Promise<RigRun> {
  const dir = await mkdtemp(join(tmpdir(), 'sysbtape-rig-'));
  const outDir = join(dir, 'out');
  await mkdir(join(dir, 'tapes'), { recursive: true });
  await mkdir(join(outDir, 'steps'), { recursive: true });
  const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true });
  const luns: TapeLunSpec[] = opts.cartridges.map((c, i) => ({
    lun: i + 1,
    file: join(dir, 'tapes', `${c.barcode}.img`),
    sizeMiB: c.sizeMiB,
    barcode: c.barcode,
  }));
  const tgtLogFile = join(dir, 'tgtd.log');
  let target: TgtTarget | undefined;
  try {
    await opts.setup?.(outDir);
    const tapesDir = join(dir, 'tapes');
    const library = opts.library;
    for (const c of library?.slots ?? []) {
      if (c) await makeCartridge({ lun: 0, file: join(tapesDir, c.barcode), sizeMiB: c.sizeMiB, barcode: c.barcode });
    }
    const changer = library
      ? {
          lun: luns.length + 1,
          driveLun: 1,
          mediaHome: tapesDir,
          slots: library.slots.map((c) => c?.barcode ?? null),
          importExport: library.importExport,
        }
      : undefined;
    target = await startTgt({ logFile: tgtLogFile, luns, ...(changer ? { changer } : {}) });
    const t = target;
    const guest = await runGuest({
      cacheDir: opts.cacheDir,
      port: t.port,
      iqn: t.iqn,
      luns: [...luns.map((l) => l.lun), ...(changer ? [changer.lun] : [])],
      script: opts.script,
      outDir,
      arg: opts.arg,
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      onRequest: async (words) => {
        const [verb, lun, params] = words;
        switch (verb) {
          case 'tgt-update':
            if (!lun || !params) throw new Error('usage: tgt-update LUN PARAMS');
            await t.update(Number(lun), params);
            return '';
          case 'tgt-show':
            return t.show(Number(lun));
          default:
            throw new Error(`unknown host request '${words.join(' ')}'`);
        }
      },
    });
    const cartridges = new Map<number, string>();
    for (const l of luns) cartridges.set(l.lun, await t.show(l.lun));
    const libraryShow = new Map<string, string>();
    for (const c of library?.slots ?? []) {
      if (c)
        libraryShow.set(
          c.barcode,
          (await execFileP('tgtimg', ['--op', 'show', '--device-type', 'tape', '--file', join(tapesDir, c.barcode)])).stdout,
        );
    }
    await t.stop();
    target = undefined;
    return {
      dir,
      outDir,
      guest,
      steps: await readSteps(outDir),
      cartridges,
      libraryShow,
      tgtLog: await readFile(tgtLogFile, 'utf8').catch(() => ''),
      cleanup,
    };
  } catch (err) {
    await target?.stop();
    await cleanup();
    throw err;
  }
}
