/**
 * The schema of every engine job's stored params, in one place: a job is written with its kind's params
 * and read back through `engineJobOf`, which validates them, so a bad row in the catalog (edited by hand,
 * written by another version) is a clear CATALOG error naming the job and the field, never a crash mid-step.
 */
import { z } from 'zod';
import { SysbError } from '../../../shared/errors.ts';
import type { Job } from '../catalog/model.ts';
import {
  type CaptureJobParams,
  type EngineJob,
  type EngineJobKind,
  IMAGE_SET_JOB_KIND,
  type JobParamsOf,
  type LibraryJobLink,
  TAPE_JOB_KIND,
  type TapeJobParams,
  VERIFY_JOB_KIND,
  type VerifyJobParams,
  WRITE_JOB_KIND,
  type WriteJobParams,
} from './job-model.ts';

const text = z.string().min(1);
const imageSetRef = z.object({ imageSetId: z.number().int().positive(), dir: text });

const captureFields = {
  server: text,
  stagingRoot: text,
  capture: z.object({ exclude: z.boolean(), pack: z.boolean(), expandTmp: z.boolean(), record4BlockSize: z.number().int().positive() }),
  knownHostsPath: z.string().nullable(),
  transport: z.enum(['sftp', 'exec']).optional(),
};
/** The library link of a write or verify job (see LibraryJobLink). */
export const libraryLinkSchema = z
  .object({
    volser: z.string().regex(/^[A-Z0-9]{6}$/),
    changer: text,
    tape: text,
    driveNumber: z.number().int().min(1).optional(),
    afterVerify: z.enum(['slot', 'export', 'stay']),
  })
  .strict() satisfies z.ZodType<LibraryJobLink>;

const writeFields = {
  server: text,
  target: text,
  volser: text,
  labelDir: text,
  capacityBytes: z.number().int().positive().optional(),
  imageSet: imageSetRef.optional(),
  library: libraryLinkSchema.optional(),
};

/** Each engine job kind's params schema (the params types in job-model.ts are what they parse to). */
export const JOB_PARAMS_SCHEMAS = {
  [TAPE_JOB_KIND]: z.object({ ...captureFields, ...writeFields }) satisfies z.ZodType<TapeJobParams>,
  [IMAGE_SET_JOB_KIND]: z.object(captureFields) satisfies z.ZodType<CaptureJobParams>,
  [WRITE_JOB_KIND]: z.object({ ...writeFields, imageSet: imageSetRef }) satisfies z.ZodType<WriteJobParams & { imageSet: unknown }>,
  [VERIFY_JOB_KIND]: z.object({
    target: text,
    volser: text,
    imageSet: imageSetRef.optional(),
    library: libraryLinkSchema.optional(),
  }) satisfies z.ZodType<VerifyJobParams>,
} as const satisfies Record<EngineJobKind, z.ZodType>;

/** The params of a new job of `kind`, checked before they are stored (a bug here must not reach the catalog). */
export function jobParamsToStore<K extends EngineJobKind>(kind: K, params: JobParamsOf<K>): Record<string, unknown> {
  const r = JOB_PARAMS_SCHEMAS[kind].safeParse(params);
  if (!r.success) throw new SysbError('INTERNAL', `the params of a new '${kind}' job are not valid — ${issuesOf(r.error)}`);
  return Object.fromEntries(Object.entries(r.data));
}

/** A catalog job as the engine job it is (kind + validated params); CATALOG error naming the job and the field otherwise. */
export function engineJobOf(job: Job): EngineJob {
  const what = `job ${job.id} ('${job.kind}')`;
  switch (job.kind) {
    case TAPE_JOB_KIND:
      return { kind: job.kind, params: parseStored(JOB_PARAMS_SCHEMAS[TAPE_JOB_KIND], job.params, what) };
    case IMAGE_SET_JOB_KIND:
      return { kind: job.kind, params: parseStored(JOB_PARAMS_SCHEMAS[IMAGE_SET_JOB_KIND], job.params, what) };
    case WRITE_JOB_KIND:
      return { kind: job.kind, params: parseStored(JOB_PARAMS_SCHEMAS[WRITE_JOB_KIND], job.params, what) };
    case VERIFY_JOB_KIND:
      return { kind: job.kind, params: parseStored(JOB_PARAMS_SCHEMAS[VERIFY_JOB_KIND], job.params, what) };
    default:
      throw new SysbError('INVALID_INPUT', `job ${job.id} is a '${job.kind}' job, which this engine does not run`);
  }
}

function parseStored<S extends z.ZodType>(schema: S, params: unknown, what: string): z.output<S> {
  const r = schema.safeParse(params);
  if (r.success) return r.data;
  throw new SysbError('CATALOG', `${what} has bad params in the catalog — ${issuesOf(r.error)}; the job cannot run as stored`);
}

/** "volser: Invalid input: expected string, received undefined; …" (the first five). */
function issuesOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(params)'}: ${i.message}`)
    .join('; ');
}
