/**
 * The events the open app shows as desktop notifications: everything the fleet status calls for, plus
 * "tape needed" for a scheduled server whose newest image set is on no verified tape yet (a scheduled
 * capture waits to be written). Each event's key names its occurrence, so the app shows it once.
 */
import type { FleetStatus, OpsEvent } from '../../../shared/operations.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { fleetStatusOf } from '../ops/fleet.ts';
import { fleetEvents } from './fleet-events.ts';

/** "Tape needed" for each scheduled server whose newest image set waits to be written. */
export function tapeNeededEvents(status: FleetStatus, scheduled: ReadonlySet<string>): OpsEvent[] {
  return status.servers
    .filter(
      (s) =>
        scheduled.has(s.server) &&
        s.newestImageSet &&
        s.newestImageSet.id !== s.newestVerified?.imageSetId &&
        (s.newestVerified === null || s.newestImageSet.capturedAt > s.newestVerified.capturedAt),
    )
    .map((s) => {
      const set = s.newestImageSet!;
      return {
        kind: 'tape-needed',
        server: s.server,
        volser: null,
        key: `tape-needed:${set.id}`,
        subject: `SysbTape: tape needed for ${s.server}`,
        summary: `Image set ${set.id} of ${s.server} (captured ${set.capturedAt.slice(0, 10)}${set.ready === false ? ', NOT restore-ready' : ''}) waits to be written.`,
        fix: `Load a blank or reusable cartridge for ${s.server} and write image set ${set.id} (New tape).`,
      };
    });
}

/** Every event the app would notify of now. */
export function appEvents(catalog: Catalog): OpsEvent[] {
  const status = fleetStatusOf(catalog);
  const scheduled = new Set(catalog.schedules.list().map((s) => s.server));
  return [...fleetEvents(status), ...tapeNeededEvents(status, scheduled)];
}
