/** The fleet status of an open catalog: its facts judged by each server's policy at the catalog's clock. */
import type { FleetStatus } from '../../../shared/operations.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { computeFleetStatus } from './fleet-status.ts';

/** Computes the fleet status now (or at `now`). */
export function fleetStatusOf(catalog: Catalog, now: Date = new Date()): FleetStatus {
  const facts = catalog.fleetFacts();
  const names = new Map(facts.servers.map((s) => [s.id, s.name]));
  return computeFleetStatus(
    facts,
    (serverId) => {
      const name = serverId === null ? undefined : names.get(serverId);
      return catalog.policies.effective(name === undefined ? null : { id: serverId!, name }).policy;
    },
    now,
  );
}
