/** The restore card of a cartridge: what is on it and how to boot from it, gathered from the catalog. */
import type { Catalog } from '../catalog/catalog.ts';
import type { MediaId, Verdict } from '../catalog/model.ts';
import { labelText } from './lto-label.ts';
import type { ReadinessReport } from '../../../shared/readiness.ts';
import { reportForMedia } from '../readiness/assess.ts';

/** One tape record as printed on the card. */
export interface CardRecord {
  index: number;
  content: string;
  blockSize: number;
  bytes: number;
  sha256: string;
}

/** Everything printed on a cartridge's label and restore card. */
export interface RestoreCard {
  volser: string;
  mediaId: MediaId;
  barcode: string;
  serverName: string | null;
  host: string | null;
  osLevel: string | null;
  capturedAt: string | null;
  writtenAt: string | null;
  drive: string | null;
  tapeblksz: number | null;
  mksysbOptions: string[];
  records: CardRecord[];
  lastVerification: { verdict: Verdict; at: string; mksysbMemberCount: number | null } | null;
  location: string | null;
  retentionUntil: string | null;
  /** The image set's readiness report, re-checked for this cartridge's media id; null when none was kept. */
  readiness: ReadinessReport | null;
  printedAt: string;
}

const RECORD_CONTENT: Record<number, string> = { 1: 'boot image', 2: 'mkinsttape image', 3: 'dummy TOC', 4: 'mksysb (rootvg backup)' };

/** Builds the card from the cartridge's newest successful write, its image set and its newest verification. */
export function restoreCardFor(catalog: Catalog, volser: string, now: Date = new Date()): RestoreCard {
  const h = catalog.history(volser);
  const c = h.cartridge;
  const write = h.writes.find((w) => w.result === 'ok');
  const set = write?.imageSetId ? catalog.imageSets.get(write.imageSetId) : undefined;
  const verification = write ? h.verifications.find((v) => v.verifiedAt >= write.startedAt) : undefined;
  return {
    volser: c.volser,
    mediaId: c.mediaId,
    barcode: labelText(c.volser, c.mediaId),
    serverName: set?.serverName ?? null,
    host: set?.host ?? null,
    osLevel: set?.osLevel ?? null,
    capturedAt: set?.capturedAt ?? null,
    writtenAt: write?.startedAt ?? null,
    drive: write?.drive ?? null,
    tapeblksz: set?.tapeblksz ?? write?.records.find((r) => r.index === 4)?.blockSize ?? null,
    mksysbOptions: set?.mksysbOptions ?? [],
    records: (write?.records ?? []).map((r) => ({
      index: r.index,
      content: RECORD_CONTENT[r.index] ?? '',
      blockSize: r.blockSize,
      bytes: r.bytes,
      sha256: r.sha256,
    })),
    lastVerification: verification
      ? { verdict: verification.verdict, at: verification.verifiedAt, mksysbMemberCount: verification.mksysbMemberCount }
      : null,
    location: c.location,
    retentionUntil: c.retentionUntil,
    printedAt: now.toISOString(),
    readiness: set?.readiness ? reportForMedia(set.readiness, c.mediaId) : null,
  };
}

/** The field lines of the card (label: value), in print order. */
export function cardFields(card: RestoreCard): [string, string][] {
  const dash = (v: string | number | null) => (v === null || v === '' ? '-' : String(v));
  const v = card.lastVerification;
  return [
    ['Cartridge', `${card.volser} (media ${card.mediaId}, barcode ${card.barcode})`],
    ['Server', card.serverName ? `${card.serverName} (${dash(card.host)})` : '-'],
    ['AIX level', dash(card.osLevel)],
    ['Captured', dash(card.capturedAt)],
    ['Written', card.writtenAt ? `${card.writtenAt} on ${dash(card.drive)}` : 'no successful write recorded'],
    [
      'Verified',
      v
        ? `${v.verdict.toUpperCase()} at ${v.at}${v.mksysbMemberCount !== null ? `, ${v.mksysbMemberCount} files in the mksysb` : ''}`
        : 'not verified since the last write',
    ],
    ['tapeblksz', card.tapeblksz !== null ? `${card.tapeblksz} bytes (record 4 block size)` : '-'],
    ['mksysb options', card.mksysbOptions.length ? card.mksysbOptions.join(' ') : '-'],
    ['Shelf', `${dash(card.location)}; keep until ${dash(card.retentionUntil)}`],
  ];
}

/** The steps to boot and restore a server from this tape (AIX on POWER). */
export function bootSteps(card: RestoreCard): string[] {
  const blk = card.tapeblksz !== null ? String(card.tapeblksz) : 'the size in ./tapeblksz';
  return [
    `Slide the write-protect tab of ${card.volser} to protected and load it into a tape drive the server can boot from.`,
    'Boot from tape. On a running system: bootlist -m normal rmt0, then shutdown -Fr. Otherwise power on, press 1 for SMS at the firmware banner, then Select Boot Options > Select Install/Boot Device > Tape, pick the drive and choose Normal Mode Boot.',
    'Record 1 (the boot image) loads. Define the system console when asked and choose the language.',
    'At "Welcome to Base Operating System Installation and Maintenance" choose 2 (Change/Show Installation Settings and Install): check the target disks for rootvg, then start the install. If bosinst.data on the tape says PROMPT = no, the restore starts without these menus.',
    `The restore reads record 4 at block size ${blk}, as ./tapeblksz in record 2 says; do not change the drive's block size by hand.`,
    'When the restore ends the server reboots from disk: remove the tape and set the boot list back (bootlist -m normal hdisk0).',
  ];
}
