/**
 * Which process runs a job step, stamped into the step's durable result, so the next start can tell a
 * crashed job ("interrupted": its owner is gone) from one another live process is still running.
 */
import os from 'node:os';
import type { Catalog } from '../catalog/catalog.ts';
import type { Job, JobStep } from '../catalog/model.ts';

/** The process that owns a running step. */
export interface StepOwner {
  pid: number;
  host: string;
}

/** This process as an owner. */
export function currentOwner(): StepOwner {
  return { pid: process.pid, host: os.hostname() };
}

/** Reads the owner stamp from a step's result, if any. */
export function ownerOf(step: JobStep | undefined): StepOwner | undefined {
  const o = step?.result?.owner as Partial<StepOwner> | undefined;
  return o && typeof o.pid === 'number' && typeof o.host === 'string' ? { pid: o.pid, host: o.host } : undefined;
}

/** Whether the owner process still exists (on another host we cannot tell, so we assume it does). */
export function ownerAlive(owner: StepOwner): boolean {
  if (owner.host !== os.hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The step whose owner decides whether a running job is alive: the running one, else the last one that ended. */
function deciding(job: Job): JobStep | undefined {
  return job.steps.find((s) => s.state === 'running') ?? [...job.steps].reverse().find((s) => s.endedAt !== null);
}

/**
 * Every cartridge left `writing` by a process that is gone becomes `unknown` (its tape may be half written):
 * a `sysbtape write` killed outside any job, or a job's write whose process died. A live writer on this
 * host, this process included, is left alone; another host's writer is assumed alive. Returns the volsers marked.
 */
export function settleAbandonedWrites(catalog: Catalog): string[] {
  return catalog.cartridges.settleAbandonedWrites((writer) => !ownerAlive(writer));
}

/**
 * Marks as interrupted every running job whose owner process is gone (or is this process but not one
 * of `active`); a cartridge left `writing` by an interrupted write becomes `unknown`. Cartridges left `writing` by
 * a dead process outside any job become `unknown` too (settleAbandonedWrites). Returns the ids marked.
 */
export function detectInterrupted(catalog: Catalog, active: ReadonlySet<number> = new Set()): number[] {
  const marked: number[] = [];
  for (const job of catalog.jobs.list({ states: ['running'], limit: 10_000 })) {
    if (active.has(job.id)) continue;
    const owner = ownerOf(deciding(job));
    if (owner && owner.pid !== process.pid && ownerAlive(owner)) continue;
    const who = owner ? `process ${owner.pid} on ${owner.host}` : 'its process';
    const running = job.steps.find((s) => s.state === 'running') ?? job.steps.find((s) => s.state === 'pending');
    if (!running) continue;
    catalog.transaction(() => {
      catalog.jobs.updateStep(job.id, running.name, {
        state: 'interrupted',
        message: `interrupted: ${who} stopped while this step ran; resume with 'sysbtape jobs resume ${job.id}'`,
      });
      // A write that stopped half-way leaves a tape nobody knows the contents of.
      if (running.name === 'write' && job.volser && catalog.cartridges.get(job.volser)?.status === 'writing')
        catalog.cartridges.markContentsUnknown(job.volser);
    });
    marked.push(job.id);
  }
  settleAbandonedWrites(catalog);
  return marked;
}
