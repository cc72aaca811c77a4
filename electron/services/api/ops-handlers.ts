/** Operations methods of the contract (issue 19): the fleet status of the home view. */
import type { ApiHandlers } from '../../../shared/api.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { listDue } from '../ops/due-runner.ts';
import { fleetStatusOf } from '../ops/fleet.ts';

/** Builds the operations handlers. */
export function opsHandlers(catalog: Catalog): Pick<ApiHandlers, 'getFleetStatus' | 'listDue'> {
  return {
    getFleetStatus: async () => fleetStatusOf(catalog),
    listDue: async () => listDue(catalog, new Date()),
  };
}
