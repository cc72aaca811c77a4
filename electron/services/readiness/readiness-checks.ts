/**
 * The readiness checks (issue 16): from the server's facts at capture and the three images, what a
 * restore from this tape will and will not bring back. One finding per check code, always, so a report
 * shows what was checked as well as what was found; a missing fact gives "could not check" (info).
 */
import type { MediaId } from '../../../shared/model.ts';
import type { DirectorySize, MediaFitInput, ReadinessCode, ReadinessFinding, ReadinessLevel } from '../../../shared/readiness.ts';
import { fieldOf, stanzasNamed, type StanzaFile } from '../aix/stanza.ts';
import { type ImageFacts, stanzasOf } from './image-facts.ts';
import { formatBytes, mediaTooSmallFor, nativeCapacity } from './media-capacity.ts';
import type { ServerFacts } from './server-facts.ts';

/** Everything the checks look at. */
export interface ReadinessInput {
  /** null for an image set captured before facts were gathered (or fetched with --fetch-only). */
  facts: ServerFacts | null;
  image: ImageFacts;
  /** mksysb ran with -e. */
  exclude: boolean;
  /** The server's name in SysbTape (for fixes that name a command). */
  server?: string;
}

/** Boot images above this many 512-byte blocks (12 MiB) may not boot on older firmware. */
export const BOOT_IMAGE_MAX_BLOCKS = 24576;

/** Running processes that mean a database or application was writing during mksysb. */
const HOT_PROCESSES: { pattern: RegExp; what: string }[] = [
  { pattern: /^db2sysc\b/, what: 'DB2' },
  { pattern: /^(ora|asm)_pmon_\w+/, what: 'Oracle' },
  { pattern: /^(mysqld|mariadbd)\b/, what: 'MySQL/MariaDB' },
  { pattern: /^(postgres|postmaster)\b/, what: 'PostgreSQL' },
  { pattern: /^sapstart(srv)?\b/, what: 'SAP' },
  { pattern: /^oninit\b/, what: 'Informix' },
  { pattern: /^dataserver\b/, what: 'Sybase ASE' },
  { pattern: /^mongod\b/, what: 'MongoDB' },
  { pattern: /^(domino|server)\b.*lotus/i, what: 'Domino' },
  { pattern: /^(mqm|amqzxma0)\b/, what: 'IBM MQ' },
];
/** rootvg LV types that are not data: file systems, their logs, paging, boot and dump. */
const SYSTEM_LV_TYPES = new Set(['jfs', 'jfs2', 'jfslog', 'jfs2log', 'paging', 'boot', 'sysdump', 'dump']);
const FS_TYPES = new Set(['jfs', 'jfs2']);
/** Directories whose exclusion would leave an unbootable or broken system: never suggested. */
const SYSTEM_DIRS = /^\/(usr|etc|sbin|bin|lib|dev|var\/adm|var\/spool)?(\/|$)/;

const finding = (code: ReadinessCode, level: ReadinessLevel, title: string, detail: string, fix = ''): ReadinessFinding => ({
  code,
  level,
  title,
  detail,
  fix,
});
const notChecked = (code: ReadinessCode, title: string, what: string): ReadinessFinding =>
  finding(
    code,
    'info',
    `${title}: could not check`,
    `${what} was not available at capture, so this was not checked.`,
    'Capture again with SysbTape (it gathers these facts) or check by hand on the server.',
  );
const list = (xs: string[]) => xs.join(', ');

function baseName(args: string): string {
  const first = args.split(/\s+/)[0] ?? '';
  return first.slice(first.lastIndexOf('/') + 1) + args.slice(first.length);
}

function level(img: StanzaFile | null): string | null {
  if (!img) return null;
  return fieldOf(img, 'image_data', 'OSLEVEL_S')?.trim() || fieldOf(img, 'image_data', 'OSLEVEL')?.trim() || null;
}

function unameHost(img: StanzaFile | null): string | null {
  const u = img ? fieldOf(img, 'image_data', 'UNAME_INFO')?.trim() : null;
  return u ? (u.split(/\s+/)[1] ?? null) : null;
}

function fsNotMounted(f: ServerFacts | null): ReadinessFinding {
  const title = 'Unmounted file systems in rootvg';
  if (!f?.rootvgLvs) return notChecked('FS_NOT_MOUNTED', title, 'lsvg -l rootvg');
  const mounted = new Set((f.mounts ?? []).map((m) => m.mountPoint));
  const off = f.rootvgLvs.filter(
    (lv) => FS_TYPES.has(lv.type) && lv.mountPoint !== null && (f.mounts ? !mounted.has(lv.mountPoint) : lv.state.startsWith('closed')),
  );
  if (off.length === 0)
    return finding('FS_NOT_MOUNTED', 'ok', title, 'Every jfs/jfs2 file system of rootvg was mounted during the backup.');
  return finding(
    'FS_NOT_MOUNTED',
    'warning',
    title,
    `${off.map((lv) => `${lv.mountPoint} (LV ${lv.name}, ${lv.type}, ${lv.state})`).join('; ')} was not mounted: ` +
      'mksysb saves only mounted file systems, so its files are not on this tape.',
    `Mount it (${off.map((lv) => `mount ${lv.mountPoint}`).join('; ')}) and capture again, or back it up separately.`,
  );
}

function rawLvs(f: ServerFacts | null): ReadinessFinding {
  const title = 'Raw logical volumes in rootvg';
  if (!f?.rootvgLvs) return notChecked('RAW_LV_NOT_SAVED', title, 'lsvg -l rootvg');
  const raw = f.rootvgLvs.filter((lv) => !SYSTEM_LV_TYPES.has(lv.type));
  if (raw.length === 0) return finding('RAW_LV_NOT_SAVED', 'ok', title, 'rootvg holds only file systems, logs, paging, boot and dump LVs.');
  return finding(
    'RAW_LV_NOT_SAVED',
    'warning',
    title,
    `${raw.map((lv) => `${lv.name} (type ${lv.type}, ${lv.lps} LPs, ${lv.state})`).join('; ')}: ` +
      'raw data LVs are recreated empty on restore; their contents are not on this tape.',
    "Back up raw LVs with their owner's tools (e.g. the database's backup, or dd of the LV) and keep that backup with this tape.",
  );
}

function otherVgs(f: ServerFacts | null): ReadinessFinding {
  const title = 'Other volume groups';
  if (!f?.variedOnVgs) return notChecked('OTHER_VGS', title, 'lsvg -o');
  const others = f.variedOnVgs.filter((v) => v !== 'rootvg');
  if (others.length === 0) return finding('OTHER_VGS', 'ok', title, 'Only rootvg was varied on.');
  return finding(
    'OTHER_VGS',
    'warning',
    title,
    `${list(others)} ${others.length === 1 ? 'is' : 'are'} varied on: a mksysb holds rootvg only, ` +
      `so ${others.length === 1 ? 'it is' : 'they are'} not on this tape.`,
    `Back up ${list(others)} with savevg (or their applications' tools); after a restore, import them with importvg.`,
  );
}

function hotBackup(f: ServerFacts | null): ReadinessFinding {
  const title = 'Databases and applications running during the backup';
  if (!f?.processes) return notChecked('HOT_BACKUP', title, 'ps -e -o args');
  const hits: string[] = [];
  for (const p of f.processes) {
    const name = baseName(p);
    const hot = HOT_PROCESSES.find((h) => h.pattern.test(name));
    if (hot && !hits.includes(`${name.split(/\s+/)[0]} (${hot.what})`)) hits.push(`${name.split(/\s+/)[0]} (${hot.what})`);
  }
  if (hits.length === 0) return finding('HOT_BACKUP', 'ok', title, 'No known database or application process was running.');
  return finding(
    'HOT_BACKUP',
    'warning',
    title,
    `${list(hits)} ran while mksysb read the disks: their files are restored as they were at that moment, not consistent.`,
    'Back up these databases with their own tools (or stop them during the capture) and keep those backups with this tape.',
  );
}

function recoverDevices(img: ImageFacts): ReadinessFinding {
  const title = 'RECOVER_DEVICES in bosinst.data';
  const bos = stanzasOf(img.record2.bosinstData);
  if (!bos) return notChecked('RECOVER_DEVICES', title, "record 2's ./bosinst.data");
  const v = fieldOf(bos, 'control_flow', 'RECOVER_DEVICES')?.trim() || 'Default';
  const meaning = /^yes$/i.test(v)
    ? 'device configuration is recovered even on other hardware, where it may not match'
    : /^no$/i.test(v)
      ? 'devices are configured afresh with default attributes, even on this server'
      : 'device configuration is recovered only when restoring on the same machine; on other hardware devices get default attributes';
  return finding(
    'RECOVER_DEVICES',
    'info',
    title,
    `RECOVER_DEVICES = ${v} in record 2: ${meaning}.`,
    'On other hardware, check device names (hdisk, ent, rmt) and their attributes after the restore.',
  );
}

function deviceSettings(f: ServerFacts | null): ReadinessFinding {
  const paging = f?.pagingSpaces?.map((p) => `${p.name} ${p.size} on ${p.pv}`) ?? [];
  return finding(
    'DEVICE_SETTINGS',
    'info',
    'Device settings recreated at install',
    'Device attributes are recreated at install and may fall back to defaults: asynchronous I/O (aio0 / ioo aio_*), ' +
      'tape drive block size, network adapter and disk attributes (queue_depth, jumbo frames), and tunables.' +
      `${paging.length ? ` Paging spaces: ${list(paging)}.` : ''}`,
    'After a restore, check these settings (lsattr -El aio0, lsattr -El rmt0, ioo -a, lsps -a) and set them again where needed.',
  );
}

function levelMismatch(f: ServerFacts | null, img: ImageFacts): ReadinessFinding {
  const title = 'OS level agreement';
  const levels: [string, string | null][] = [
    ['server at capture (oslevel -s)', f?.oslevel ?? null],
    ["record 2's image.data", level(stanzasOf(img.record2.imageData))],
    ["record 4's image.data", level(stanzasOf(img.record4.imageData))],
  ];
  const known = levels.filter(([, v]) => v !== null) as [string, string][];
  const detail = levels.map(([w, v]) => `${w}: ${v ?? 'unknown'}`).join('; ');
  if (known.length < 2) {
    return finding(
      'LEVEL_MISMATCH',
      'info',
      `${title}: could not check`,
      `${detail}.`,
      'Inspect the images (sysbtape inspect) and the server (oslevel -s).',
    );
  }
  const distinct = new Set(known.map(([, v]) => v));
  if (distinct.size === 1) return finding('LEVEL_MISMATCH', 'ok', title, `${detail}.`);
  return finding(
    'LEVEL_MISMATCH',
    'error',
    title,
    `${detail}: the boot image and installer would not match the backup.`,
    'Capture all three images again in one run on the server (sysbtape capture); do not mix images from different captures or levels.',
  );
}

function hostMismatch(img: ImageFacts): ReadinessFinding {
  const title = 'Host name agreement';
  const h2 = unameHost(stanzasOf(img.record2.imageData));
  const h4 = unameHost(stanzasOf(img.record4.imageData));
  if (h2 === null || h4 === null) {
    return finding(
      'HOST_MISMATCH',
      'info',
      `${title}: could not check`,
      `UNAME_INFO host in record 2: ${h2 ?? 'unknown'}, record 4: ${h4 ?? 'unknown'}.`,
    );
  }
  if (h2 === h4) return finding('HOST_MISMATCH', 'ok', title, `Records 2 and 4 both come from ${h2}.`);
  return finding(
    'HOST_MISMATCH',
    'error',
    title,
    `Record 2 comes from ${h2} but record 4 from ${h4}: this tape mixes two servers.`,
    'Capture all three images again on one server.',
  );
}

function fsMissing(f: ServerFacts | null, img: ImageFacts): ReadinessFinding {
  const title = 'File systems in the backup';
  const image = stanzasOf(img.record4.imageData);
  if (!image) {
    return finding(
      'FS_MISSING',
      'error',
      title,
      'record 4 has no ./image.data: the installer cannot recreate the file systems.',
      'Capture again with mksysb -i.',
    );
  }
  const listed = stanzasNamed(image, 'fs_data')
    .map((s) => s.fields.get('FS_NAME')?.trim() ?? '')
    .filter(Boolean);
  const owner = (dir: string) =>
    listed.filter((m) => m === '/' || dir === m || dir.startsWith(`${m}/`)).sort((a, b) => b.length - a.length)[0];
  const withMembers = new Set(img.memberDirs.map(owner).filter((m): m is string => m !== undefined));
  const empty = listed.filter((m) => !withMembers.has(m));
  const problems: string[] = [];
  if (empty.length) problems.push(`listed in image.data but without members in record 4: ${list(empty)}`);
  if (f?.rootvgLvs) {
    const mounted = new Set((f.mounts ?? []).map((m) => m.mountPoint));
    const live = f.rootvgLvs.filter(
      (lv) => FS_TYPES.has(lv.type) && lv.mountPoint !== null && (f.mounts ? mounted.has(lv.mountPoint) : lv.state.startsWith('open')),
    );
    const unlisted = live.filter((lv) => !listed.includes(lv.mountPoint!));
    const names = unlisted.map((lv) => `${lv.mountPoint} (LV ${lv.name})`).join(', ');
    if (unlisted.length) problems.push(`mounted in rootvg but missing from image.data: ${names}`);
  }
  if (problems.length === 0)
    return finding('FS_MISSING', 'ok', title, `Every file system in image.data has files in record 4 (${list(listed)}).`);
  return finding(
    'FS_MISSING',
    'error',
    title,
    `${problems.join('; ')}. A restore would not bring these back.`,
    'Check /etc/exclude.rootvg and the mounts, then capture again (mksysb -i rebuilds image.data).',
  );
}

function kernel(f: ServerFacts | null, img: ImageFacts): ReadinessFinding {
  const title = 'Kernel and platform';
  const image = stanzasOf(img.record4.imageData);
  const imgKernel = image ? fieldOf(image, 'image_data', 'KERNEL_TYPE')?.trim() || null : null;
  const imgPlatform = image ? fieldOf(image, 'image_data', 'PLATFORM')?.trim() || null : null;
  if (!f || (f.kernelBits === null && f.platform === null)) {
    return finding(
      'KERNEL',
      'info',
      `${title}: could not check`,
      `bootinfo was not available; image.data says kernel ${imgKernel ?? '?'}-bit, platform ${imgPlatform ?? '?'}.`,
      'The boot image must come from the same server as the backup.',
    );
  }
  const mismatch: string[] = [];
  if (f.kernelBits !== null && imgKernel !== null && String(f.kernelBits) !== imgKernel) {
    mismatch.push(`server kernel ${f.kernelBits}-bit, image.data ${imgKernel}-bit`);
  }
  if (f.platform !== null && imgPlatform !== null && f.platform !== imgPlatform)
    mismatch.push(`server platform ${f.platform}, image.data ${imgPlatform}`);
  const boot = f.bootlist?.length ? `; boot list: ${list(f.bootlist)}` : '';
  const detail = `${f.kernelBits ?? '?'}-bit kernel on ${f.platform ?? '?'}${boot}. The boot image was built from this server's running kernel.`;
  if (mismatch.length) {
    return finding(
      'KERNEL',
      'warning',
      title,
      `${detail} Mismatch: ${list(mismatch)}.`,
      'Capture the three images again in one run on this server.',
    );
  }
  return finding('KERNEL', 'info', title, detail, 'Boot this tape on this server or hardware of the same type and platform.');
}

function bootImageSize(img: ImageFacts): ReadinessFinding {
  const title = 'Boot image size';
  const blocks = Math.ceil(img.bytes[1] / 512);
  const mib = (img.bytes[1] / 1048576).toFixed(1);
  if (blocks <= BOOT_IMAGE_MAX_BLOCKS)
    return finding('BOOT_IMAGE_SIZE', 'ok', title, `${blocks} blocks (${mib} MiB), within ${BOOT_IMAGE_MAX_BLOCKS} blocks (12 MiB).`);
  return finding(
    'BOOT_IMAGE_SIZE',
    'warning',
    title,
    `The boot image is ${blocks} blocks of 512 bytes (${mib} MiB), above ${BOOT_IMAGE_MAX_BLOCKS} blocks (12 MiB): older firmware may not boot it.`,
    'Remove unneeded device support from the boot image (e.g. unused drivers), run bosboot again, or test-boot on the target firmware.',
  );
}

function excluded(f: ServerFacts | null, exclude: boolean): ReadinessFinding {
  const title = 'Left out by /etc/exclude.rootvg';
  if (!exclude) return finding('EXCLUDED', 'ok', title, 'mksysb ran without -e: /etc/exclude.rootvg left nothing out.');
  if (!f?.excludePatterns) return notChecked('EXCLUDED', title, '/etc/exclude.rootvg');
  if (f.excludePatterns.length === 0)
    return finding('EXCLUDED', 'ok', title, 'mksysb ran with -e but /etc/exclude.rootvg was absent or empty: nothing was left out.');
  const parts = f.excludeSizes.map((s) => `${s.pattern}${s.kb !== null ? ` (${s.path}: ${formatBytes(s.kb * 1024)})` : ' (size unknown)'}`);
  return finding(
    'EXCLUDED',
    'info',
    title,
    `mksysb ran with -e; these patterns left files out: ${list(parts)}. Those files are not on this tape.`,
    'Make sure what these patterns leave out is backed up elsewhere or can be recreated.',
  );
}

/** TOO_BIG_FOR_MEDIA: an error when `mediaId` is given and too small; without one, a warning naming the media it does not fit. */
export function mediaFit(input: MediaFitInput, mediaId: MediaId | null): ReadinessFinding {
  const title = 'Fits one cartridge';
  const tooSmall = mediaTooSmallFor(input.tapeBytes);
  const need = formatBytes(input.tapeBytes);
  const fits = mediaId === null ? tooSmall.length === 0 : !tooSmall.includes(mediaId);
  if (fits) {
    const holds = mediaId ? `; an ${mediaId} holds ${formatBytes(nativeCapacity(mediaId))} native` : ', which every LTO media id holds';
    return finding('TOO_BIG_FOR_MEDIA', 'ok', title, `The tape needs ${need}${holds}.`);
  }
  const dirs = input.largestDirectories.slice(0, 6).map((d) => `${d.path} ${formatBytes(d.bytes)}`);
  const lines = suggestedExcludes(input.largestDirectories);
  const name = input.server ?? 'NAME';
  const media = mediaId ? `an ${mediaId} (${formatBytes(nativeCapacity(mediaId))})` : list(tooSmall);
  const detail =
    `The tape needs ${need}, more than the native capacity of ${media}; ` +
    `SysbTape does not write a tape spanning several cartridges. Largest directories of record 4: ${list(dirs)}.`;
  const fix =
    `Use a larger cartridge, or leave data out: add lines to the server's /etc/exclude.rootvg ` +
    `(${lines.map((l) => `sysbtape server exclude ${name} --add '${l}' --yes`).join('; ') || `sysbtape server exclude ${name} --add PATTERN --yes`})` +
    ' and capture again with --exclude.';
  return finding('TOO_BIG_FOR_MEDIA', mediaId ? 'error' : 'warning', title, detail, fix);
}

/** /etc/exclude.rootvg lines for the largest non-system directories (`^./opt/data/`). */
export function suggestedExcludes(dirs: DirectorySize[]): string[] {
  return dirs
    .filter((d) => !SYSTEM_DIRS.test(d.path) && d.path.split('/').length > 2)
    .slice(0, 3)
    .map((d) => `^.${d.path}/`);
}

/** Bytes the four records take on tape (record 3 is one 512-byte record). */
export function tapeBytesOf(img: ImageFacts): number {
  return img.bytes[1] + img.bytes[2] + 512 + img.bytes[4];
}

/** Every check, in READINESS_CODES order. */
export function readinessFindings(input: ReadinessInput, mediaId: MediaId | null = null): ReadinessFinding[] {
  const { facts: f, image: img } = input;
  return [
    fsNotMounted(f),
    rawLvs(f),
    otherVgs(f),
    hotBackup(f),
    recoverDevices(img),
    deviceSettings(f),
    levelMismatch(f, img),
    hostMismatch(img),
    fsMissing(f, img),
    kernel(f, img),
    bootImageSize(img),
    excluded(f, input.exclude),
    mediaFit(
      { tapeBytes: tapeBytesOf(img), largestDirectories: img.largestDirectories, ...(input.server ? { server: input.server } : {}) },
      mediaId,
    ),
  ];
}
