/** Opens the library's changer for the CLI and jobs, and turns changer problems into the app's error codes. */
import { SysbError, type ErrorCode } from '../../../shared/errors.ts';
import { resolveChanger, type ChangerSource } from './changer-discovery.ts';
import { ChangerError, type ChangerProblem, type MediaChanger } from './media-changer.ts';
import { SgMediaChanger } from './sg-media-changer.ts';

const CODE_OF: Record<ChangerProblem, ErrorCode> = {
  NOT_RESPONDING: 'UNAVAILABLE', DOOR_OPEN: 'UNAVAILABLE', NOT_READY: 'UNAVAILABLE', SOURCE_EMPTY: 'CHECK_BLOCKED',
  DESTINATION_FULL: 'CHECK_BLOCKED', MEDIUM_REMOVAL_PREVENTED: 'CHECK_BLOCKED', NOT_FOUND: 'NOT_FOUND', BAD_ELEMENT: 'INVALID_INPUT',
  NOT_A_CHANGER: 'INVALID_INPUT', FAILED: 'TAPE_IO',
};

/** A SysbError for a changer problem (the problem code kept in details.problem); other errors unchanged. */
export function asSysbError(err: unknown): unknown {
  if (!(err instanceof ChangerError)) return err;
  return new SysbError(CODE_OF[err.problem], `library: ${err.message}`, { problem: err.problem });
}

/** Runs `fn` with the changer open (from --changer, $SYSBTAPE_CHANGER or sysfs beside `tape`), closing it after. */
export async function withChanger<T>(
  flag: string | undefined, tape: string | undefined, fn: (changer: MediaChanger, source: ChangerSource) => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  let changer: SgMediaChanger | undefined;
  try {
    const { device, source } = await resolveChanger(flag, env, tape);
    changer = await SgMediaChanger.open(device);
    return await fn(changer, source);
  } catch (err) {
    throw asSysbError(err);
  } finally {
    await changer?.close();
  }
}
