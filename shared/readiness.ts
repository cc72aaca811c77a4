/**
 * Restore readiness: will a tape boot the server it was made for and restore what the operator thinks?
 * The vocabulary (codes, levels, the report's shape) that the CLI's --json, the catalog, the write
 * checks, the restore card and the renderer share.
 */

/** Every readiness check, in the order a report lists them. */
export const READINESS_CODES = [
  'FS_NOT_MOUNTED',
  'RAW_LV_NOT_SAVED',
  'OTHER_VGS',
  'HOT_BACKUP',
  'RECOVER_DEVICES',
  'DEVICE_SETTINGS',
  'LEVEL_MISMATCH',
  'HOST_MISMATCH',
  'FS_MISSING',
  'KERNEL',
  'BOOT_IMAGE_SIZE',
  'EXCLUDED',
  'TOO_BIG_FOR_MEDIA',
] as const;
/** One readiness check code. */
export type ReadinessCode = (typeof READINESS_CODES)[number];

/** Levels, mildest first; only `error` makes an image set not ready. */
export const READINESS_LEVELS = ['ok', 'info', 'warning', 'error'] as const;
/** Level of one finding. */
export type ReadinessLevel = (typeof READINESS_LEVELS)[number];

/** One finding: what was checked, what it means, and what to do. */
export interface ReadinessFinding {
  code: ReadinessCode;
  level: ReadinessLevel;
  title: string;
  /** Names the objects concerned (mount points, LVs, volume groups, processes, levels). */
  detail: string;
  /** What the operator can do; empty when nothing needs doing. */
  fix: string;
}

/** The report `sysbtape readiness --json` prints: ready means no finding is an error. */
export interface ReadinessReport {
  ready: boolean;
  findings: ReadinessFinding[];
}

/** Counts of a report for list views. */
export interface ReadinessSummary {
  ready: boolean;
  errors: number;
  warnings: number;
}

/** The write-check code a write needs confirmed when the image set's report has warnings. */
export const READINESS_WARNINGS = 'READINESS_WARNINGS';

/** Summary of a report. */
export function summarizeReadiness(r: ReadinessReport): ReadinessSummary {
  return {
    ready: r.ready,
    errors: r.findings.filter((f) => f.level === 'error').length,
    warnings: r.findings.filter((f) => f.level === 'warning').length,
  };
}

/** Builds a report from findings (ready = no error). */
export function readinessReport(findings: ReadinessFinding[]): ReadinessReport {
  return { ready: findings.every((f) => f.level !== 'error'), findings };
}

/** A directory of record 4 with the bytes of everything under it (like `du`). */
export interface DirectorySize {
  /** e.g. /opt/freeware */
  path: string;
  bytes: number;
}

/** The size facts TOO_BIG_FOR_MEDIA needs, kept with the report so a write can re-check for its cartridge. */
export interface MediaFitInput {
  /** Bytes of records 1, 2, 3 and 4 on tape. */
  tapeBytes: number;
  largestDirectories: DirectorySize[];
  /** The server's name in SysbTape, for the `sysbtape server exclude NAME` fix. */
  server?: string;
}

/** The readiness of an image set as kept in its manifest and the catalog. */
export interface StoredReadiness {
  assessedAt: string;
  report: ReadinessReport;
  mediaFit: MediaFitInput;
}
