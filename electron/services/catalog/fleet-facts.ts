/**
 * The facts the fleet status is computed from, read in one go: servers and their newest image sets,
 * verified cartridges with the image set they hold and their last passing read-back, the shelf, jobs
 * and the last TapeAlert reading of each drive. No judgement here: electron/services/ops decides.
 */
import type Database from 'better-sqlite3';
import type { RecordedTapeAlert } from './drive-health.ts';
import { statementsOf } from './statements.ts';

/** A server with its newest capture. */
export interface ServerFact {
  id: number;
  name: string;
  lastCaptureAt: string | null;
  newestImageSetId: number | null;
  newestCapturedAt: string | null;
  /** Whether the newest image set's readiness report says ready; null when it has none. */
  newestReady: boolean | null;
}

/** A cartridge whose status is verified, with what its last good write holds. */
export interface VerifiedFact {
  volser: string;
  location: string | null;
  retentionUntil: string | null;
  serverId: number;
  imageSetId: number;
  capturedAt: string;
  /** The last passing verification after that write (the write's own read-back or a later one). */
  lastPassAt: string;
}

/** Any cartridge, with the server of its last good write (if any). */
export interface CartridgeFact {
  volser: string;
  status: string;
  location: string | null;
  retentionUntil: string | null;
  serverId: number | null;
}

/** A job, reduced to what status needs. */
export interface JobFact {
  id: number;
  kind: string;
  state: string;
  serverId: number | null;
  volser: string | null;
  createdAt: string;
  updatedAt: string;
  message: string | null;
}

/** The newest TapeAlert reading of a drive. */
export interface DriveFact {
  drive: string;
  readAt: string;
  flags: RecordedTapeAlert[];
}

/** Everything at once. */
export interface FleetFacts {
  servers: ServerFact[];
  verified: VerifiedFact[];
  cartridges: CartridgeFact[];
  jobs: JobFact[];
  drives: DriveFact[];
}

const LAST_OK_WRITE = `(SELECT w.id FROM writes w WHERE w.cartridge_id = c.id AND w.result = 'ok' ORDER BY w.started_at DESC, w.id DESC LIMIT 1)`;

/** Reads the fleet facts from the catalog database. */
export function readFleetFacts(db: Database.Database): FleetFacts {
  const sql = statementsOf(db);
  const servers = sql<
    [],
    {
      id: number;
      name: string;
      last_capture_at: string | null;
      newest_id: number | null;
      newest_at: string | null;
      readiness: string | null;
    }
  >(`
    SELECT s.id, s.name,
      (SELECT max(captured_at) FROM image_sets WHERE server_id = s.id) AS last_capture_at,
      n.id AS newest_id, n.captured_at AS newest_at, n.readiness
    FROM servers s
    LEFT JOIN image_sets n ON n.id = (SELECT id FROM image_sets WHERE server_id = s.id AND state NOT IN ('failed','discarded','capturing','fetching')
      ORDER BY captured_at DESC, id DESC LIMIT 1)
    ORDER BY s.name`)
    .all()
    .map((r): ServerFact => ({
      id: r.id,
      name: r.name,
      lastCaptureAt: r.last_capture_at,
      newestImageSetId: r.newest_id,
      newestCapturedAt: r.newest_at,
      newestReady: r.readiness === null ? null : ((JSON.parse(r.readiness) as { report?: { ready?: boolean } }).report?.ready ?? null),
    }));
  const verified = sql<
    [],
    {
      volser: string;
      location: string | null;
      retention_until: string | null;
      server_id: number;
      image_set_id: number;
      captured_at: string;
      last_pass_at: string | null;
    }
  >(`
    SELECT c.volser, c.location, c.retention_until, i.server_id, i.id AS image_set_id, i.captured_at,
      (SELECT max(v.verified_at) FROM verifications v WHERE v.cartridge_id = c.id AND v.verdict = 'pass' AND v.verified_at >= w.started_at) AS last_pass_at
    FROM cartridges c
    JOIN writes w ON w.id = ${LAST_OK_WRITE}
    JOIN image_sets i ON i.id = w.image_set_id
    WHERE c.status = 'verified'`)
    .all()
    .filter((r) => r.last_pass_at !== null)
    .map((r): VerifiedFact => ({
      volser: r.volser,
      location: r.location,
      retentionUntil: r.retention_until,
      serverId: r.server_id,
      imageSetId: r.image_set_id,
      capturedAt: r.captured_at,
      lastPassAt: r.last_pass_at!,
    }));
  const cartridges = sql<
    [],
    { volser: string; status: string; location: string | null; retention_until: string | null; server_id: number | null }
  >(`
    SELECT c.volser, c.status, c.location, c.retention_until,
      (SELECT i.server_id FROM writes w JOIN image_sets i ON i.id = w.image_set_id WHERE w.id = ${LAST_OK_WRITE}) AS server_id
    FROM cartridges c ORDER BY c.volser`)
    .all()
    .map((r): CartridgeFact => ({
      volser: r.volser,
      status: r.status,
      location: r.location,
      retentionUntil: r.retention_until,
      serverId: r.server_id,
    }));
  const jobs = sql<
    [],
    {
      id: number;
      kind: string;
      state: string;
      server_id: number | null;
      volser: string | null;
      created_at: string;
      updated_at: string;
      message: string | null;
    }
  >(`
    SELECT j.id, j.kind, j.state, j.server_id, c.volser, j.created_at, j.updated_at,
      (SELECT message FROM job_steps st WHERE st.job_id = j.id AND st.state IN ('failed','interrupted') ORDER BY st.seq LIMIT 1) AS message
    FROM jobs j LEFT JOIN cartridges c ON c.id = j.cartridge_id
    ORDER BY j.created_at, j.id`)
    .all()
    .map((r): JobFact => ({
      id: r.id,
      kind: r.kind,
      state: r.state,
      serverId: r.server_id,
      volser: r.volser,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      message: r.message,
    }));
  const drives = sql<[], { drive: string; read_at: string; flags: string }>(`
    SELECT t.drive, t.read_at, t.flags FROM tape_alert_readings t
    WHERE t.id = (SELECT id FROM tape_alert_readings u WHERE u.drive = t.drive ORDER BY u.read_at DESC, u.id DESC LIMIT 1)
    ORDER BY t.drive`)
    .all()
    .map((r): DriveFact => ({ drive: r.drive, readAt: r.read_at, flags: JSON.parse(r.flags) as RecordedTapeAlert[] }));
  return { servers, verified, cartridges, jobs, drives };
}
