/**
 * The app's one contract: method name → request schema (zod) + response type, and event name →
 * payload. The preload, the IPC chokepoint, the browser harness and the renderer client are all
 * built from these maps, so adding a feature means adding one entry here.
 */
import { z } from 'zod';
import type {
  AppInfo,
  CartridgeDetail,
  CartridgeInfo,
  CartridgePage,
  ConnectionTest,
  DriveInfo,
  ImageSetInfo,
  JobId,
  JobInfo,
  JobPage,
  LabelPreview,
  PreflightReport,
  PrintResult,
  ServerInfo,
  TapeChecks,
} from './model.ts';
import {
  CARTRIDGE_STATUSES,
  FORM_AUTH_METHODS,
  MEDIA_IDS,
  RECORD4_BLOCK_SIZES,
  RETENTION_REASON_MIN_LENGTH,
  STEP_STATES,
} from './domain.ts';
import { CARTRIDGE_SORT_KEYS, JOB_KINDS, JOB_VERDICT_FILTERS, PRINT_PARTS } from './model.ts';
import { volserSchema } from './volser-schema.ts';
import type { ErrorCode } from './errors.ts';
import type { ContentsPage, ContentsSearch, FindBackupsResult } from './contents.ts';
import type { DriveHealthView } from './drive-health.ts';
import {
  type DueItem,
  type EffectivePolicy,
  type FleetStatus,
  type NotifyDelivery,
  type NotifySettings,
  OPS_EVENT_KINDS,
  type OpsEvent,
} from './operations.ts';
import {
  changerRefSchema,
  libraryTapeSchema,
  type LibraryLoadResult,
  type LibrarySettingsInfo,
  type LibraryStatus,
  type LibraryUnloadResult,
} from './library.ts';

export { volserSchema };
/**
 * A tape target: a virtual tape file ending in .tap (an absolute path), or a non-rewinding Linux st
 * device. The main process checks the file itself too (tape-target-guard.ts): never trust the window.
 */
export const tapeTargetSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine(
    (t) => (t.startsWith('/') && /\.tap$/i.test(t)) || /^\/dev\/nst\d+$/.test(t),
    'tape target must be the absolute path of a file ending in .tap or a non-rewinding device like /dev/nst0',
  );
const serverNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'server name: letters, digits, . _ - (up to 63)');
const idSchema = z.string().min(1).max(200);
/** A durable job's id: its number in the catalog. */
const durableJobIdSchema = z.number().int().positive();
/** Any job's id (model.ts JobId): a durable job's catalog number, or a session job's UUID. */
const jobIdSchema = z.union([durableJobIdSchema, z.uuid()]);
const empty = z.object({}).strict();
/** Which backup a Contents view shows: an image set by id, or the one a cartridge's last good write holds. */
const contentsSourceSchema = z.union([z.object({ imageSetId: idSchema }).strict(), z.object({ volser: volserSchema }).strict()]);
/** A member name or shell pattern as listed (`./etc/hosts`, `*.conf`); never a control character. */
const memberPathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => ![...p].some((c) => c.charCodeAt(0) < 0x20), 'a member name has no control characters');
/** An absolute folder on the workstation; the main process checks it again (output-folder-guard.ts). */
const absoluteFolderSchema = z
  .string()
  .min(2)
  .max(4096)
  .refine((p) => p.startsWith('/') && !p.includes('\0'), 'the folder must be an absolute path (/home/…)');

/** Request schemas, one per method; the IPC chokepoint and the harness parse every call with these. */
export const requestSchemas = {
  getAppInfo: empty,
  listServers: empty,
  addServer: z
    .object({
      name: serverNameSchema,
      host: z
        .string()
        .min(1)
        .max(255)
        .regex(/^[A-Za-z0-9.:_-]+$/, 'host: a name or address without spaces'),
      port: z.number().int().min(1).max(65535),
      user: z.string().regex(/^[a-z_][a-z0-9_.-]{0,31}$/i, 'user: an AIX login name'),
      auth: z.enum(FORM_AUTH_METHODS),
      keyPath: z.string().max(4096).nullable(),
      workdir: z.string().regex(/^\/[A-Za-z0-9._/-]*$/, 'work directory: an absolute path of letters, digits, . _ - /'),
      /** Password or key passphrase; kept by the main process (safeStorage), never sent back. */
      secret: z.string().max(1024).nullable(),
    })
    .strict(),
  updateServer: z
    .object({
      name: serverNameSchema,
      port: z.number().int().min(1).max(65535),
      user: z.string().regex(/^[a-z_][a-z0-9_.-]{0,31}$/i, 'user: an AIX login name'),
      workdir: z.string().regex(/^\/[A-Za-z0-9._/-]*$/, 'work directory: an absolute path of letters, digits, . _ - /'),
      /** Drop the pinned host keys: the next connection test asks the operator to confirm the key again. */
      forgetHostKeys: z.boolean(),
    })
    .strict(),
  /** Removes a server from the catalog; refused while image sets still refer to it. */
  deleteServer: z.object({ name: serverNameSchema }).strict(),
  testServer: z.object({ name: serverNameSchema }).strict(),
  trustServer: z.object({ name: serverNameSchema, fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/) }).strict(),
  preflightServer: z.object({ name: serverNameSchema }).strict(),
  startCapture: z
    .object({
      server: serverNameSchema,
      exclude: z.boolean(),
      pack: z.boolean(),
      record4BlockSize: z
        .number()
        .int()
        .refine((n) => (RECORD4_BLOCK_SIZES as readonly number[]).includes(n), 'record-4 block size must be one restbyname reads safely'),
    })
    .strict(),
  listImageSets: empty,
  listDrives: z.object({ extraTargets: z.array(tapeTargetSchema).max(20) }).strict(),
  checkTape: z.object({ target: tapeTargetSchema, volser: volserSchema, mediaId: z.enum(MEDIA_IDS), imageSetId: idSchema }).strict(),
  startWrite: z
    .object({
      target: tapeTargetSchema,
      volser: volserSchema,
      mediaId: z.enum(MEDIA_IDS),
      imageSetId: idSchema,
      /** Codes of the confirmation checks the operator said yes to. */
      confirmed: z.array(z.string().max(100)).max(20),
      /** Reason recorded when the operator overrides the retention guard. */
      overrideReason: z.string().min(RETENTION_REASON_MIN_LENGTH).max(500).nullable(),
    })
    .strict(),
  startVerify: z.object({ target: tapeTargetSchema, imageSetId: idSchema.nullable(), volser: volserSchema.nullable() }).strict(),
  listJobs: empty,
  /**
   * One page of jobs, filtered and sorted by start time by the catalog (durable jobs) together with this
   * session's jobs (identify, extract, plain read-backs), and the total that match.
   */
  pageJobs: z
    .object({
      state: z.enum(['any', ...STEP_STATES]),
      kind: z.enum(['any', ...JOB_KINDS]),
      verdict: z.enum(JOB_VERDICT_FILTERS),
      direction: z.enum(['asc', 'desc']),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(500),
    })
    .strict(),
  getJob: z.object({ id: jobIdSchema }).strict(),
  cancelJob: z.object({ id: jobIdSchema }).strict(),
  /** The pre-write checks of a durable job whose next step writes the tape (shown before it resumes). */
  jobChecks: z.object({ id: durableJobIdSchema }).strict(),
  resumeJob: z
    .object({
      id: durableJobIdSchema,
      /** Codes of the confirmation checks the operator said yes to (a resumed write checks the tape again). */
      confirmed: z.array(z.string().max(100)).max(20),
      overrideReason: z.string().min(RETENTION_REASON_MIN_LENGTH).max(500).nullable(),
    })
    .strict(),
  listCartridges: z
    .object({
      query: z.string().max(100),
      status: z.enum(['any', ...CARTRIDGE_STATUSES]),
      location: z.string().max(200),
      retention: z.enum(['any', 'held', 'expired']),
    })
    .strict(),
  /**
   * One page of cartridges, filtered, searched and sorted by the catalog. `search` is any text: it matches
   * anywhere in the VOLSER, the location or the host of the last write (case-insensitive).
   */
  pageCartridges: z
    .object({
      search: z.string().max(100),
      status: z.enum(['any', ...CARTRIDGE_STATUSES]),
      retention: z.enum(['any', 'held', 'expired']),
      sort: z.enum(CARTRIDGE_SORT_KEYS),
      direction: z.enum(['asc', 'desc']),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(500),
    })
    .strict(),
  getCartridge: z.object({ volser: volserSchema }).strict(),
  updateCartridge: z
    .object({
      volser: volserSchema,
      location: z.string().max(200).nullable(),
      retentionUntil: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'retention: a date like 2027-12-31')
        .nullable(),
      notes: z.string().max(2000).nullable(),
    })
    .strict(),
  retireCartridge: z.object({ volser: volserSchema, reason: z.string().min(3).max(500) }).strict(),
  /** Registers a cartridge on the operator's explicit "Add to catalog" (checking a tape never does). */
  addCartridge: z.object({ volser: volserSchema, mediaId: z.enum(MEDIA_IDS) }).strict(),
  /** Removes a blank cartridge that was never written (a typo or a try); anything with history is retired instead. */
  deleteCartridge: z.object({ volser: volserSchema }).strict(),
  identifyTape: z.object({ target: tapeTargetSchema }).strict(),
  renderLabel: z.object({ volser: volserSchema }).strict(),
  /** Prints the PDF of the spine label or of the restore card (rendered from the catalog now), apart from each other. */
  printLabel: z.object({ volser: volserSchema, part: z.enum(PRINT_PARTS) }).strict(),
  /** One directory of a backup's member index, largest first, a page at a time. */
  listContents: z
    .object({
      source: contentsSourceSchema,
      directory: z.string().max(4096),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(1000),
    })
    .strict(),
  /** Members of one backup whose names match a substring or shell pattern. */
  searchContents: z.object({ source: contentsSourceSchema, pattern: memberPathSchema, limit: z.number().int().min(1).max(1000) }).strict(),
  /** Every backup holding a member that matches (the catalog's "which backups have this file"). */
  findBackups: z.object({ pattern: memberPathSchema, server: serverNameSchema.nullable() }).strict(),
  /** Extracts the named members (or everything) into a folder, as a job with progress and cancel. */
  startExtract: z
    .object({
      source: z.union([
        z.object({ imageSetId: idSchema }).strict(),
        z.object({ target: tapeTargetSchema, record: z.union([z.literal(2), z.literal(4)]) }).strict(),
      ]),
      paths: z.array(memberPathSchema).max(10_000),
      outDir: absoluteFolderSchema,
      overwrite: z.boolean(),
    })
    .strict(),
  /** Asks the operator for a folder (Electron's dialog); UNAVAILABLE in the browser harness. */
  chooseFolder: z.object({ title: z.string().max(200) }).strict(),
  /** What a SCSI drive and its cartridge report (a .tap is "virtual"), or a saved `--save-raw` bundle decoded. */
  driveStatus: z.union([z.object({ target: tapeTargetSchema }).strict(), z.object({ bundleDir: absoluteFolderSchema }).strict()]),
  /** The fleet against its backup policy (issue 19): the home view. */
  getFleetStatus: empty,
  /** The capture schedules judged now (the app offers to start the due ones with startCapture). */
  listDue: empty,
  /** The default backup policy and every server's policy in effect. */
  getPolicies: empty,
  /** Changes the default policy (server null) or a server's; a null field in a server's patch follows the default again. */
  setPolicy: z
    .object({
      server: serverNameSchema.nullable(),
      patch: z
        .object({
          maxAgeDays: z.number().int().min(1).max(36500).nullable().optional(),
          copies: z.number().int().min(1).max(100).nullable().optional(),
          offsiteCopies: z.number().int().min(0).max(100).nullable().optional(),
          offsiteLocations: z.array(z.string().trim().min(1).max(200)).max(50).nullable().optional(),
          reverifyDays: z.number().int().min(1).max(36500).nullable().optional(),
          retentionDays: z.number().int().min(0).max(36500).nullable().optional(),
        })
        .strict(),
    })
    .strict(),
  /** The notification settings (secrets only as where they are kept). */
  getNotifySettings: empty,
  /**
   * Saves the notification settings to the file the CLI and timer read; a password or token given here goes
   * to the app's keyring, never into the file. null keeps the stored secret; '' removes it.
   */
  setNotifySettings: z
    .object({
      email: z
        .object({
          host: z.string().trim().min(1, 'SMTP host: required').max(253),
          port: z.number().int().min(1).max(65535),
          starttls: z.boolean(),
          user: z.string().trim().min(1).max(320).nullable(),
          password: z.string().max(1024).nullable(),
          from: z.string().trim().min(3, 'From: an email address').max(320),
          to: z.array(z.string().trim().min(3, 'To: an email address').max(320)).min(1, 'To: at least one address').max(50),
          /** A CA certificate (PEM file) to trust besides the system's, e.g. a company CA; null: the system's only. */
          caFile: absoluteFolderSchema.nullable(),
        })
        .strict()
        .nullable(),
      webhook: z
        .object({
          url: z.url({ protocol: /^https?$/, error: 'Webhook URL: an http(s) URL' }).max(2000),
          token: z.string().max(4096).nullable(),
        })
        .strict()
        .nullable(),
      events: z.array(z.enum(OPS_EVENT_KINDS)).max(OPS_EVENT_KINDS.length),
    })
    .strict(),
  /** Sends a test message to every configured channel now; one delivery per channel. */
  sendTestNotification: empty,
  /** What the fleet calls for now (overdue, failed jobs and read-backs, tape needed, retention, cleaning): desktop notifications. */
  listOpsEvents: empty,
  /** The library in the settings file, and the changer in use (issue 20). */
  getLibrarySettings: empty,
  /** Sets the library in the settings file, or removes it. */
  setLibrarySettings: z.union([
    z
      .object({
        changer: changerRefSchema,
        tape: libraryTapeSchema.nullable(),
        driveNumber: z.number().int().min(1).max(4096).nullable(),
        afterVerify: z.enum(['slot', 'export', 'stay']),
      })
      .strict(),
    z.object({ clear: z.literal(true) }).strict(),
  ]),
  /** Every slot, mail slot and drive of the library with its label, reconciled with the catalog. */
  getLibrary: empty,
  /** Loads the cartridge labelled VOLSER into the library's drive; null picks a reusable one (as `run --pick`). */
  libraryLoad: z.object({ volser: volserSchema.nullable() }).strict(),
  /** Unloads the drive to the slot its cartridge came from, or to the import/export slot (off site). */
  libraryUnload: z.object({ to: z.enum(['slot', 'export']) }).strict(),
  /** Adds labels the catalog does not know as blank cartridges (media id from the label suffix). */
  libraryAddUnknown: z.object({ volsers: z.array(volserSchema).min(1).max(500) }).strict(),
} as const;

/** Response types, one per method. */
export interface ApiResponses {
  getAppInfo: AppInfo;
  listServers: ServerInfo[];
  addServer: ServerInfo;
  updateServer: ServerInfo;
  deleteServer: ServerInfo;
  testServer: ConnectionTest;
  trustServer: ServerInfo;
  preflightServer: PreflightReport;
  startCapture: JobInfo;
  listImageSets: ImageSetInfo[];
  listDrives: DriveInfo[];
  checkTape: TapeChecks;
  startWrite: JobInfo;
  startVerify: JobInfo;
  listJobs: JobInfo[];
  pageJobs: JobPage;
  getJob: JobInfo;
  cancelJob: JobInfo;
  jobChecks: TapeChecks;
  resumeJob: JobInfo;
  listCartridges: CartridgeInfo[];
  pageCartridges: CartridgePage;
  getCartridge: CartridgeDetail;
  updateCartridge: CartridgeInfo;
  retireCartridge: CartridgeInfo;
  addCartridge: CartridgeInfo;
  deleteCartridge: CartridgeInfo;
  identifyTape: JobInfo;
  renderLabel: LabelPreview;
  printLabel: PrintResult;
  listContents: ContentsPage;
  searchContents: ContentsSearch;
  findBackups: FindBackupsResult;
  startExtract: JobInfo;
  /** The chosen folder, or null when the operator cancelled. */
  chooseFolder: string | null;
  driveStatus: DriveHealthView;
  getFleetStatus: FleetStatus;
  listDue: DueItem[];
  getPolicies: { default: EffectivePolicy; servers: EffectivePolicy[] };
  setPolicy: EffectivePolicy;
  getNotifySettings: NotifySettings;
  setNotifySettings: NotifySettings;
  sendTestNotification: NotifyDelivery[];
  listOpsEvents: OpsEvent[];
  getLibrarySettings: LibrarySettingsInfo;
  setLibrarySettings: LibrarySettingsInfo;
  getLibrary: LibraryStatus;
  libraryLoad: LibraryLoadResult;
  libraryUnload: LibraryUnloadResult;
  libraryAddUnknown: { added: string[] };
}

/** Every method name of the contract. */
export type ApiMethod = keyof typeof requestSchemas;
/** The request a method takes. */
export type ApiRequest<M extends ApiMethod> = z.infer<(typeof requestSchemas)[M]>;
/** The response a method resolves to. */
export type ApiResponse<M extends ApiMethod> = ApiResponses[M];

/** Method names as a list, for the preload and the harness client that expose them by name. */
export const API_METHODS = Object.keys(requestSchemas) as ApiMethod[];

/** Events the main side pushes: job snapshots (state and ~4 Hz progress) and new log lines. */
export interface ApiEvents {
  job: JobInfo;
  jobLog: { jobId: JobId; lines: string[] };
}
/** Every event name. */
export type ApiEventName = keyof ApiEvents;
/** Event names as a list, for validation at the transports. */
export const API_EVENTS: readonly ApiEventName[] = ['job', 'jobLog'];

/** What every call returns across a boundary: errors travel as data so their code survives IPC. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** The implementation side: one async function per method. */
export type ApiHandlers = { [M in ApiMethod]: (request: ApiRequest<M>) => Promise<ApiResponse<M>> };

/** What the renderer sees as `window.sysbtape`: named methods returning results, plus event subscription. */
export type SysbtapeBridge = { [M in ApiMethod]: (request: ApiRequest<M>) => Promise<ApiResult<ApiResponse<M>>> } & {
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
};

/** Type guard for method names arriving from an untrusted side. */
export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, name);
}
