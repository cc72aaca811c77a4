/** Turns zod validation failures into INVALID_INPUT errors that name the bad field. */
import type { z } from 'zod';
import { SysbError } from '../../../shared/errors.ts';

/** Parses `value` with `schema`; on failure throws INVALID_INPUT naming each bad field, e.g. "cartridge: volser must be …". */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const parts = r.error.issues.slice(0, 5).map((issue) => {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '';
    const msg = issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message;
    return field ? `${field} ${msg}` : msg;
  });
  throw new SysbError('INVALID_INPUT', `${what}: ${parts.join('; ')}`, { issues: r.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) });
}
