/**
 * The checks before a write, in two kinds as Etcher does for drives. Blocking: a retired cartridge, one
 * under retention (only an explicit override with a recorded reason lets it through), an image set not
 * fully verified after fetch, no tape / write-protected, media too small. Needing confirmation: a tape
 * whose contents the catalog does not know (its records are read to see; only a provably blank tape
 * passes unasked), one that holds another cartridge's recorded write, a cartridge that failed before.
 * The retention of the cartridge the tape in the drive is identified as blocks like the written one's.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { unsettledChecks as unsettledByRule } from '../../../shared/domain.ts';
import type { TapeCheck } from '../../../shared/model.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { DriveFacts } from './drive-facts.ts';
import { runStepWork } from './step-work.ts';
import { isFullMatch, type TapeIdentity } from './identify-tape.ts';
import { driveHealthChecks, type HealthReader } from './drive-health-checks.ts';
import type { WriteCheck, WriteConsent } from './job-model.ts';
import { readinessWriteChecks } from './readiness-write-check.ts';

/** What the checks look at. */
export interface WriteCheckInput {
  catalog: Catalog;
  volser: string;
  /** The catalog's image set being written; absent for `sysbtape write` of a directory the catalog does not hold. */
  imageSetId?: number;
  /** The image set directory (default: the catalog image set's staging path). */
  imageDir?: string;
  target: string;
  capacityBytes?: number;
  /** Reads the tape and says what it holds (identifyTape, injected so the checks stay testable). */
  identify: (target: string) => Promise<TapeIdentity>;
  /**
   * What the drive says and whether the set fits (the write step asks its hold on the tape); by default a
   * worker looks (the image set is parsed there, never on the main thread).
   */
  driveFacts?: () => Promise<DriveFacts>;
  /** Reads a SCSI drive's health report (issue 17); injected in tests, SG_IO otherwise. */
  readHealth?: HealthReader;
}

async function imageSetChecks(catalog: Catalog, imageSetId: number): Promise<WriteCheck[]> {
  const set = catalog.imageSets.get(imageSetId);
  if (!set) return [{ code: 'IMAGE_SET_NOT_VERIFIED', kind: 'blocking', message: `image set ${imageSetId} is not in the catalog` }];
  if (set.state !== 'verified') {
    return [
      {
        code: 'IMAGE_SET_NOT_VERIFIED',
        kind: 'blocking',
        message: `image set ${imageSetId} is '${set.state}', not verified: its images were not all checked against the server's checksums after the fetch; fetch it again`,
      },
    ];
  }
  for (const img of set.images) {
    const file = path.join(set.stagingPath, img.fileName);
    const st = await stat(file).catch(() => undefined);
    if (!st?.isFile() || st.size !== img.size) {
      return [
        {
          code: 'IMAGE_SET_NOT_VERIFIED',
          kind: 'blocking',
          message: `${file} is ${st ? `${st.size} bytes, not the ${img.size} verified after the fetch` : 'missing'}; fetch the image set again`,
        },
      ];
    }
  }
  return [];
}

/** NO_TAPE, WRITE_PROTECTED and MEDIA_TOO_SMALL from what the drive says. */
export function driveFactChecks(facts: DriveFacts, target: string, volser: string): WriteCheck[] {
  if (facts.noTape)
    return [
      { code: 'NO_TAPE', kind: 'blocking', message: `no tape in ${target}${volser ? `; load cartridge ${volser}` : '; load a cartridge'}` },
    ];
  if (facts.writeProtected)
    return [
      { code: 'WRITE_PROTECTED', kind: 'blocking', message: `the tape in ${target} is write-protected; slide the tab to write-enable it` },
    ];
  if (facts.fit && facts.fit.needBytes > facts.fit.mediumBytes) {
    return [
      {
        code: 'MEDIA_TOO_SMALL',
        kind: 'blocking',
        message: `the image set needs ${facts.fit.needBytes} bytes of tape but the medium in ${target} holds ${facts.fit.mediumBytes}; use a larger cartridge`,
      },
    ];
  }
  return [];
}

async function driveChecks(
  input: Pick<WriteCheckInput, 'target' | 'volser' | 'capacityBytes' | 'driveFacts'>,
  imageDir: string | undefined,
): Promise<WriteCheck[]> {
  const facts = input.driveFacts
    ? await input.driveFacts()
    : await runStepWork({
        op: 'drive-facts',
        target: input.target,
        ...(imageDir === undefined ? {} : { images: imageDir }),
        ...(input.capacityBytes === undefined ? {} : { capacityBytes: input.capacityBytes }),
      });
  return driveFactChecks(facts, input.target, input.volser);
}

function contentsCheck(input: WriteCheckInput, id: TapeIdentity): WriteCheck[] {
  // Only a provably blank tape needs no look: one whose first read failed (2 MiB blocks, a bad block, a
  // broken .tap) is unknown contents, not blank.
  if (id.contents === 'blank') return [];
  const volser = input.volser.toUpperCase();
  const checks = identifiedRetentionChecks(input, id);
  if (id.matches.some((m) => m.volser === volser)) return checks;
  // Another cartridge's recorded write is asked about even when it holds this very image set: the wrong
  // cartridge may be loaded.
  const other = id.matches.find((m) => m.volser !== volser);
  const ownImageSet = id.imageSets.some((s) => s.imageSetId === input.imageSetId && isFullMatch(s.matchedRecords));
  if (other) {
    checks.push({
      code: 'KNOWN_CONTENTS',
      kind: 'confirm',
      message: `the tape in ${input.target} holds what the catalog recorded for cartridge ${other.volser} (write ${other.writeId}), not ${volser}: is the right cartridge loaded? Writing destroys it.`,
    });
  } else if (!id.known && !ownImageSet) {
    checks.push({
      code: 'UNKNOWN_CONTENTS',
      kind: 'confirm',
      message: `the tape in ${input.target} holds data the catalog does not know — ${id.summary}. Writing destroys it.`,
    });
  }
  return checks;
}

/**
 * Retention of the cartridge the tape in the drive IS, when that is not the one being written: it blocks
 * exactly as the written cartridge's own retention does, and only an override (recorded in that
 * cartridge's history) lets the write through. The tape is that cartridge when records 2 and 4 match its
 * write; with no such match, a cartridge whose record 2 (the host's own image.data) matches counts too,
 * because a damaged backup does not make the cartridge any less that one.
 */
function identifiedRetentionChecks(input: WriteCheckInput, id: TapeIdentity): WriteCheck[] {
  const volser = input.volser.toUpperCase();
  const candidates = id.matches.length > 0 ? id.matches : id.partialMatches.filter((m) => m.matchedRecords.includes(2));
  const volsers = [...new Set(candidates.map((m) => m.volser))].filter((v) => v !== volser);
  return volsers.flatMap((v): WriteCheck[] => {
    const r = input.catalog.cartridges.checkRetention(v);
    return r.blocked
      ? [
          {
            code: 'RETENTION',
            kind: 'blocking',
            volser: v,
            message: `the tape in ${input.target} is cartridge ${v}${volser ? `, not ${volser}` : ''}: ${r.message}`,
          },
        ]
      : [];
  });
}

/** The same check twice: one code about one cartridge (a RETENTION check names whose retention). */
function sameCheck(a: WriteCheck, b: WriteCheck): boolean {
  return a.code === b.code && (a.volser ?? '') === (b.volser ?? '');
}

/** A check in the contract's shape (shared TapeCheck). */
export function toTapeCheck(c: WriteCheck): TapeCheck {
  return { code: c.code, kind: c.kind, message: c.message, ...(c.volser ? { volser: c.volser } : {}) };
}

/** The cartridges whose retention a consent with an override reason overrides: each RETENTION check's (the written one's by default). */
export function retentionOverrideVolsers(checks: readonly WriteCheck[], writtenVolser: string): string[] {
  return [...new Set(checks.filter((c) => c.code === 'RETENTION').map((c) => c.volser ?? writtenVolser.toUpperCase()))];
}

/** Runs every check; returns them all (an empty list means the write may go ahead). */
export async function runWriteChecks(input: WriteCheckInput): Promise<WriteCheck[]> {
  const { catalog } = input;
  const checks: WriteCheck[] = [];
  // A cartridge not in the catalog yet (checked before its first write registers it) has no history to check.
  const cartridge = catalog.cartridges.get(input.volser);
  if (cartridge?.status === 'retired') {
    checks.push({
      code: 'RETIRED',
      kind: 'blocking',
      message: `cartridge ${cartridge.volser} was retired${cartridge.retiredReason ? ` (${cartridge.retiredReason})` : ''}; use another cartridge`,
    });
  }
  const retention = cartridge ? catalog.cartridges.checkRetention(cartridge.volser) : null;
  if (retention?.blocked) checks.push({ code: 'RETENTION', kind: 'blocking', message: retention.message });
  if (input.imageSetId !== undefined) {
    checks.push(...(await imageSetChecks(catalog, input.imageSetId)));
    checks.push(...(await readinessWriteChecks(catalog, input.imageSetId, input.volser.toUpperCase())));
  }
  const imageDir = input.imageDir ?? (input.imageSetId === undefined ? undefined : catalog.imageSets.get(input.imageSetId)?.stagingPath);
  const drive = await driveChecks(input, imageDir);
  checks.push(...drive);
  // What a SCSI drive and its cartridge say about themselves (issue 17); nothing for a .tap target.
  const health = await driveHealthChecks({ catalog, volser: input.volser, target: input.target, imageDir, readHealth: input.readHealth });
  checks.push(...health.filter((h) => !checks.some((c) => sameCheck(c, h))));
  const history = cartridge ? catalog.history(cartridge.volser) : null;
  const failures = history
    ? history.writes.filter((w) => w.result !== 'ok').length + history.verifications.filter((v) => v.verdict === 'fail').length
    : 0;
  if (cartridge && (cartridge.status === 'failed' || failures > 0)) {
    checks.push({
      code: 'FAILED_BEFORE',
      kind: 'confirm',
      message: `cartridge ${cartridge.volser} failed before (${failures} failed write(s) or verification(s)); a worn cartridge may fail again`,
    });
  }
  // Reading the tape is only worth it when nothing already stops the write.
  if (drive.length === 0 && !checks.some((c) => c.kind === 'blocking' && c.code !== 'RETENTION')) {
    // The cartridge memory may already have named the cartridge whose retention the data confirms: one check each.
    checks.push(...contentsCheck(input, await input.identify(input.target)).filter((k) => !checks.some((c) => sameCheck(c, k))));
  }
  return checks;
}

/** The checks the operator's answers do not settle: blocking ones (retention only by override) and unconfirmed ones. */
export function unsettledChecks(checks: readonly WriteCheck[], consent: WriteConsent): WriteCheck[] {
  // The CLI's --override-retention takes any non-empty reason; the app's contract asks for more (shared/api.ts).
  return unsettledByRule(checks, { confirmed: consent.confirmed ?? [], overrideReason: consent.retentionOverrideReason ?? null });
}

/** What `sysbtape write` checks before it overwrites a tape outside a job. */
export interface DirectWriteCheckInput {
  catalog: Catalog;
  target: string;
  imageDir: string;
  /** The cartridge being written (--volser), when the write is to be recorded. */
  volser?: string;
  capacityBytes?: number;
  /** The drive's facts from the hold that writes (held-tape.ts); a worker of its own reads them otherwise. */
  driveFacts?: () => Promise<DriveFacts>;
  identify: (target: string) => Promise<TapeIdentity>;
}

/**
 * The checks of `sysbtape write`, the same as run's. With a cartridge named: run's own checks (the image
 * set's catalog checks when the catalog holds that directory). Without: what the tape holds — unknown
 * contents need confirmation (contentsCheck), a cataloged cartridge's tape needs confirmation and is
 * guarded by that cartridge's retention. The writer itself refuses a write-protected or too small tape.
 */
export async function runDirectWriteChecks(input: DirectWriteCheckInput): Promise<WriteCheck[]> {
  const { catalog } = input;
  const imageSetId = catalog.imageSets.findByStagingPath(path.resolve(input.imageDir))?.id;
  const base = {
    catalog,
    target: input.target,
    imageDir: input.imageDir,
    identify: input.identify,
    ...(input.driveFacts === undefined ? {} : { driveFacts: input.driveFacts }),
    ...(imageSetId === undefined ? {} : { imageSetId }),
    ...(input.capacityBytes === undefined ? {} : { capacityBytes: input.capacityBytes }),
  };
  if (input.volser) return runWriteChecks({ ...base, volser: input.volser });
  // No tape, a write-protected one or one too small: say so without reading it (as run's checks do).
  const drive = await driveChecks({ ...base, volser: '' }, input.imageDir);
  if (drive.length > 0) return drive;
  const id = await input.identify(input.target);
  const owners = [...new Set(id.matches.map((m) => m.volser))];
  // The retention of whatever cartridge the tape is (a full match, or a record-2 match) guards it.
  const retention = identifiedRetentionChecks({ ...base, volser: '' }, id);
  if (owners.length === 0) return [...contentsCheck({ ...base, volser: '' }, id), ...retention];
  const checks: WriteCheck[] = [
    {
      code: 'KNOWN_CONTENTS',
      kind: 'confirm',
      message: `the tape in ${input.target} holds what the catalog recorded for cartridge ${owners.join(', ')} — ${id.summary}. Writing destroys it (name the cartridge with --volser to record the new write).`,
    },
  ];
  checks.push(...retention);
  return checks;
}
