/** What operations tell the operator about (by email, webhook or desktop notification). */

/** The kinds of event, as the webhook's `event` field names them. */
export const OPS_EVENT_KINDS = ['job-failed', 'verification-failed', 'tape-needed', 'server-overdue', 'retention-ending', 'drive-cleaning'] as const;
/** One kind of event. */
export type OpsEventKind = (typeof OPS_EVENT_KINDS)[number];

/** One event: what happened, to which server and cartridge, and what to do. */
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
