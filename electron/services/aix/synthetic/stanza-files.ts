/**
 * Realistic ./bosinst.data and ./image.data texts (aix-formats.md §3) for synthetic image sets, in the
 * layouts bosinst.template and mkszfile write: stanza name in column 1 ending with ':', indented
 * `NAME = value` (bosinst.data) or `\tNAME= value` (image.data) fields, one blank line between stanzas.
 */

/** What the stanza texts describe. */
export interface SystemDescription {
  hostname: string;
  /** e.g. "7200-05-03-2148" (oslevel -s) */
  oslevel: string;
  /** Backup date, epoch seconds. */
  date: number;
  /** Bytes of data in the backup; file system sizes are derived from it. */
  dataBytes: number;
  /** Disk the rootvg lives on. */
  hdisk?: string;
}

/** `oslevel -s` form, e.g. 7200-05-03-2148 (the technology level and service pack may be left out). */
export const OSLEVEL_PATTERN = /^\d{4}-\d{2}(-\d{2}-\d{4})?$/;

/** One rootvg logical volume with its file system (if any). */
interface LvSpec {
  lv: string;
  type: 'jfs2' | 'jfs2log' | 'boot' | 'paging' | 'sysdump';
  mount: string | null;
  /** Share of the backup's data in this file system (0..1). */
  share: number;
  /** Minimum size in MB. */
  minMb: number;
}

const ROOTVG: readonly LvSpec[] = [
  { lv: 'hd5', type: 'boot', mount: null, share: 0, minMb: 64 },
  { lv: 'hd6', type: 'paging', mount: null, share: 0, minMb: 512 },
  { lv: 'hd8', type: 'jfs2log', mount: null, share: 0, minMb: 64 },
  { lv: 'hd4', type: 'jfs2', mount: '/', share: 0.08, minMb: 256 },
  { lv: 'hd2', type: 'jfs2', mount: '/usr', share: 0.55, minMb: 2048 },
  { lv: 'hd9var', type: 'jfs2', mount: '/var', share: 0.1, minMb: 512 },
  { lv: 'hd3', type: 'jfs2', mount: '/tmp', share: 0.02, minMb: 256 },
  { lv: 'hd1', type: 'jfs2', mount: '/home', share: 0.05, minMb: 128 },
  { lv: 'hd10opt', type: 'jfs2', mount: '/opt', share: 0.2, minMb: 256 },
  { lv: 'lg_dumplv', type: 'sysdump', mount: null, share: 0, minMb: 1024 },
];

const PP_SIZE_MB = 64;
const MB = 1024 * 1024;

/** "Thu Jan 15 02:30:00 UTC 2026", the `date` format mkszfile writes into DATE_TIME. */
export function aixDateTime(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
  );
}

/** Renders one image.data stanza. */
function stanza(name: string, fields: [string, string | number][]): string {
  return `${name}:\n${fields.map(([k, v]) => `\t${k}= ${v}`).join('\n')}\n`;
}

/** Used MB of an LV's file system for this backup. */
function usedMb(spec: LvSpec, dataBytes: number): number {
  return Math.ceil((spec.share * dataBytes) / MB);
}

/** Size in PPs that holds `mb` with room to spare, at least the LV's minimum. */
function lpsFor(spec: LvSpec, dataBytes: number): number {
  const mb = Math.max(spec.minMb, usedMb(spec, dataBytes) * 2);
  return Math.ceil(mb / PP_SIZE_MB);
}

/** The ./image.data text: image_data, policy, vg_data, source disk, one lv_data per LV, one fs_data per FS. */
export function imageDataText(sys: SystemDescription): string {
  const hdisk = sys.hdisk ?? 'hdisk0';
  const version = sys.oslevel.slice(0, 1);
  const release = sys.oslevel.slice(1, 2);
  const parts: string[] = [
    '#  Any comments placed in this file will be removed when the image.data file is updated.\n' +
      '##Command used for vg_data; /usr/sbin/lsvg\n' +
      '##Command used for source_disk_data; /usr/sbin/bootinfo\n' +
      '##Command used for lv_data; /usr/sbin/lslv\n' +
      '##Command used for fs_data; /usr/sbin/lsfs\n',
    stanza('image_data', [
      ['IMAGE_TYPE', 'bff'],
      ['DATE_TIME', aixDateTime(sys.date)],
      ['UNAME_INFO', `AIX ${sys.hostname} ${release} ${version} 00F84C0D4C00`],
      ['PRODUCT_TAPE', 'no'],
      ['USERVG_LIST', ''],
      ['PLATFORM', 'chrp'],
      ['OSLEVEL', `${sys.oslevel.slice(0, 1)}.${sys.oslevel.slice(1, 2)}.0.0`],
      ['OSLEVEL_R', sys.oslevel.slice(0, 7)],
      ['OSLEVEL_S', sys.oslevel],
      ['CPU_TYPE', '64'],
      ['KERNEL_TYPE', '64'],
      ['GLOBAL_WPAR', 'no'],
    ]),
    stanza('logical_volume_policy', [
      ['SHRINK', 'no'],
      ['EXACT_FIT', 'no'],
    ]),
    stanza('ils_data', [['LANG', 'C']]),
  ];
  const totalPps = 558;
  const usedPps = ROOTVG.reduce((sum, lv) => sum + lpsFor(lv, sys.dataBytes), 0);
  parts.push(
    stanza('vg_data', [
      ['VGNAME', 'rootvg'],
      ['PPSIZE', PP_SIZE_MB],
      ['VARYON', 'yes'],
      ['VG_SOURCE_DISK_LIST', hdisk],
      ['BIGVG', 'no'],
      ['TFACTOR', '1'],
      ['MAXPVS', '32'],
      ['QUORUM', '2'],
      ['AUTO_SYNC', 'no'],
      ['VG_TOTAL_PPS', Math.max(totalPps, usedPps + 64)],
      ['VG_USED_PPS', usedPps],
    ]),
  );
  parts.push(
    stanza('source_disk_data', [
      ['PVID', '00f84c0d4c9a0b17'],
      ['PHYSICAL_LOCATION', 'U8286.42A.21A1B2V-V3-C2-T1-L8100000000000000'],
      ['CONNECTION', 'vscsi0//810000000000'],
      ['LOCATION', ''],
      ['SIZE_MB', Math.max(totalPps, usedPps + 64) * PP_SIZE_MB],
      ['HDISKNAME', hdisk],
    ]),
  );
  for (const spec of ROOTVG) {
    const lps = lpsFor(spec, sys.dataBytes);
    parts.push(
      stanza('lv_data', [
        ['VOLUME_GROUP', 'rootvg'],
        ['LV_SOURCE_DISK_LIST', hdisk],
        ['LV_IDENTIFIER', `00f84c0d00004c00000001.${ROOTVG.indexOf(spec) + 1}`],
        ['LOGICAL_VOLUME', spec.lv],
        ['VG_STAT', 'active/complete'],
        ['TYPE', spec.type],
        ['MAX_LPS', 512],
        ['COPIES', 1],
        ['LPs', lps],
        ['STALE_PPs', 0],
        ['INTER_POLICY', 'minimum'],
        ['INTRA_POLICY', spec.type === 'boot' ? 'edge' : 'center'],
        ['MOUNT_POINT', spec.mount ?? ''],
        ['MIRROR_WRITE_CONSISTENCY', 'on/ACTIVE'],
        ['LV_SEPARATE_PV', 'yes'],
        ['PERMISSION', 'read/write'],
        ['LV_STATE', spec.mount ? 'opened/syncd' : 'closed/syncd'],
        ['WRITE_VERIFY', 'off'],
        ['PP_SIZE', PP_SIZE_MB],
        ['SCHED_POLICY', 'parallel'],
        ['PP', lps],
        ['BB_POLICY', 'relocatable'],
        ['RELOCATABLE', 'yes'],
        ['UPPER_BOUND', 32],
        ['LABEL', spec.mount ?? 'None'],
        ['LV_MIN_LPS', Math.max(1, Math.ceil(usedMb(spec, sys.dataBytes) / PP_SIZE_MB))],
        ['STRIPE_WIDTH', ''],
        ['STRIPE_SIZE', ''],
        ['SERIALIZE_IO', 'no'],
        ['FS_TAG', ''],
        ['DEV_SUBTYP', ''],
      ]),
    );
  }
  for (const spec of ROOTVG) {
    if (!spec.mount) continue;
    const sizeBlocks = lpsFor(spec, sys.dataBytes) * PP_SIZE_MB * 2048;
    parts.push(
      stanza('fs_data', [
        ['FS_NAME', spec.mount],
        ['FS_SIZE', sizeBlocks],
        ['FS_MIN_SIZE', Math.max(65536, Math.ceil((spec.share * sys.dataBytes) / 512) + 32768)],
        ['FS_LV', `/dev/${spec.lv}`],
        ['FS_JFS2_BS', 4096],
        ['FS_JFS2_SPARSE', 'yes'],
        ['FS_JFS2_INLINELOG', 'no'],
        ['FS_JFS2_SIZEINODEFILE', ''],
        ['FS_JFS2_EAFORMAT', 'v2'],
        ['FS_JFS2_QUOTA', 'no'],
        ['FS_JFS2_DMAPI', 'no'],
        ['FS_JFS2_VIX', 'yes'],
        ['FS_JFS2_EFS', 'no'],
        ['FS_IMAGE_TYPE', 'jfs2'],
      ]),
    );
  }
  parts.push(stanza('post_install_data', [['BOSINST_FILE', '']]));
  parts.push(stanza('post_restvg', [['RESTVG_FILE', '']]));
  return parts.join('\n');
}

/** The ./bosinst.data text: control_flow, target_disk_data and locale, as mksysb rewrites it. */
export function bosinstDataText(sys: SystemDescription): string {
  const hdisk = sys.hdisk ?? 'hdisk0';
  const field = (k: string, v: string): string => `    ${k} = ${v}`;
  return [
    '# bosinst_data file generated by mksysb on ' + aixDateTime(sys.date),
    '# See /usr/lpp/bosinst/bosinst.template.README for the meaning of each field.',
    '',
    'control_flow:',
    field('CONSOLE', 'Default'),
    field('INSTALL_METHOD', 'overwrite'),
    field('PROMPT', 'yes'),
    field('EXISTING_SYSTEM_OVERWRITE', 'yes'),
    field('INSTALL_X_IF_ADAPTER', 'yes'),
    field('RUN_STARTUP', 'yes'),
    field('RM_INST_ROOTS', 'no'),
    field('ERROR_EXIT', ''),
    field('CUSTOMIZATION_FILE', ''),
    field('TCB', 'no'),
    field('INSTALL_TYPE', ''),
    field('BUNDLES', ''),
    field('RECOVER_DEVICES', 'Default'),
    field('BOSINST_DEBUG', 'no'),
    field('ACCEPT_LICENSES', 'yes'),
    field('ACCEPT_SWMA', ''),
    field('DESKTOP', 'NONE'),
    field('INSTALL_DEVICES_AND_UPDATES', 'yes'),
    field('IMPORT_USER_VGS', ''),
    field('ENABLE_64BIT_KERNEL', 'Default'),
    field('INSTALL_CONFIGURATION', 'Default'),
    field('SWITCH_TO_PRODUCT_TAPE', ''),
    '',
    'target_disk_data:',
    field('PVID', '00f84c0d4c9a0b17'),
    field('PHYSICAL_LOCATION', 'U8286.42A.21A1B2V-V3-C2-T1-L8100000000000000'),
    field('CONNECTION', 'vscsi0//810000000000'),
    field('LOCATION', ''),
    field('SIZE_MB', '35840'),
    field('HDISKNAME', hdisk),
    '',
    'locale:',
    field('BOSINST_LANG', 'C'),
    field('CULTURAL_CONVENTION', 'C'),
    field('MESSAGES', 'C'),
    field('KEYBOARD', 'C'),
    '',
  ].join('\n');
}
