/**
 * image.data (+ bosinst.data) → the summary `lsmksysb -l` prints: volume group, backup date, source
 * uname, OS level, backup and shrink sizes, logical volumes and file systems (aix-formats.md §3, §5).
 */
import { fieldOf, parseStanzas, stanzasNamed } from './stanza.ts';

const MB = 1024 * 1024;

/** One logical volume (lv_data stanza). */
export interface LogicalVolumeInfo {
  name: string;
  type: string;
  lps: number;
  pps: number;
  mountPoint: string | null;
  state: string;
}

/** One file system (fs_data stanza); FS_SIZE and FS_MIN_SIZE are in 512-byte blocks. */
export interface FileSystemInfo {
  mountPoint: string;
  logicalVolume: string;
  sizeBytes: number;
  minSizeBytes: number | null;
}

/** What an image set's image.data and bosinst.data say about the backed-up system. */
export interface ImageDataSummary {
  volumeGroup: string | null;
  /** DATE_TIME as written by mkszfile, e.g. "Thu Jan 15 02:30:00 UTC 2026". */
  backupDate: string | null;
  unameInfo: string | null;
  /** Second field of UNAME_INFO. */
  hostname: string | null;
  osLevel: string | null;
  /** OSLEVEL_R, e.g. 7200-05. */
  maintenanceLevel: string | null;
  /** OSLEVEL_S, e.g. 7200-05-03-2148. */
  serviceLevel: string | null;
  ppSizeMb: number | null;
  /** Σ LPs × PP size of the volume group's logical volumes. */
  backupSizeMb: number;
  /** Σ FS_MIN_SIZE, what the image shrinks to. */
  shrinkSizeMb: number;
  logicalVolumes: LogicalVolumeInfo[];
  fileSystems: FileSystemInfo[];
  /** Σ file system sizes in bytes. */
  totalFsBytes: number;
  /** From bosinst.data target_disk_data (HDISKNAME, else LOCATION, else PVID). */
  targetDisks: string[];
  installMethod: string | null;
  /** Missing or odd content. */
  warnings: string[];
}

function int(text: string | undefined | null): number | null {
  if (text === undefined || text === null || !/^\s*\d+\s*$/.test(text)) return null;
  return Number(text);
}

function nonEmpty(text: string | null | undefined): string | null {
  return text === undefined || text === null || text.trim() === '' ? null : text.trim();
}

/** Builds the summary; never throws — what is missing is listed in warnings. */
export function summarizeImageData(imageDataText: string, bosinstText: string | null = null): ImageDataSummary {
  const img = parseStanzas(imageDataText);
  const warnings: string[] = [];
  if (stanzasNamed(img, 'image_data').length === 0) warnings.push('image.data has no image_data stanza');
  if (stanzasNamed(img, 'vg_data').length === 0) warnings.push('image.data has no vg_data stanza');
  const unameInfo = nonEmpty(fieldOf(img, 'image_data', 'UNAME_INFO'));
  const ppSizeMb = int(fieldOf(img, 'vg_data', 'PPSIZE'));
  const logicalVolumes: LogicalVolumeInfo[] = stanzasNamed(img, 'lv_data').map((s) => ({
    name: s.fields.get('LOGICAL_VOLUME') ?? '?',
    type: s.fields.get('TYPE') ?? '?',
    lps: int(s.fields.get('LPs')) ?? 0,
    pps: int(s.fields.get('PP')) ?? int(s.fields.get('LPs')) ?? 0,
    mountPoint: nonEmpty(s.fields.get('MOUNT_POINT')),
    state: s.fields.get('LV_STATE') ?? '',
  }));
  const fileSystems: FileSystemInfo[] = [];
  for (const s of stanzasNamed(img, 'fs_data')) {
    const size = int(s.fields.get('FS_SIZE'));
    const mount = nonEmpty(s.fields.get('FS_NAME'));
    if (mount === null || size === null) {
      warnings.push(`fs_data stanza at line ${s.line} lacks FS_NAME or a numeric FS_SIZE`);
      continue;
    }
    const min = int(s.fields.get('FS_MIN_SIZE'));
    fileSystems.push({
      mountPoint: mount,
      logicalVolume: (s.fields.get('FS_LV') ?? '').replace(/^\/dev\//, ''),
      sizeBytes: size * 512,
      minSizeBytes: min === null ? null : min * 512,
    });
  }
  if (fileSystems.length === 0) warnings.push('image.data lists no file systems (fs_data)');
  const backupSizeMb = ppSizeMb === null ? 0 : logicalVolumes.reduce((n, lv) => n + lv.lps * ppSizeMb, 0);
  const shrinkSizeMb = Math.ceil(fileSystems.reduce((n, fs) => n + (fs.minSizeBytes ?? fs.sizeBytes), 0) / MB);
  const bos = bosinstText === null ? null : parseStanzas(bosinstText);
  const targetDisks =
    bos === null
      ? []
      : stanzasNamed(bos, 'target_disk_data')
          .map((s) => nonEmpty(s.fields.get('HDISKNAME')) ?? nonEmpty(s.fields.get('LOCATION')) ?? nonEmpty(s.fields.get('PVID')) ?? '')
          .filter((d) => d !== '');
  return {
    volumeGroup: nonEmpty(fieldOf(img, 'vg_data', 'VGNAME')),
    backupDate: nonEmpty(fieldOf(img, 'image_data', 'DATE_TIME')),
    unameInfo,
    hostname: unameInfo === null ? null : (unameInfo.split(/\s+/)[1] ?? null),
    osLevel: nonEmpty(fieldOf(img, 'image_data', 'OSLEVEL')),
    maintenanceLevel: nonEmpty(fieldOf(img, 'image_data', 'OSLEVEL_R')),
    serviceLevel: nonEmpty(fieldOf(img, 'image_data', 'OSLEVEL_S')),
    ppSizeMb,
    backupSizeMb,
    shrinkSizeMb,
    logicalVolumes,
    fileSystems,
    totalFsBytes: fileSystems.reduce((n, fs) => n + fs.sizeBytes, 0),
    targetDisks,
    installMethod: bos === null ? null : nonEmpty(fieldOf(bos, 'control_flow', 'INSTALL_METHOD')),
    warnings,
  };
}

/** Renders the summary the way `lsmksysb -l` lays it out. */
export function formatImageDataSummary(s: ImageDataSummary): string {
  const row = (k: string, v: string | number | null): string => `${`${k}:`.padEnd(24)}${v ?? '-'}\n`;
  let out =
    row('VOLUME GROUP', s.volumeGroup) +
    row('BACKUP DATE/TIME', s.backupDate) +
    row('UNAME INFO', s.unameInfo) +
    row('BACKUP OSLEVEL', s.serviceLevel ?? s.osLevel) +
    row('MAINTENANCE LEVEL', s.maintenanceLevel) +
    row('BACKUP SIZE (MB)', s.backupSizeMb) +
    row('SHRINK SIZE (MB)', s.shrinkSizeMb);
  if (s.targetDisks.length > 0) out += row('TARGET DISKS', s.targetDisks.join(' '));
  if (s.logicalVolumes.length > 0) {
    out += `\n${s.volumeGroup ?? 'rootvg'}:\n${'LV NAME'.padEnd(16)}${'TYPE'.padEnd(10)}${'LPs'.padStart(5)}${'PPs'.padStart(6)}  ${'LV STATE'.padEnd(16)}MOUNT POINT\n`;
    for (const lv of s.logicalVolumes) {
      out += `${lv.name.padEnd(16)}${lv.type.padEnd(10)}${String(lv.lps).padStart(5)}${String(lv.pps).padStart(6)}  ${lv.state.padEnd(16)}${lv.mountPoint ?? 'N/A'}\n`;
    }
  }
  if (s.fileSystems.length > 0) {
    out += `\n${'FILE SYSTEM'.padEnd(20)}${'LV'.padEnd(12)}${'SIZE (MB)'.padStart(10)}${'MIN (MB)'.padStart(10)}\n`;
    for (const fs of s.fileSystems) {
      const min = fs.minSizeBytes === null ? '-' : String(Math.ceil(fs.minSizeBytes / MB));
      out += `${fs.mountPoint.padEnd(20)}${fs.logicalVolume.padEnd(12)}${String(Math.ceil(fs.sizeBytes / MB)).padStart(10)}${min.padStart(10)}\n`;
    }
    out += `${'TOTAL'.padEnd(32)}${String(Math.ceil(s.totalFsBytes / MB)).padStart(10)}\n`;
  }
  return out;
}
