/** `sysbtape tape add|list|show|set|retire|label`: the cartridges in the catalog. */
import type { Command } from 'commander';
import { SysbError } from '../../shared/errors.ts';
import { CARTRIDGE_STATUSES, type Cartridge, type CartridgeHistory, type CartridgeStatus } from '../services/catalog/model.ts';
import { localDate } from '../services/catalog/clock.ts';
import { settleAbandonedWrites } from '../services/jobs/job-owner.ts';
import type { LabelFormat } from '../services/labels/write-labels.ts';
import { type CliIo, type CommandModule, EXIT_OK, printJson, runAction, withCatalog } from './command-kit.ts';

type SetExit = (code: number) => void;

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]!)))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

function cartridgeRow(c: Cartridge): string[] {
  return [
    c.volser,
    c.mediaId,
    c.status,
    c.location ?? '-',
    c.retentionUntil ?? '-',
    String(c.writeCount),
    c.lastUsedAt?.slice(0, 10) ?? '-',
  ];
}

function statusList(text: string | undefined): CartridgeStatus[] | undefined {
  if (!text) return undefined;
  const list = text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const s of list) {
    if (!(CARTRIDGE_STATUSES as readonly string[]).includes(s))
      throw new SysbError('USAGE', `--status: '${s}' is not one of ${CARTRIDGE_STATUSES.join(', ')}`);
  }
  return list as CartridgeStatus[];
}

// What a status that is not a settled claim means for the tape's contents.
const STATUS_NOTES: Partial<Record<CartridgeStatus, string>> = {
  writing: ' — a write is under way (or its process died): the tape holds nothing usable until it is written and verified',
  unknown: ' — a write did not finish: its contents are unknown until a new write and verification',
};

function describeHistory(h: CartridgeHistory): string {
  const c = h.cartridge;
  const lines = [
    `${c.volser}  barcode ${c.barcode}  status ${c.status}${STATUS_NOTES[c.status] ?? ''}`,
    `  location: ${c.location ?? '-'}   retention until: ${c.retentionUntil ?? '-'}   writes: ${c.writeCount}`,
    `  first used: ${c.firstUsedAt ?? '-'}   last used: ${c.lastUsedAt ?? '-'}`,
  ];
  if (c.retiredAt) lines.push(`  retired ${c.retiredAt}: ${c.retiredReason ?? ''}`);
  if (c.notes) lines.push(`  notes: ${c.notes}`);
  lines.push(`writes (${h.writes.length}):`);
  for (const w of h.writes) {
    lines.push(
      `  #${w.id} ${w.startedAt} ${w.result} on ${w.drive}${w.imageSetId !== null ? ` image set ${w.imageSetId}` : ''}${w.error ? `: ${w.error}` : ''}`,
    );
    for (const r of w.records)
      lines.push(`    record ${r.index}: block size ${r.blockSize}, ${r.blocks} blocks, ${r.bytes} bytes, sha256 ${r.sha256}`);
  }
  lines.push(`verifications (${h.verifications.length}):`);
  for (const v of h.verifications) {
    lines.push(
      `  #${v.id} ${v.verifiedAt} ${v.verdict.toUpperCase()} on ${v.drive}${v.mksysbMemberCount !== null ? `, ${v.mksysbMemberCount} mksysb members` : ''}`,
    );
    for (const p of v.problems) lines.push(`    ${p.code}${p.record !== undefined ? ` (record ${p.record})` : ''}: ${p.message}`);
  }
  for (const o of h.retentionOverrides) lines.push(`retention override ${o.at} (${o.action}): ${o.reason}`);
  return lines.join('\n') + '\n';
}

/** Expands ABC001..ABC020 (same prefix, same digit count) into its VOLSERs; a single VOLSER stays itself. */
export function volserRange(text: string): string[] {
  const m = /^([A-Z0-9]*?)(\d+)\.\.([A-Z0-9]*?)(\d+)$/i.exec(text.trim());
  if (!m) return [text];
  const [, p1, a, p2, b] = m as unknown as [string, string, string, string, string];
  if (p1.toUpperCase() !== p2.toUpperCase() || a.length !== b.length || Number(b) < Number(a)) {
    throw new SysbError(
      'USAGE',
      `volser range '${text}': both ends need the same prefix and digit count, low to high (e.g. ABC001..ABC020)`,
    );
  }
  const n = Number(b) - Number(a) + 1;
  if (n > 1000) throw new SysbError('USAGE', `volser range '${text}' names ${n} cartridges; add at most 1000 at a time`);
  return Array.from({ length: n }, (_, i) => `${p1}${String(Number(a) + i).padStart(a.length, '0')}`.toUpperCase());
}

function add(tape: Command, io: CliIo, setExit: SetExit): void {
  tape
    .command('add <volser>')
    .description('Register a cartridge (status blank), or a box of them as a range ABC001..ABC020. VOLSER: 6 of A-Z 0-9, as on its label.')
    .requiredOption('--media <id>', 'LTO media id: L5-L9, M8 (LTO-7 Type M), LV-LZ (WORM)')
    .option('--location <text>', 'where the cartridge is kept')
    .option('--retention-until <date>', 'keep its contents until this date (YYYY-MM-DD); writes and retirement are blocked until then')
    .option('--notes <text>', 'free text')
    .option('--json', 'print the cartridge (or, for a range, the list) as JSON')
    .action(
      runAction(
        io,
        setExit,
        async (
          volser: string,
          f: { media: string; location?: string; retentionUntil?: string; notes?: string; json?: boolean },
          cmd: Command,
        ) => {
          const volsers = volserRange(volser);
          return withCatalog(cmd, (cat) => {
            // All or nothing: a range with one VOLSER already known adds none of them.
            const added = cat.transaction(() =>
              volsers.map((v) =>
                cat.cartridges.add({
                  volser: v,
                  mediaId: f.media,
                  ...(f.location !== undefined ? { location: f.location } : {}),
                  ...(f.retentionUntil !== undefined ? { retentionUntil: f.retentionUntil } : {}),
                  ...(f.notes !== undefined ? { notes: f.notes } : {}),
                }),
              ),
            );
            if (f.json) printJson(io, volsers.length === 1 && !volser.includes('..') ? added[0] : added);
            else if (added.length === 1) io.out.write(`added ${added[0]!.volser} (barcode ${added[0]!.barcode}) to ${cat.path}\n`);
            else io.out.write(`added ${added.length} cartridges ${added[0]!.volser}..${added[added.length - 1]!.volser} to ${cat.path}\n`);
            return EXIT_OK;
          });
        },
      ),
    );
}

interface ListFlags {
  prefix?: string;
  status?: string;
  location?: string;
  underRetention?: boolean;
  reusable?: boolean;
  limit: string;
  json?: boolean;
}

function list(tape: Command, io: CliIo, setExit: SetExit): void {
  tape
    .command('list')
    .description('List cartridges, filtered by VOLSER prefix, status, location and retention.')
    .option('--prefix <volser>', 'VOLSER prefix, e.g. ABC')
    .option('--status <list>', `comma-separated: ${CARTRIDGE_STATUSES.join(', ')}`)
    .option('--location <text>', 'exact location (case-insensitive)')
    .option('--under-retention', 'only cartridges still under retention today')
    .option('--reusable', 'only cartridges with no retention or whose retention has ended')
    .option('--limit <n>', 'at most this many rows', '500')
    .option('--json', 'print { cartridges, total } as JSON')
    .action(
      runAction(io, setExit, async (f: ListFlags, cmd: Command) => {
        const limit = Number(f.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
          throw new SysbError('USAGE', `--limit must be a whole number from 1 to 10000, got '${f.limit}'`);
        if (f.underRetention && f.reusable) throw new SysbError('USAGE', '--under-retention and --reusable exclude each other');
        return withCatalog(cmd, (cat) => {
          // A cartridge whose writer died mid-write is shown as what it is, unknown (one indexed count when none is writing).
          settleAbandonedWrites(cat);
          const today = localDate(new Date());
          const status = statusList(f.status);
          const found = cat.cartridges.search({
            ...(f.prefix !== undefined ? { volserPrefix: f.prefix } : {}),
            ...(status ? { status } : {}),
            ...(f.location !== undefined ? { location: f.location } : {}),
            ...(f.underRetention ? { underRetentionOn: today } : {}),
            ...(f.reusable ? { retentionEndsBy: today } : {}),
            limit,
          });
          if (f.json) {
            printJson(io, found);
            return EXIT_OK;
          }
          if (found.total === 0) {
            io.out.write('no cartridges match\n');
            return EXIT_OK;
          }
          io.out.write(
            table([['VOLSER', 'MEDIA', 'STATUS', 'LOCATION', 'RETENTION', 'WRITES', 'LAST USED'], ...found.cartridges.map(cartridgeRow)]),
          );
          if (found.total > found.cartridges.length)
            io.out.write(`(${found.cartridges.length} of ${found.total} shown; narrow the search or raise --limit)\n`);
          return EXIT_OK;
        });
      }),
    );
}

function show(tape: Command, io: CliIo, setExit: SetExit): void {
  tape
    .command('show <volser>')
    .description("One cartridge's details and history: writes (per-record block size, bytes, SHA-256) and verifications.")
    .option('--json', 'print the history as JSON')
    .action(
      runAction(io, setExit, async (volser: string, f: { json?: boolean }, cmd: Command) =>
        withCatalog(cmd, (cat) => {
          settleAbandonedWrites(cat);
          const h = cat.history(volser);
          if (f.json) printJson(io, h);
          else io.out.write(describeHistory(h));
          return EXIT_OK;
        }),
      ),
    );
}

function set(tape: Command, io: CliIo, setExit: SetExit): void {
  tape
    .command('set <volser>')
    .description('Change where a cartridge is kept, its retention date or notes ("" clears a field).')
    .option('--location <text>', 'new location')
    .option('--retention-until <date>', 'new retention date (YYYY-MM-DD)')
    .option('--notes <text>', 'new notes')
    .option('--json', 'print the cartridge as JSON')
    .action(
      runAction(
        io,
        setExit,
        async (volser: string, f: { location?: string; retentionUntil?: string; notes?: string; json?: boolean }, cmd: Command) => {
          const clear = (v: string | undefined) => (v === undefined ? undefined : v.trim() === '' ? null : v);
          if (f.location === undefined && f.retentionUntil === undefined && f.notes === undefined)
            throw new SysbError('USAGE', 'nothing to change: give --location, --retention-until or --notes');
          return withCatalog(cmd, (cat) => {
            const c = cat.cartridges.update(volser, {
              ...(f.location !== undefined ? { location: clear(f.location) } : {}),
              ...(f.retentionUntil !== undefined ? { retentionUntil: clear(f.retentionUntil) } : {}),
              ...(f.notes !== undefined ? { notes: clear(f.notes) } : {}),
            });
            if (f.json) printJson(io, c);
            else io.out.write(`updated ${c.volser}: location ${c.location ?? '-'}, retention until ${c.retentionUntil ?? '-'}\n`);
            return EXIT_OK;
          });
        },
      ),
    );
}

function retire(tape: Command, io: CliIo, setExit: SetExit): void {
  tape
    .command('retire <volser>')
    .description(
      'Take a cartridge out of service. Refused while it is under retention, unless --override-retention gives a reason (recorded).',
    )
    .requiredOption('--reason <text>', 'why it is retired (worn, damaged, lost...)')
    .option('--override-retention <reason>', 'retire although under retention; the reason is kept in its history')
    .option('--json', 'print the cartridge as JSON')
    .action(
      runAction(io, setExit, async (volser: string, f: { reason: string; overrideRetention?: string; json?: boolean }, cmd: Command) =>
        withCatalog(cmd, (cat) => {
          let c: Cartridge;
          try {
            c = cat.cartridges.retire(volser, f.reason, f.overrideRetention !== undefined ? { reason: f.overrideRetention } : undefined);
          } catch (err) {
            if (err instanceof SysbError && err.code === 'CHECK_BLOCKED')
              throw new SysbError('CHECK_BLOCKED', `${err.message} (add --override-retention REASON)`, { ...err.details });
            throw err;
          }
          if (f.json) printJson(io, c);
          else io.out.write(`retired ${c.volser}: ${c.retiredReason ?? ''}\n`);
          return EXIT_OK;
        }),
      ),
    );
}

function remove(tape: Command, io: CliIo, setExit: SetExit): void {
  tape
    .command('delete <volser>')
    .description(
      'Remove a cartridge registered by mistake: only a blank one never written or verified (anything with history is retired instead).',
    )
    .option('--json', 'print the removed cartridge as JSON')
    .action(
      runAction(io, setExit, async (volser: string, f: { json?: boolean }, cmd: Command) =>
        withCatalog(cmd, (cat) => {
          const c = cat.cartridges.deleteBlank(volser);
          if (f.json) printJson(io, c);
          else io.out.write(`deleted ${c.volser} (barcode ${c.barcode}) from ${cat.path}\n`);
          return EXIT_OK;
        }),
      ),
    );
}

function label(tape: Command, io: CliIo, setExit: SetExit): void {
  tape
    .command('label <volser>')
    .description('Print the barcode label and restore card: <BARCODE>.pdf (one page), <BARCODE>.png and <BARCODE>-barcode.png.')
    .option('--out <dir>', 'folder for the files', '.')
    .option('--format <list>', 'pdf, png or pdf,png', 'pdf,png')
    .option('--part <part>', 'both (one sheet), label (<BARCODE>-label.pdf, -barcode.png) or card (<BARCODE>-card.pdf, -card.png)', 'both')
    .option('--json', 'print the file paths and the card as JSON')
    .action(
      runAction(io, setExit, async (volser: string, f: { out: string; format: string; part: string; json?: boolean }, cmd: Command) => {
        const formats = f.format.split(',').map((s) => s.trim().toLowerCase());
        for (const x of formats) if (x !== 'pdf' && x !== 'png') throw new SysbError('USAGE', `--format: '${x}' is not pdf or png`);
        const part = f.part.trim().toLowerCase();
        if (part !== 'both' && part !== 'label' && part !== 'card')
          throw new SysbError('USAGE', `--part: '${f.part}' is not both, label or card`);
        return withCatalog(cmd, async (cat) => {
          // Loaded here, not at start: the card reads the readiness checks and the AIX parsers.
          const { restoreCardFor } = await import('../services/labels/restore-card.ts');
          const card = restoreCardFor(cat, volser);
          // Loaded here: PDF and barcode libraries cost ~120 ms that `tape list` should not pay.
          const { writeLabelFiles } = await import('../services/labels/write-labels.ts');
          const files = await writeLabelFiles(card, f.out, formats as LabelFormat[], part);
          if (f.json) {
            printJson(io, { files, card });
            return EXIT_OK;
          }
          for (const file of [files.pdf, files.png, files.labelPdf, files.cardPdf, files.cardPng, files.barcodePng])
            if (file) io.out.write(`${file}\n`);
          if (card.records.length === 0)
            io.err.write(`note: ${card.volser} has no successful write recorded; the card shows only the label\n`);
          return EXIT_OK;
        });
      }),
    );
}

/** Registers `sysbtape tape …`. */
export const tapeCatalogCommand: CommandModule = (program, io, setExit) => {
  const tape = program.command('tape').description('Cartridges in the catalog: add, list, show, set, retire, delete, label.');
  add(tape, io, setExit);
  list(tape, io, setExit);
  show(tape, io, setExit);
  set(tape, io, setExit);
  retire(tape, io, setExit);
  remove(tape, io, setExit);
  label(tape, io, setExit);
};
