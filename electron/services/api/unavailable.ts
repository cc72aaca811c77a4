/** A handler for a service that has not landed in this build: says so plainly instead of faking a result. */
import { SysbError } from '../../../shared/errors.ts';

/** Returns a handler that always fails with UNAVAILABLE, naming the missing service. */
export function unavailable(what: string): () => Promise<never> {
  return async () => {
    throw new SysbError('UNAVAILABLE', `${what} is not available in this build yet`);
  };
}
