/** Follows one job: its latest snapshot from the `job` events and its log lines. */
import { useEffect, useState } from 'react';
import type { JobInfo } from '../../../shared/model.ts';
import { getBridge } from '../api/client.ts';

/** Returns the job's latest snapshot (starting from `initial`). */
export function useJob(initial: JobInfo | null): JobInfo | null {
  const [job, setJob] = useState<JobInfo | null>(initial);
  useEffect(() => {
    setJob(initial);
    if (!initial) return undefined;
    const bridge = getBridge();
    const offJob = bridge.on('job', (info) => {
      if (info.id === initial.id) setJob(info);
    });
    const offLog = bridge.on('jobLog', ({ jobId, lines }) => {
      if (jobId !== initial.id) return;
      setJob((j) => (j ? { ...j, log: [...j.log, ...lines].slice(-200) } : j));
    });
    // The job may have moved on before we subscribed; fetch its current state once.
    void bridge.getJob({ id: initial.id }).then((r) => {
      if (r.ok) setJob((j) => (j && j.state !== 'running' ? j : r.value));
    });
    return () => {
      offJob();
      offLog();
    };
  }, [initial]);
  return job;
}
