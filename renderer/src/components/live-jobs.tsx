/**
 * The jobs running in this app, live: seeded from listJobs, then kept current by the `job` events, so
 * the app bar and the Jobs view show progress and Cancel whichever view started the job.
 */
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import type { JobId, JobInfo } from '../../../shared/model.ts';
import { call, getBridge } from '../api/client.ts';

/** Latest snapshot of every job seen since the app opened, by id. */
export type LiveJobs = ReadonlyMap<JobId, JobInfo>;

const LiveJobsContext = createContext<LiveJobs>(new Map());

/** Provides the live job map to the whole app. */
export function LiveJobsProvider({ children }: { children: ReactNode }) {
  const [jobs, setJobs] = useState<LiveJobs>(new Map());
  useEffect(() => {
    let open = true;
    const put = (info: JobInfo): void => setJobs((m) => new Map(m).set(info.id, info));
    let off = (): void => undefined;
    // Without a connection there is nothing to follow; the app frame says so (no connection alert).
    try {
      off = getBridge().on('job', put);
    } catch {
      return undefined;
    }
    // Jobs already running when the page opened (a reload mid-write) show up too.
    void call('listJobs', {})
      .then((list) => {
        if (!open) return;
        setJobs((m) => {
          const next = new Map(m);
          for (const j of list) if (j.state === 'running' && !next.has(j.id)) next.set(j.id, j);
          return next;
        });
      })
      .catch(() => undefined);
    return () => {
      open = false;
      off();
    };
  }, []);
  return <LiveJobsContext.Provider value={jobs}>{children}</LiveJobsContext.Provider>;
}

/** The live job map. */
export function useLiveJobs(): LiveJobs {
  return useContext(LiveJobsContext);
}

/** Percent done of a job's progress, or null when it has no measure yet. */
export function percentDone(job: JobInfo): number | null {
  const p = job.progress;
  return p && p.totalBytes ? Math.min(100, Math.round((100 * p.bytes) / p.totalBytes)) : null;
}
