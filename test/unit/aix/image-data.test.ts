import { describe, expect, it } from 'vitest';
import { formatImageDataSummary, summarizeImageData } from '../../../electron/services/aix/image-data.ts';
import { parseStanzas } from '../../../electron/services/aix/stanza.ts';

// Layout as mkszfile writes it: '\tNAME= value', one blank line between stanzas, '##Command' comments.
const imageData = [
  '#  Any comments placed in this file will be removed.',
  '##Command used for vg_data; /usr/sbin/lsvg',
  'image_data:',
  '\tIMAGE_TYPE= bff',
  '\tDATE_TIME= Thu Jan 15 02:30:00 UTC 2026',
  '\tUNAME_INFO= AIX aixprod01 2 7 00F84C0D4C00',
  '\tOSLEVEL= 7.2.0.0',
  '\tOSLEVEL_R= 7200-05',
  '\tOSLEVEL_S= 7200-05-03-2148',
  '',
  'vg_data:',
  '\tVGNAME= rootvg',
  '\tPPSIZE= 64',
  '',
  'lv_data:',
  '\tLOGICAL_VOLUME= hd5',
  '\tTYPE= boot',
  '\tLPs= 1',
  '\tPP= 1',
  '\tMOUNT_POINT= ',
  '\tLV_STATE= closed/syncd',
  '',
  'lv_data:',
  '\tLOGICAL_VOLUME= hd4',
  '\tTYPE= jfs2',
  '\tLPs= 8',
  '\tPP= 8',
  '\tMOUNT_POINT= /',
  '\tLV_STATE= opened/syncd',
  '',
  'fs_data:',
  '\tFS_NAME= /',
  '\tFS_SIZE= 1048576',
  '\tFS_MIN_SIZE= 655360',
  '\tFS_LV= /dev/hd4',
  '',
  'fs_data:',
  '\tFS_NAME= /usr',
  '\tFS_SIZE= 4194304',
  '\tFS_MIN_SIZE= 3145728',
  '\tFS_LV= /dev/hd2',
  '',
].join('\n');

const bosinst = [
  '# bosinst_data file',
  'control_flow:',
  '    CONSOLE = Default',
  '    INSTALL_METHOD = overwrite',
  '',
  'target_disk_data:',
  '    LOCATION = ',
  '    SIZE_MB = 35840',
  '    HDISKNAME = hdisk0',
  '',
  'target_disk_data:',
  '    PVID = 00f84c0d4c9a0b17',
  '',
].join('\n');

describe('stanza files', () => {
  it('reads stanzas, repeated stanzas and both field layouts', () => {
    const f = parseStanzas(imageData);
    expect(f.stanzas.map((s) => s.name)).toEqual(['image_data', 'vg_data', 'lv_data', 'lv_data', 'fs_data', 'fs_data']);
    expect(f.stanzas[0]!.fields.get('UNAME_INFO')).toBe('AIX aixprod01 2 7 00F84C0D4C00');
    expect(f.stanzas[2]!.fields.get('MOUNT_POINT')).toBe('');
    expect(parseStanzas(bosinst).stanzas[0]!.fields.get('INSTALL_METHOD')).toBe('overwrite');
    expect(f.stray).toEqual([]);
    expect(parseStanzas('junk line\nstanza:\n\tA= 1\n').stray).toEqual(['line 1: junk line']);
  });
});

describe('image.data summary (lsmksysb -l)', () => {
  it('summarises host, level, date, VG, file systems and sizes', () => {
    const s = summarizeImageData(imageData, bosinst);
    expect(s).toMatchObject({
      volumeGroup: 'rootvg',
      hostname: 'aixprod01',
      backupDate: 'Thu Jan 15 02:30:00 UTC 2026',
      osLevel: '7.2.0.0',
      maintenanceLevel: '7200-05',
      serviceLevel: '7200-05-03-2148',
      ppSizeMb: 64,
      backupSizeMb: 9 * 64,
      shrinkSizeMb: ((655360 + 3145728) * 512) / 1048576,
      totalFsBytes: (1048576 + 4194304) * 512,
      targetDisks: ['hdisk0', '00f84c0d4c9a0b17'],
      installMethod: 'overwrite',
      warnings: [],
    });
    expect(s.fileSystems).toEqual([
      { mountPoint: '/', logicalVolume: 'hd4', sizeBytes: 512 * 1048576, minSizeBytes: 320 * 1048576 },
      { mountPoint: '/usr', logicalVolume: 'hd2', sizeBytes: 2048 * 1048576, minSizeBytes: 1536 * 1048576 },
    ]);
    expect(s.logicalVolumes[0]).toEqual({ name: 'hd5', type: 'boot', lps: 1, pps: 1, mountPoint: null, state: 'closed/syncd' });
    const text = formatImageDataSummary(s);
    expect(text).toMatch(/^VOLUME GROUP:\s+rootvg$/m);
    expect(text).toMatch(/^BACKUP OSLEVEL:\s+7200-05-03-2148$/m);
    expect(text).toMatch(/^\/usr\s+hd2\s+2048\s+1536$/m);
    expect(text).toMatch(/^TOTAL\s+2560$/m);
  });

  it('lists what is missing instead of failing', () => {
    const s = summarizeImageData('not a stanza file');
    expect(s.hostname).toBeNull();
    expect(s.warnings).toEqual([
      'image.data has no image_data stanza',
      'image.data has no vg_data stanza',
      'image.data lists no file systems (fs_data)',
    ]);
  });
});
