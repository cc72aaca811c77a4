/** Operations methods of the contract (issue 19): the fleet status, the schedules judged now, the backup policies. */
import type { ApiHandlers } from '../../../shared/api.ts';
import { SysbError } from '../../../shared/errors.ts';
import type { PolicyPatch } from '../../../shared/operations.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { listDue } from '../ops/due-runner.ts';
import { fleetStatusOf } from '../ops/fleet.ts';

/** Builds the operations handlers. */
export function opsHandlers(catalog: Catalog): Pick<ApiHandlers, 'getFleetStatus' | 'listDue' | 'getPolicies' | 'setPolicy'> {
  return {
    getFleetStatus: async () => fleetStatusOf(catalog),
    listDue: async () => listDue(catalog, new Date()),
    getPolicies: async () => ({
      default: catalog.policies.effective(null),
      servers: catalog.servers.list().map((s) => catalog.policies.effective(s)),
    }),
    setPolicy: async ({ server, patch }) => {
      const s = server === null ? null : catalog.servers.getByName(server);
      if (s === undefined) throw new SysbError('NOT_FOUND', `no server named '${server}'`);
      const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as PolicyPatch;
      catalog.policies.set(s?.id ?? null, clean);
      return catalog.policies.effective(s);
    },
  };
}
