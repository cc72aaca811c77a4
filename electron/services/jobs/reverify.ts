/**
 * Re-verify a shelved cartridge: read the tape back against what its last good write recorded (or an
 * image set directory) and append the verification to the cartridge's history, pass or fail.
 */
import { SysbError } from '../../../shared/errors.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Verification } from '../catalog/model.ts';
import { verificationFromTapeResult } from '../catalog/tape-results.ts';
import type { VerifyResult } from '../tape/tape-verifier.ts';
import { runStepWork, type StepWorkOptions } from './step-work.ts';
import { withDriveAlerts } from './drive-health-checks.ts';

/** What a re-verification produced. */
export interface Reverification {
  result: VerifyResult;
  verification: Verification;
}

/** Options of reverifyCartridge. */
export interface ReverifyOptions extends StepWorkOptions {
  /** Compare with this image set directory instead of the hashes the last good write recorded. */
  images?: string;
  /** The job this verification belongs to, if any (the app's durable verify). */
  jobId?: number;
}

/** The cartridge and the write a re-verification compares with; throws when there is nothing to compare with. */
export function reverifyBasis(catalog: Catalog, volser: string, hasImages: boolean) {
  const cartridge = catalog.cartridges.require(volser);
  const write = catalog.writes.lastGood(cartridge.id);
  if (!write && !hasImages) {
    throw new SysbError(
      'INVALID_INPUT',
      `cartridge ${cartridge.volser} has no successful write in the catalog to compare with; give --images DIR or write it first`,
    );
  }
  return { cartridge, write };
}

/** Verifies the tape at `target` as cartridge `volser` (in a worker thread) and records the verification. */
export async function reverifyCartridge(
  catalog: Catalog,
  volser: string,
  target: string,
  opts: ReverifyOptions = {},
): Promise<Reverification> {
  const { cartridge, write } = reverifyBasis(catalog, volser, opts.images !== undefined);
  const expected = write?.records.map((r) => ({ index: r.index as 1 | 2 | 3 | 4, bytes: r.bytes, sha256: r.sha256 }));
  const { images, jobId, ...work } = opts;
  // A critical TapeAlert flag after the read-back makes it not a pass (issue 17).
  const { result, flags } = await withDriveAlerts(
    await runStepWork(
      {
        op: 'verify',
        target,
        ...(images !== undefined ? { images } : expected ? { expected } : {}),
      },
      work,
    ),
    target,
  );
  const verification = catalog.verifications.record(
    verificationFromTapeResult(result, {
      volser: cartridge.volser,
      ...(write ? { writeId: write.id } : {}),
      ...(jobId !== undefined ? { jobId } : {}),
      verifiedAt: new Date().toISOString(),
    }),
  );
  if (flags) catalog.driveHealth.recordTapeAlert({ verificationId: verification.id }, target, flags);
  return { result, verification };
}
