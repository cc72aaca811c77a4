/**
 * State of the simulated AIX host. Everything lives under one root directory (env SYSBTAPE_SIM_ROOT)
 * so the simulator needs no root and never touches the real /: `<root>/tapeblksz`,
 * `<root>/etc/exclude.rootvg`, and `<root>/sim.json` with sizes and fault switches.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostileFaults } from './commands/hostile-faults.ts';

/** Faults a test or demo can switch on (the hostile-server ones are in commands/hostile-faults.ts). */
export interface SimFaults extends HostileFaults {
  /** mksysb stops with a write error at this percentage of its files. */
  mksysbFailAtPercent?: number;
  /** The work directory's file system reports almost no free space, and writes there fail. */
  workdirFull?: boolean;
  /** No tape device support installed: lsdev -P -c tape lists nothing and bosboot fails. */
  noTapeSupport?: boolean;
  /** mkinsttape exits 0 but leaves an empty image (a known AIX failure). */
  emptyMkinsttape?: boolean;
  /** Extra delay per progress line, in milliseconds. */
  slowOutputMs?: number;
  /** /data on LV fslv00 (jfs2, closed/syncd) is not mounted: its files are not in the mksysb (FS_NOT_MOUNTED). */
  unmountedData?: boolean;
  /** rootvg holds a raw LV (oraraw01) that mksysb does not save (RAW_LV_NOT_SAVED). */
  rawLv?: boolean;
  /** datavg is varied on besides rootvg (OTHER_VGS). */
  datavgVariedOn?: boolean;
  /** An Oracle instance (ora_pmon_PROD …) runs during mksysb (HOT_BACKUP). */
  databaseRunning?: boolean;
  /** record 4's image.data carries this OS level instead of the host's (LEVEL_MISMATCH). */
  record4Oslevel?: string;
  /** record 4's image.data carries this host name in UNAME_INFO (HOST_MISMATCH). */
  record4Hostname?: string;
  /** These simulated commands answer like a missing command (exit 127), e.g. ['lsvg', 'ps']. */
  missingCommands?: string[];
  /** record 4's image.data leaves out this mounted file system's fs_data stanza (FS_MISSING). */
  imageDataOmitsFs?: string;
}

/** Simulator settings (all optional in sim.json). */
export interface SimConfig {
  hostname: string;
  oslevel: string;
  /** Approximate size of the mksysb image the host produces. */
  mksysbBytes: number;
  /** Size of the bosboot image. */
  bootImageBytes: number;
  /** How long mksysb takes, in milliseconds (spread over its progress lines). */
  mksysbMillis: number;
  /** Seed for the image contents: the same seed gives the same bytes. */
  seed: number;
  faults: SimFaults;
}

/** Defaults: a small, quick host. */
export const DEFAULT_SIM_CONFIG: SimConfig = {
  hostname: 'aixsim',
  oslevel: '7300-02-01-2346',
  mksysbBytes: 4 * 1024 * 1024,
  bootImageBytes: 256 * 1024,
  mksysbMillis: 500,
  seed: 1,
  faults: {},
};

/** The simulator root: where /tapeblksz and /etc/exclude.rootvg are. */
export function simRoot(): string {
  const root = process.env.SYSBTAPE_SIM_ROOT;
  if (!root) throw new Error('SYSBTAPE_SIM_ROOT is not set: the simulated AIX commands need a root directory');
  return root;
}

/** Maps an AIX absolute path (e.g. /tapeblksz) into the simulator root. */
export function simPath(aixPath: string): string {
  return join(simRoot(), aixPath);
}

/** Reads `<root>/sim.json` over the defaults. */
export function loadSimConfig(): SimConfig {
  let text: string;
  try {
    text = readFileSync(simPath('/sim.json'), 'utf8');
  } catch {
    return DEFAULT_SIM_CONFIG;
  }
  const parsed = JSON.parse(text) as Partial<SimConfig>;
  return { ...DEFAULT_SIM_CONFIG, ...parsed, faults: { ...DEFAULT_SIM_CONFIG.faults, ...parsed.faults } };
}
