/**
 * The fleet status: every server's state against its backup policy (ok, due soon, overdue, failing)
 * with the reasons, and the shelf's to-do lists. A pure function of the catalog's facts and a clock,
 * so generated catalogs test it exactly.
 */
import type {
  BackupPolicy,
  CartridgeNote,
  DriveNote,
  FleetStatus,
  JobNote,
  ServerState,
  ServerStatus,
  VerifiedCopy,
} from '../../../shared/operations.ts';
import { SERVER_STATES } from '../../../shared/operations.ts';
import type { FleetFacts, JobFact, VerifiedFact } from '../catalog/fleet-facts.ts';
import { localDate } from '../catalog/clock.ts';

const DAY_MS = 86_400_000;
/** Retention ending within this many days is listed. */
export const RETENTION_WARNING_DAYS = 30;
/** TapeAlert flags asking for cleaning (20: clean now, 21: clean periodic). */
const CLEANING_FLAGS = new Map<number, string>([
  [20, 'load a cleaning cartridge before the next write'],
  [21, 'routine cleaning is due: load a cleaning cartridge when the drive is idle'],
]);

/** A server is "due soon" this many days before its newest verified tape passes the policy's age. */
export function dueSoonDays(policy: BackupPolicy): number {
  return Math.min(7, Math.ceil(policy.maxAgeDays / 4));
}

function worst(a: ServerState, b: ServerState): ServerState {
  return SERVER_STATES.indexOf(a) >= SERVER_STATES.indexOf(b) ? a : b;
}

function ageDays(now: Date, iso: string): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / DAY_MS));
}

function isOffsite(location: string | null, policy: BackupPolicy): boolean {
  if (!location) return false;
  const l = location.trim().toLowerCase();
  return policy.offsiteLocations.some((o) => o.trim().toLowerCase() === l);
}

function copyOf(f: VerifiedFact, now: Date, policy: BackupPolicy): VerifiedCopy {
  return {
    volser: f.volser,
    location: f.location,
    offsite: isOffsite(f.location, policy),
    imageSetId: f.imageSetId,
    capturedAt: f.capturedAt,
    ageDays: ageDays(now, f.capturedAt),
    lastVerifiedAt: f.lastPassAt,
    retentionUntil: f.retentionUntil,
  };
}

/** The last job of a server, if it failed or was interrupted. */
function failingJob(jobs: readonly JobFact[], serverId: number): JobFact | undefined {
  const own = jobs.filter((j) => j.serverId === serverId && j.state !== 'pending' && j.state !== 'running');
  const last = own.at(-1);
  return last && (last.state === 'failed' || last.state === 'interrupted') ? last : undefined;
}

function serverStatus(facts: FleetFacts, s: FleetFacts['servers'][number], policy: BackupPolicy, now: Date): ServerStatus {
  const tapes = facts.verified
    .filter((v) => v.serverId === s.id)
    .map((v) => copyOf(v, now, policy))
    .sort((a, b) => b.capturedAt.localeCompare(a.capturedAt) || a.volser.localeCompare(b.volser));
  const newest = tapes[0] ?? null;
  const copies = tapes.filter((t) => t.ageDays <= policy.maxAgeDays);
  const offsite = copies.filter((t) => t.offsite).length;
  const found: { state: ServerState; reason: string }[] = [];
  const job = failingJob(facts.jobs, s.id);
  if (job) found.push({ state: 'failing', reason: `job ${job.id} (${job.kind}) ${job.state}${job.message ? `: ${job.message}` : ''}` });
  if (!newest) {
    found.push({ state: 'overdue', reason: `no verified tape of ${s.name}` });
  } else if (newest.ageDays > policy.maxAgeDays) {
    found.push({
      state: 'overdue',
      reason: `newest verified tape ${newest.volser} is ${newest.ageDays} days old (policy: ${policy.maxAgeDays})`,
    });
  } else if (newest.ageDays > policy.maxAgeDays - dueSoonDays(policy)) {
    const left = policy.maxAgeDays - newest.ageDays;
    found.push({
      state: 'due-soon',
      reason: `newest verified tape ${newest.volser} is ${newest.ageDays} days old: due in ${left} day${left === 1 ? '' : 's'}`,
    });
  }
  if (newest && copies.length < policy.copies) {
    found.push({ state: 'due-soon', reason: `${copies.length} of ${policy.copies} verified copies within ${policy.maxAgeDays} days` });
  }
  if (newest && offsite < policy.offsiteCopies) {
    const where = policy.offsiteLocations.length
      ? `off-site locations: ${policy.offsiteLocations.join(', ')}`
      : 'no location is marked off site (sysbtape policy set --offsite-locations NAME,...)';
    found.push({ state: 'due-soon', reason: `${offsite} of ${policy.offsiteCopies} copies off site (${where})` });
  }
  if (s.newestReady === false) {
    found.push({
      state: 'due-soon',
      reason: `newest image set ${s.newestImageSetId} is not restore-ready (sysbtape readiness ${s.newestImageSetId})`,
    });
  }
  const state = found.reduce<ServerState>((acc, f) => worst(acc, f.state), 'ok');
  found.sort((a, b) => SERVER_STATES.indexOf(b.state) - SERVER_STATES.indexOf(a.state));
  return {
    server: s.name,
    state,
    reasons: found.map((f) => f.reason),
    lastCaptureAt: s.lastCaptureAt,
    newestVerified: newest,
    copies,
    offsiteCopies: offsite,
    verifiedTapes: tapes,
    newestImageSet: s.newestImageSetId === null ? null : { id: s.newestImageSetId, capturedAt: s.newestCapturedAt!, ready: s.newestReady },
    policy,
  };
}

/** Failed or interrupted jobs not followed by a finished job for the same server (or cartridge, without a server). */
function unresolvedJobs(facts: FleetFacts, nameOf: (id: number | null) => string | null): JobNote[] {
  return facts.jobs
    .filter(
      (j, i) =>
        (j.state === 'failed' || j.state === 'interrupted') &&
        !facts.jobs
          .slice(i + 1)
          .some(
            (later) =>
              later.state === 'done' &&
              (j.serverId !== null ? later.serverId === j.serverId : later.volser !== null && later.volser === j.volser),
          ),
    )
    .map((j) => ({
      id: j.id,
      kind: j.kind,
      state: j.state,
      server: nameOf(j.serverId),
      volser: j.volser,
      updatedAt: j.updatedAt,
      message: j.message,
    }));
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Computes the fleet status at `now`, each server judged by `policyOf(serverId)`. */
export function computeFleetStatus(facts: FleetFacts, policyOf: (serverId: number | null) => BackupPolicy, now: Date): FleetStatus {
  const names = new Map(facts.servers.map((s) => [s.id, s.name]));
  const nameOf = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
  const servers = facts.servers.map((s) => serverStatus(facts, s, policyOf(s.id), now));
  const today = localDate(now);
  const reverifyDue: CartridgeNote[] = facts.verified
    .flatMap((v) => {
      const due = new Date(Date.parse(v.lastPassAt) + policyOf(v.serverId).reverifyDays * DAY_MS);
      return due <= now
        ? [{ volser: v.volser, status: 'verified', location: v.location, server: nameOf(v.serverId), date: due.toISOString() }]
        : [];
    })
    .sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  const live = facts.cartridges.filter((c) => c.status !== 'retired');
  const horizon = addDays(today, RETENTION_WARNING_DAYS);
  const note = (c: (typeof live)[number], date: string | null): CartridgeNote => ({
    volser: c.volser,
    status: c.status,
    location: c.location,
    server: nameOf(c.serverId),
    date,
  });
  const retentionEnding = live
    .filter((c) => c.retentionUntil !== null && c.retentionUntil >= today && c.retentionUntil <= horizon)
    .map((c) => note(c, c.retentionUntil))
    .sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  // Blank cartridges, and written ones whose retention has run out; a failed cartridge is suspect, not reusable.
  const reusable = live
    .filter(
      (c) =>
        c.status === 'blank' ||
        (['written', 'verified', 'unknown'].includes(c.status) && c.retentionUntil !== null && c.retentionUntil < today),
    )
    .map((c) => note(c, c.retentionUntil));
  const cleaningDue: DriveNote[] = facts.drives.flatMap((d) => {
    const hits = d.flags.filter((f) => CLEANING_FLAGS.has(f.flag));
    if (!hits.length) return [];
    const fix = CLEANING_FLAGS.get(Math.min(...hits.map((h) => h.flag)))!;
    return [{ drive: d.drive, readAt: d.readAt, flags: hits.map((h) => h.name), fix }];
  });
  const shelf: Record<string, number> = {};
  for (const c of facts.cartridges) shelf[c.status] = (shelf[c.status] ?? 0) + 1;
  const overall = servers.reduce<ServerState>((acc, s) => worst(acc, s.state), 'ok');
  return {
    at: now.toISOString(),
    overall,
    servers,
    reverifyDue,
    retentionEnding,
    reusable,
    failedJobs: unresolvedJobs(facts, nameOf),
    failedCartridges: live.filter((c) => c.status === 'failed').map((c) => note(c, null)),
    cleaningDue,
    shelf,
  };
}

/** Exit code of `sysbtape status`: 1 when a server is overdue or failing. */
export function statusExitCode(status: FleetStatus): 0 | 1 {
  return status.overall === 'overdue' || status.overall === 'failing' ? 1 : 0;
}
