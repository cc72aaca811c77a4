/** The events a fleet status calls for: overdue servers, failed jobs and read-backs, retention ending, drives to clean. */
import type { FleetStatus } from '../../../shared/operations.ts';
import type { OpsEvent } from '../ops/ops-events.ts';

/** Every event the status shows; the sent log keeps each from being repeated. */
export function fleetEvents(s: FleetStatus): OpsEvent[] {
  const out: OpsEvent[] = [];
  for (const v of s.servers.filter((x) => x.state === 'overdue')) {
    out.push({
      kind: 'server-overdue',
      server: v.server,
      volser: v.newestVerified?.volser ?? null,
      key: `server-overdue:${v.server}:${v.newestVerified?.volser ?? 'none'}`,
      subject: `SysbTape: ${v.server} is overdue for a verified tape`,
      summary: v.reasons.join('; '),
      fix: `Capture ${v.server} and write and verify a tape (sysbtape run ${v.server} --tape TARGET --volser VOLSER).`,
    });
  }
  for (const j of s.failedJobs) {
    out.push({
      kind: j.kind === 'tape-verify' ? 'verification-failed' : 'job-failed',
      server: j.server,
      volser: j.volser,
      key: `job-failed:${j.id}`,
      subject: `SysbTape: job ${j.id} (${j.kind}) ${j.state}${j.server ? ` for ${j.server}` : ''}`,
      summary: `Job ${j.id} ${j.state}${j.message ? `: ${j.message}` : ''}.`,
      fix: `Read its log (sysbtape jobs show ${j.id}), fix the cause, then: sysbtape jobs resume ${j.id}`,
    });
  }
  for (const c of s.failedCartridges) {
    out.push({
      kind: 'verification-failed',
      server: c.server,
      volser: c.volser,
      key: `verification-failed:${c.volser}`,
      subject: `SysbTape: verification of ${c.volser} failed`,
      summary: `Cartridge ${c.volser}${c.server ? ` (${c.server})` : ''} did not read back as written; it cannot be trusted for a restore.`,
      fix: `Clean the drive and verify ${c.volser} again (sysbtape verify --tape TARGET --volser ${c.volser} --record); if it fails again, retire it and write a new copy.`,
    });
  }
  for (const c of s.retentionEnding) {
    out.push({
      kind: 'retention-ending',
      server: c.server,
      volser: c.volser,
      key: `retention-ending:${c.volser}:${c.date}`,
      subject: `SysbTape: retention of ${c.volser} ends on ${c.date}`,
      summary: `The retention of cartridge ${c.volser}${c.server ? ` (${c.server})` : ''} at ${c.location ?? 'no location'} ends on ${c.date}; it may then be overwritten.`,
      fix: `Extend it if the backup must be kept (sysbtape tape set ${c.volser} --retention-until YYYY-MM-DD); otherwise nothing to do.`,
    });
  }
  for (const d of s.cleaningDue) {
    out.push({
      kind: 'drive-cleaning',
      server: null,
      volser: null,
      key: `drive-cleaning:${d.drive}:${d.readAt}`,
      subject: `SysbTape: drive ${d.drive} needs cleaning`,
      summary: `Drive ${d.drive} reported ${d.flags.join(', ')} at ${d.readAt}.`,
      fix: `Load a cleaning cartridge in ${d.drive}: ${d.fix}.`,
    });
  }
  return out;
}
