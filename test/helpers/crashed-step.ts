/** What a crash leaves in the catalog, for tests: a job step still running, owned by a process that is gone. */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import type { Catalog } from '../../electron/services/catalog/catalog.ts';

export function leaveStepCrashed(catalog: Catalog, jobId: number, step: string): void {
  // A process that has exited: its pid names no live owner (the engine's crash detection checks just that).
  const dead = spawnSync('true').pid;
  catalog.jobs.updateStep(jobId, step, { state: 'running', result: { owner: { pid: dead, host: os.hostname() } } });
}
