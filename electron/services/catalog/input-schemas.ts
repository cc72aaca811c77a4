/** The zod schemas that guard every write into the catalog; their errors name the bad field. */
import { z } from 'zod';
import { volserSchema } from '../../../shared/volser-schema.ts';
import {
  AUTH_METHODS,
  CARTRIDGE_STATUSES,
  IMAGE_KINDS,
  IMAGE_SET_STATES,
  MEDIA_IDS,
  RECORD_RESULTS,
  STEP_STATES,
  VERDICTS,
  WRITE_RESULTS,
} from '../../../shared/domain.ts';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits (a SHA-256)');
const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2026-11-22T10:00:00Z' });
const isoDate = z.iso.date('must be a date as YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const positiveInt = z.number().int('must be a whole number').positive('must be positive');
const count = z.number().int('must be a whole number').nonnegative('must not be negative');

/** A VOLSER (the one rule, shared/volser-schema.ts). */
export { volserSchema };
/** The SHA-256 of a tape's records in order (null when a record was not read), for identifying a tape. */
export const recordHashesSchema = z
  .array(
    z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits')
      .nullable(),
  )
  .min(1)
  .max(4, 'at most 4 records (a bootable mksysb tape has 4)');
/** A media id (lower case accepted). */
export const mediaIdSchema = z
  .string()
  .trim()
  .toUpperCase()
  .pipe(z.enum(MEDIA_IDS, `must be one of ${MEDIA_IDS.join(', ')}`));
/** A VOLSER prefix for searches: up to six of A–Z and 0–9. */
export const volserPrefixSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{0,6}$/, 'must be up to 6 characters of A–Z and 0–9');

/** Input for registering a cartridge. */
export const newCartridgeSchema = z
  .object({
    volser: volserSchema,
    mediaId: mediaIdSchema,
    location: text(200).optional(),
    retentionUntil: isoDate.optional(),
    notes: z.string().max(4000, 'must be at most 4000 characters').optional(),
  })
  .strict();
/** Input for registering a cartridge. */
export type NewCartridge = z.input<typeof newCartridgeSchema>;

/** Changes to a cartridge's shelf data (null clears a field). */
export const cartridgePatchSchema = z
  .object({
    location: text(200).nullable().optional(),
    retentionUntil: isoDate.nullable().optional(),
    notes: z.string().max(4000, 'must be at most 4000 characters').nullable().optional(),
  })
  .strict();
/** Changes to a cartridge's shelf data. */
export type CartridgePatch = z.input<typeof cartridgePatchSchema>;

/** An explicit override of the retention guard; the reason is recorded. */
export const retentionOverrideSchema = z
  .object({
    reason: text(1000),
    jobId: positiveInt.optional(),
  })
  .strict();
/** An explicit override of the retention guard. */
export type RetentionOverride = z.input<typeof retentionOverrideSchema>;

/** Search filters for cartridges; all optional and combined with AND. */
export const cartridgeFilterSchema = z
  .object({
    volserPrefix: volserPrefixSchema.optional(),
    status: z.array(z.enum(CARTRIDGE_STATUSES)).optional(),
    location: z.string().trim().max(200).optional(),
    /** Cartridges still under retention on this date. */
    underRetentionOn: isoDate.optional(),
    /** Cartridges whose retention ends on or before this date (or that have none), i.e. reusable then. */
    retentionEndsBy: isoDate.optional(),
    limit: z.number().int().min(1).max(10_000).default(500),
    offset: z.number().int().min(0).default(0),
  })
  .strict();
/** Search filters for cartridges. */
export type CartridgeFilter = z.input<typeof cartridgeFilterSchema>;

/** A host key the operator accepted: OpenSSH SHA256: fingerprint, key type, when. */
export const pinnedHostKeySchema = z
  .object({
    fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must be an OpenSSH SHA256: fingerprint'),
    keyType: text(64),
    pinnedAt: isoTime,
  })
  .strict();
/** A pinned host key. */
export type PinnedHostKey = z.infer<typeof pinnedHostKeySchema>;

/** Input for registering (or replacing, by name) a server; the shape of the SSH layer's ServerConfig. */
export const newServerSchema = z
  .object({
    name: text(100),
    host: text(255),
    port: z.number().int().min(1, 'must be 1–65535').max(65535, 'must be 1–65535').default(22),
    user: text(64),
    auth: z.array(z.enum(AUTH_METHODS)).min(1, 'must name at least one method').default(['agent']),
    keyPath: text(4096).optional(),
    workdir: text(4096),
    hostKeys: z.array(pinnedHostKeySchema).default([]),
    keepaliveSeconds: z.number().int().min(0).default(15),
    connectTimeoutSeconds: z.number().int().min(1).default(20),
    sudo: z.array(z.string()).default([]),
    lastPreflightAt: isoTime.optional(),
    osLevel: text(64).optional(),
  })
  .strict();
/** Input for registering a server. */
export type NewServer = z.input<typeof newServerSchema>;

/** One image of an image set as fetched and checked. */
export const imageSchema = z
  .object({
    kind: z.enum(IMAGE_KINDS),
    fileName: text(255),
    size: count,
    sha256: sha256,
    remoteChecksum: text(200).optional(),
  })
  .strict();
/** One image of an image set. */
export type ImageInput = z.input<typeof imageSchema>;

/** Input for recording an image set with its three images. */
export const newImageSetSchema = z
  .object({
    serverId: positiveInt,
    capturedAt: isoTime,
    osLevel: text(64).optional(),
    mksysbOptions: z.array(z.string().regex(/^-[a-zA-Z]+$/, 'must be an option such as -i or -e')).default([]),
    tapeblksz: positiveInt,
    stagingPath: text(4096),
    state: z.enum(IMAGE_SET_STATES).default('staged'),
    images: z
      .array(imageSchema)
      .length(3, 'must hold the three images: boot, mkinsttape, mksysb')
      .refine((imgs) => IMAGE_KINDS.every((k) => imgs.some((i) => i.kind === k)), 'must hold one each of boot, mkinsttape, mksysb'),
  })
  .strict();
/** Input for recording an image set. */
export type NewImageSet = z.input<typeof newImageSetSchema>;

/** One tape record as written: block size, blocks, bytes and its SHA-256. */
export const writtenRecordSchema = z
  .object({
    index: z.number().int().min(1, 'must be 1–4').max(4, 'must be 1–4'),
    blockSize: positiveInt,
    blocks: count,
    bytes: count,
    sha256: sha256,
  })
  .strict();
/** One tape record as written. */
export type WrittenRecordInput = z.input<typeof writtenRecordSchema>;

const distinctRecordNos = (recs: { index: number }[]) => new Set(recs.map((r) => r.index)).size === recs.length;

/** Input for recording a finished tape write. */
export const newWriteSchema = z
  .object({
    volser: volserSchema,
    imageSetId: positiveInt.optional(),
    jobId: positiveInt.optional(),
    drive: text(4096),
    startedAt: isoTime,
    endedAt: isoTime,
    result: z.enum(WRITE_RESULTS),
    error: z.string().max(4000).optional(),
    records: z.array(writtenRecordSchema).max(4).refine(distinctRecordNos, 'must not repeat a record number'),
  })
  .strict()
  .refine((w) => w.result !== 'ok' || w.records.length === 4, { message: 'a successful write must list all 4 records', path: ['records'] });
/** Input for recording a finished tape write. */
export type NewWrite = z.input<typeof newWriteSchema>;

/** A problem found on read-back. */
export const problemSchema = z
  .object({
    code: text(64),
    message: text(4000),
    /**
     * The tape record it concerns, if one: 1–4, or 5+ for data past record 4 (a tape with extra files).
     * Problems are stored as JSON, so a failed verdict about an extra file is always recordable.
     */
    record: z.number().int().min(1).optional(),
    /** Byte offset within the record, if known. */
    offset: count.optional(),
  })
  .strict();

/** One tape record as read back. */
export const verifiedRecordSchema = z
  .object({
    index: z.number().int().min(1, 'must be 1–4').max(4, 'must be 1–4'),
    blockSize: count.optional(),
    blocks: count.optional(),
    bytes: count.optional(),
    sha256: sha256.optional(),
    result: z.enum(RECORD_RESULTS),
  })
  .strict();
/** One tape record as read back. */
export type VerifiedRecordInput = z.input<typeof verifiedRecordSchema>;

/** Input for recording a read-back verification. */
export const newVerificationSchema = z
  .object({
    volser: volserSchema,
    writeId: positiveInt.optional(),
    jobId: positiveInt.optional(),
    drive: text(4096),
    verifiedAt: isoTime,
    verdict: z.enum(VERDICTS),
    records: z.array(verifiedRecordSchema).max(4).refine(distinctRecordNos, 'must not repeat a record number'),
    problems: z.array(problemSchema).default([]),
    mksysbMemberCount: count.optional(),
  })
  .strict();
/** Input for recording a verification. */
export type NewVerification = z.input<typeof newVerificationSchema>;

/** Input for creating a job with its steps in order. */
export const newJobSchema = z
  .object({
    kind: text(64),
    steps: z
      .array(text(64))
      .min(1, 'must name at least one step')
      .refine((s) => new Set(s).size === s.length, 'must not repeat a step name'),
    serverId: positiveInt.optional(),
    imageSetId: positiveInt.optional(),
    volser: volserSchema.optional(),
    params: z.record(z.string(), z.unknown()).default({}),
    logPath: text(4096).optional(),
  })
  .strict();
/** Input for creating a job. */
export type NewJob = z.input<typeof newJobSchema>;

/** A change to one step of a job. */
export const stepUpdateSchema = z
  .object({
    state: z.enum(STEP_STATES).optional(),
    progressDone: count.optional(),
    progressTotal: count.nullable().optional(),
    message: z.string().max(4000).nullable().optional(),
    result: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .strict();
/** A change to one step of a job. */
export type StepUpdate = z.input<typeof stepUpdateSchema>;
