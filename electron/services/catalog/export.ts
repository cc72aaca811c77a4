/** CSV and JSON export of cartridges and verifications, streamed so a large catalog never sits in memory. */
import type { Catalog } from './catalog.ts';
import type { Cartridge, Verification } from './model.ts';

/** Export formats. */
export const EXPORT_FORMATS = ['csv', 'json'] as const;
/** One export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What can be exported. */
export const EXPORT_SUBJECTS = ['cartridges', 'verifications'] as const;
/** One export subject. */
export type ExportSubject = (typeof EXPORT_SUBJECTS)[number];

/** Where export lines go (a file stream, stdout, or an array in tests). */
export type LineSink = (chunk: string) => void | Promise<void>;

/** One CSV cell: quoted when needed (RFC 4180); text that a spreadsheet would run as a formula is defused with a leading '. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const CARTRIDGE_COLUMNS = [
  'volser',
  'media_id',
  'barcode',
  'status',
  'location',
  'retention_until',
  'notes',
  'write_count',
  'first_used_at',
  'last_used_at',
  'created_at',
  'retired_at',
  'retired_reason',
] as const;

function cartridgeCells(c: Cartridge): (string | number | null)[] {
  return [
    c.volser,
    c.mediaId,
    c.barcode,
    c.status,
    c.location,
    c.retentionUntil,
    c.notes,
    c.writeCount,
    c.firstUsedAt,
    c.lastUsedAt,
    c.createdAt,
    c.retiredAt,
    c.retiredReason,
  ];
}

const VERIFICATION_COLUMNS = [
  'id',
  'volser',
  'verified_at',
  'drive',
  'verdict',
  'mksysb_member_count',
  'write_id',
  'job_id',
  'problem_codes',
  'problems',
  ...[1, 2, 3, 4].flatMap((n) => [`record${n}_result`, `record${n}_block_size`, `record${n}_bytes`, `record${n}_sha256`]),
] as const;

function verificationCells(v: Verification): (string | number | null)[] {
  const rec = (n: number) => v.records.find((r) => r.index === n);
  return [
    v.id,
    v.volser,
    v.verifiedAt,
    v.drive,
    v.verdict,
    v.mksysbMemberCount,
    v.writeId,
    v.jobId,
    v.problems.map((p) => p.code).join(';'),
    v.problems.map((p) => p.message).join(' | '),
    ...[1, 2, 3, 4].flatMap((n) => {
      const r = rec(n);
      return [r?.result ?? null, r?.blockSize ?? null, r?.bytes ?? null, r?.sha256 ?? null];
    }),
  ];
}

/** Streams the chosen subject in the chosen format to `sink`; returns the number of rows. */
export async function exportCatalog(catalog: Catalog, subject: ExportSubject, format: ExportFormat, sink: LineSink): Promise<number> {
  const rows: Iterable<Cartridge | Verification> =
    subject === 'cartridges' ? catalog.cartridges.iterateAll() : catalog.verifications.iterateAll();
  const columns: readonly string[] = subject === 'cartridges' ? CARTRIDGE_COLUMNS : VERIFICATION_COLUMNS;
  const cells = (row: Cartridge | Verification) =>
    subject === 'cartridges' ? cartridgeCells(row as Cartridge) : verificationCells(row as Verification);
  let n = 0;
  switch (format) {
    case 'csv':
      await sink(`${columns.join(',')}\r\n`);
      for (const row of rows) {
        await sink(`${cells(row).map(csvCell).join(',')}\r\n`);
        n++;
      }
      return n;
    case 'json':
      await sink('[');
      for (const row of rows) {
        await sink(`${n === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`);
        n++;
      }
      await sink(n === 0 ? ']\n' : '\n]\n');
      return n;
    default: {
      const never: never = format;
      throw new Error(`unexpected export format ${String(never)}`);
    }
  }
}
