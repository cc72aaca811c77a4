/**
 * The catalog side of `sysbtape write`: the same write checks as `run` (settled with --yes, --confirm and
 * --override-retention), and the catalog kept true about every cartridge whose tape is overwritten —
 * `writing` before the first byte, then the recorded write (--volser) or `unknown`.
 */
import { SysbError } from '../../shared/errors.ts';
import type { Catalog } from '../services/catalog/catalog.ts';
import type { CartridgeStatus } from '../services/catalog/model.ts';
import { writeFromTapeResult } from '../services/catalog/tape-results.ts';
import type { HeldTape } from '../services/jobs/held-tape.ts';
import { identifyTape } from '../services/jobs/identify-tape.ts';
import { BEFORE_TAPE } from '../services/jobs/tape-job-steps.ts';
import { retentionOverrideVolsers, runDirectWriteChecks, unsettledChecks } from '../services/jobs/write-checks.ts';
import type { WriteResult } from '../services/tape/four-record-writer.ts';
import type { CliIo } from './command-kit.ts';
import { confirmedCodes } from './command-kit.ts';

/** What the operator asked for. */
export interface WriteGuardRequest {
  target: string;
  imageDir: string;
  volser?: string;
  capacityBytes?: number;
  yes?: boolean;
  confirm?: string;
  overrideRetention?: string;
}

/** A write cleared by the checks: which cartridges it touches, and how to settle the catalog afterwards. */
export interface ClearedWrite {
  /** The cartridge the write is recorded on (--volser), if any. */
  volser: string | undefined;
  /** Other cataloged cartridges whose tape this is: overwritten without a record, their contents become unknown. */
  overwritten: string[];
}

/** Blocking drive checks and the error code the writer itself gives for them. */
const DRIVE_REFUSALS = { NO_TAPE: 'TAPE_NO_MEDIUM', WRITE_PROTECTED: 'TAPE_WRITE_PROTECTED', MEDIA_TOO_SMALL: 'TAPE_TOO_SMALL' } as const;

/**
 * Runs the checks on `tape` — already held for the write (the exclusive lock is taken before the first
 * record is read, and the write uses that same open) — and settles them with the flags; throws
 * CHECK_BLOCKED or NEEDS_CONFIRMATION like `run`.
 */
export async function clearDirectWrite(
  io: CliIo,
  catalog: Catalog,
  tape: Pick<HeldTape, 'facts' | 'read'>,
  req: WriteGuardRequest,
): Promise<ClearedWrite> {
  const volser = req.volser === undefined ? undefined : catalog.cartridges.require(req.volser).volser;
  const owners = new Set<string>();
  const checks = await runDirectWriteChecks({
    catalog,
    target: req.target,
    imageDir: req.imageDir,
    ...(volser === undefined ? {} : { volser }),
    ...(req.capacityBytes === undefined ? {} : { capacityBytes: req.capacityBytes }),
    driveFacts: () => tape.facts(),
    // Records 1 and 2 are enough to tell whose tape it is; record 4 may be hundreds of gigabytes.
    identify: async (t) => {
      const id = await identifyTape(catalog, t, { maxRecords: 2, read: (n) => tape.read(n) });
      // A record-2 match is that cartridge's tape too (its backup may be damaged): overwriting it changes what it holds.
      for (const m of [...id.matches, ...id.partialMatches.filter((p) => p.matchedRecords.includes(2))]) owners.add(m.volser);
      return id;
    },
  });
  for (const c of checks) io.err.write(`check (${c.kind}) ${c.code}: ${c.message}\n`);
  const reason = req.overrideRetention?.trim();
  const open = unsettledChecks(checks, {
    confirmed: confirmedCodes(req.yes, req.confirm),
    ...(reason ? { retentionOverrideReason: reason } : {}),
  });
  const blocking = open.filter((c) => c.kind === 'blocking');
  // The drive's own refusals keep the error codes `write` always had (scripts test for them).
  const driveOnly = blocking.length > 0 && blocking.every((c) => c.code in DRIVE_REFUSALS);
  if (driveOnly)
    throw new SysbError(DRIVE_REFUSALS[blocking[0]!.code as keyof typeof DRIVE_REFUSALS], blocking.map((c) => c.message).join('; '), {
      checks: open,
    });
  if (blocking.length > 0) {
    const hint = blocking.some((c) => c.code === 'RETENTION')
      ? ' (add --override-retention REASON to write it anyway; the reason is recorded)'
      : '';
    throw new SysbError('CHECK_BLOCKED', `cannot write ${req.target}: ${blocking.map((c) => c.message).join('; ')}${hint}`, {
      checks: open,
    });
  }
  if (open.length > 0) {
    throw new SysbError(
      'NEEDS_CONFIRMATION',
      `writing ${req.target} needs confirmation: ${open.map((c) => `[${c.code}] ${c.message}`).join('; ')}. ` +
        `Confirm with --yes (or --confirm ${open.map((c) => c.code).join(',')})`,
      { checks: open },
    );
  }
  const overwritten = [...owners].filter((v) => v !== volser);
  if (reason) {
    // Recorded in the history of each guarded cartridge: the one written and the one whose tape this is.
    for (const v of retentionOverrideVolsers(checks, volser ?? '')) catalog.cartridges.guardRetention(v, 'write', { reason });
  }
  return { volser, overwritten };
}

/**
 * Runs the write with the catalog kept true: every touched cartridge is `writing` before the first byte;
 * afterwards the named one has its write recorded (ok → written, else unknown) and the others are unknown.
 * A refusal before the tape was touched gives every cartridge its status back.
 */
export async function writeKeepingCatalogTrue(
  catalog: Catalog,
  cleared: ClearedWrite,
  imageDir: string,
  target: string,
  write: () => Promise<WriteResult>,
): Promise<{ result: WriteResult; writeId: number | null }> {
  const touched = [...(cleared.volser ? [cleared.volser] : []), ...cleared.overwritten];
  const before = new Map<string, CartridgeStatus>(touched.map((v) => [v, catalog.cartridges.startWrite(v)]));
  const imageSetId = catalog.imageSets.findByStagingPath(imageDir)?.id;
  const startedAt = new Date().toISOString();
  try {
    const result = await write();
    for (const v of cleared.overwritten) catalog.cartridges.markContentsUnknown(v);
    const rec = cleared.volser
      ? catalog.writes.record(writeFromTapeResult(result, { volser: cleared.volser, ...(imageSetId === undefined ? {} : { imageSetId }) }))
      : undefined;
    return { result, writeId: rec?.id ?? null };
  } catch (err) {
    const code = err instanceof SysbError ? err.code : 'INTERNAL';
    if (BEFORE_TAPE.has(code)) {
      for (const [v, status] of before) catalog.cartridges.writeNotStarted(v, status);
    } else {
      for (const v of cleared.overwritten) catalog.cartridges.markContentsUnknown(v);
      if (cleared.volser) {
        catalog.writes.record({
          volser: cleared.volser,
          ...(imageSetId === undefined ? {} : { imageSetId }),
          drive: target,
          startedAt,
          endedAt: new Date().toISOString(),
          result: code === 'CANCELLED' ? 'cancelled' : 'failed',
          error: err instanceof Error ? err.message.slice(0, 4000) : String(err),
          records: [],
        });
      }
    }
    throw err;
  }
}
