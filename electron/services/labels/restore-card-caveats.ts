/**
 * The restore card's section "What this tape does not restore": the readiness report's caveats in plain
 * words, so whoever restores from the tape in an emergency knows what to bring back from elsewhere and
 * what to check afterwards.
 */
import type { ReadinessFinding, ReadinessReport } from '../../../shared/readiness.ts';

/** Heading of the section, as printed. */
export const NOT_RESTORED_HEADING = 'What this tape does not restore';

/** Always true of a mksysb tape, whatever the report says. */
const ALWAYS = [
  'Only rootvg is on this tape. Other volume groups, raw logical volumes and file systems that were not mounted are not restored.',
  'Files are restored as they were while the server was running: data that databases or applications were writing may be inconsistent.',
];

function caveat(f: ReadinessFinding): string | null {
  if (f.level === 'ok') return null;
  switch (f.code) {
    case 'FS_NOT_MOUNTED':
      return `Not on this tape: ${f.detail}`;
    case 'RAW_LV_NOT_SAVED':
      return `Not on this tape: ${f.detail}`;
    case 'OTHER_VGS':
      return `Not on this tape: ${f.detail}`;
    case 'HOT_BACKUP':
      return `Restore database data from its own backup: ${f.detail}`;
    case 'EXCLUDED':
      return f.detail;
    case 'DEVICE_SETTINGS':
      return `Check after the restore: ${f.detail}`;
    case 'RECOVER_DEVICES':
      return f.detail;
    case 'KERNEL':
      return `Boot this tape on the server it was made from, or hardware of the same type: ${f.detail}`;
    case 'BOOT_IMAGE_SIZE':
      return f.detail;
    case 'LEVEL_MISMATCH':
    case 'HOST_MISMATCH':
    case 'FS_MISSING':
    case 'TOO_BIG_FOR_MEDIA':
      return `${f.level === 'error' ? 'NOT READY: ' : ''}${f.detail}`;
  }
}

/** The caveat lines of a card: the report's findings in plain words, then what is always true. */
export function notRestoredCaveats(report: ReadinessReport | null): string[] {
  const lines = report
    ? report.findings.map(caveat).filter((l): l is string => l !== null)
    : ['No readiness report was kept for this image set.'];
  return [...lines, ...ALWAYS];
}
