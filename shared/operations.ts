/**
 * Operations (issue 19): the backup policy, the fleet status and the schedules, as the CLI's --json,
 * the API and the renderer share them. Kept apart from shared/domain.ts on purpose (one owner per file).
 */

/** What an operator wants of every server's backups. */
export interface BackupPolicy {
  /** The newest verified tape of a server may be at most this old (days since its capture). */
  maxAgeDays: number;
  /** Verified cartridges wanted whose backup is within maxAgeDays. */
  copies: number;
  /** How many of those must sit at an off-site location. */
  offsiteCopies: number;
  /** Cartridge locations that count as off site (compared without regard to case). */
  offsiteLocations: string[];
  /** A shelved verified cartridge should be read back again after this many days. */
  reverifyDays: number;
  /** Retention given to new tapes, in days; 0 gives none. */
  retentionDays: number;
}

/** The policy fields, as `policy set` and the API name them. */
export const POLICY_FIELDS = ['maxAgeDays', 'copies', 'offsiteCopies', 'offsiteLocations', 'reverifyDays', 'retentionDays'] as const;
/** One policy field. */
export type PolicyField = (typeof POLICY_FIELDS)[number];

/**
 * The built-in default, used where the operator set nothing: the routine of the issue (30 days, 2 copies,
 * 1 off site, 180 days). No retention until the operator sets one: a retention blocks rewriting a tape.
 */
export const BUILTIN_POLICY: BackupPolicy = {
  maxAgeDays: 30,
  copies: 2,
  offsiteCopies: 1,
  offsiteLocations: [],
  reverifyDays: 180,
  retentionDays: 0,
};

/** A change to a policy; for a server's policy, null means "inherit the default again". */
export type PolicyPatch = { [K in PolicyField]?: BackupPolicy[K] | null };

/** A server's policy as in effect, and which fields it sets itself (the rest come from the default). */
export interface EffectivePolicy {
  server: string | null;
  policy: BackupPolicy;
  own: PolicyField[];
}

/** A server's state against its policy, worst last. */
export const SERVER_STATES = ['ok', 'due-soon', 'overdue', 'failing'] as const;
/** One server state. */
export type ServerState = (typeof SERVER_STATES)[number];

/** A verified cartridge holding a server's backup. */
export interface VerifiedCopy {
  volser: string;
  location: string | null;
  offsite: boolean;
  imageSetId: number;
  capturedAt: string;
  /** Whole days since the capture of the image set it holds. */
  ageDays: number;
  lastVerifiedAt: string;
  retentionUntil: string | null;
}

/** One server in the fleet status. */
export interface ServerStatus {
  server: string;
  state: ServerState;
  /** Why the state is what it is, one sentence each; empty when ok. */
  reasons: string[];
  lastCaptureAt: string | null;
  newestVerified: VerifiedCopy | null;
  /** Verified cartridges within the policy's max age, newest first. */
  copies: VerifiedCopy[];
  offsiteCopies: number;
  /** Every verified cartridge of the server, newest first (the timeline). */
  verifiedTapes: VerifiedCopy[];
  newestImageSet: { id: number; capturedAt: string; ready: boolean | null } | null;
  policy: BackupPolicy;
}

/** A cartridge named in one of the status lists. */
export interface CartridgeNote {
  volser: string;
  status: string;
  location: string | null;
  server: string | null;
  /** The date that matters for the list: due date of the re-verification, or end of retention. */
  date: string | null;
}

/** A job that failed or was interrupted and was not followed by a successful one. */
export interface JobNote {
  id: number;
  kind: string;
  state: string;
  server: string | null;
  volser: string | null;
  updatedAt: string;
  message: string | null;
}

/** A drive whose last TapeAlert reading asks for cleaning. */
export interface DriveNote {
  drive: string;
  readAt: string;
  flags: string[];
  fix: string;
}

/** The fleet status: `sysbtape status --json` and the app's home view. */
export interface FleetStatus {
  at: string;
  /** 'ok' when every server is ok or due soon; otherwise the worst state. */
  overall: ServerState;
  servers: ServerStatus[];
  reverifyDue: CartridgeNote[];
  retentionEnding: CartridgeNote[];
  reusable: CartridgeNote[];
  failedJobs: JobNote[];
  /** Cartridges whose last read-back failed (status failed). */
  failedCartridges: CartridgeNote[];
  cleaningDue: DriveNote[];
  /** The shelf's cartridges counted by status (retired included). */
  shelf: Record<string, number>;
}

/** A capture schedule of one server: every N seconds, or a cron expression. */
export interface Schedule {
  id: number;
  server: string;
  serverId: number;
  everySeconds: number | null;
  cron: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** Failed attempts in a row; reset by a success or by `schedule add` again. */
  failures: number;
  /** Not retried before this instant (back-off after a failure). */
  retryAt: string | null;
}

/** What `due` says of one schedule. */
export type DueState = 'due' | 'not-due' | 'waiting' | 'backing-off' | 'given-up';

/** One schedule judged at an instant. */
export interface DueItem {
  server: string;
  serverId: number;
  state: DueState;
  /** When the schedule wants (or wanted) its capture; null: never captured, due now. */
  dueAt: string | null;
  reason: string;
  failures: number;
  lastError: string | null;
  /** The catalog job of the server still running (the schedule waits for it); null when none. */
  runningJobId:
    number | null; /** The server's capture job that did not finish and that the next run resumes (instead of a new one); null when none. */
  unfinishedJobId: number | null;
}

/** The kinds of event operations tell the operator about, as the webhook's `event` field names them. */
export const OPS_EVENT_KINDS = [
  'job-failed',
  'verification-failed',
  'tape-needed',
  'server-overdue',
  'retention-ending',
  'drive-cleaning',
] as const;
/** One kind of event. */
export type OpsEventKind = (typeof OPS_EVENT_KINDS)[number];

/** One event: what happened, to which server and cartridge, and what to do (email, webhook or desktop notification). */
export interface OpsEvent {
  kind: OpsEventKind;
  server: string | null;
  volser: string | null;
  subject: string;
  summary: string;
  fix: string;
  /** Identifies the occurrence, so the same one is not sent again and again (e.g. 'retention-ending:AIX701:2027-01-05'). */
  key: string;
}

/**
 * The notification settings as the app shows them: never a secret, only where it is kept. A password or
 * token typed in the app goes to the OS keyring (the app's secret store), not into the settings file.
 */
export interface NotifySettings {
  email: {
    host: string;
    port: number;
    /** STARTTLS on a plain port (587); false: TLS from the start (465). Never a plain-text session. */
    starttls: boolean;
    user: string | null;
    /** Where the SMTP password is: the app's keyring, the settings file (set by the CLI), an environment variable, or none. */
    passwordIn: SecretPlace;
    from: string;
    to: string[];
    caFile: string | null;
  } | null;
  webhook: { url: string; tokenIn: SecretPlace } | null;
  events: OpsEventKind[];
  /** The settings file (shared with the CLI and the timer). */
  configPath: string;
  /** Where secrets typed in the app go, e.g. "OS keyring (gnome_libsecret)". */
  secretStore: string;
}

/** Where a notification secret is kept. */
export type SecretPlace = 'keyring' | 'file' | 'environment' | 'none';

/** What one channel did with a (test) notification. */
export interface NotifyDelivery {
  channel: string;
  ok: boolean;
  error?: string;
}
