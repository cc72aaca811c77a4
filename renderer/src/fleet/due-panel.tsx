/**
 * What the schedules want now (issue 19): while the app is open it shows the due captures and offers to
 * start each one (the same capture job as the wizard's; the write then waits for a tape, as with `due --run`).
 * A started capture shows its live progress and a way to its job; the schedules are judged again when it
 * starts (the server then waits for its running job) and when it ends. A server whose last capture did not
 * finish is offered "Resume capture" instead: the same job goes on at its unfinished step.
 */
import { useEffect, useRef, useState } from 'react';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { JobId, JobInfo } from '../../../shared/model.ts';
import type { DueItem } from '../../../shared/operations.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { percentDone, useLiveJobs } from '../components/live-jobs.tsx';
import { toApiError, useLoad } from '../components/use-load.ts';

const WORD: Record<DueItem['state'], string> = {
  due: 'Due',
  'not-due': 'Not due',
  waiting: 'Waiting',
  'backing-off': 'Backing off',
  'given-up': 'Given up',
};

/** One started (or already running) capture: live progress while it runs, its outcome after. */
function JobLine({ job, onOpenJobs }: { job: JobInfo; onOpenJobs?: (() => void) | undefined }) {
  const pct = percentDone(job);
  // The catalog's job number, as the schedule's reason, the Jobs view and `sysbtape jobs` name it.
  const id = job.id;
  const text =
    job.state === 'running'
      ? `Capture running (job ${id})${pct === null ? '' : ` · ${pct} %`}`
      : job.state === 'done'
        ? `Capture done (job ${id})${job.result?.kind === 'capture' ? `: image set ${job.result.imageSet.id} waits for a tape` : ''}`
        : `Capture ${job.state} (job ${id})${job.error ? `: ${job.error.message}` : ''}`;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', minWidth: 0 }}>
      <Stack sx={{ minWidth: 0 }}>
        <Typography variant="body2" color={job.state === 'failed' ? 'error' : undefined}>
          {text}
        </Typography>
        {job.state === 'running' && (
          <LinearProgress variant={pct === null ? 'indeterminate' : 'determinate'} value={pct ?? 0} aria-label={`Capture of job ${id}`} />
        )}
      </Stack>
      {onOpenJobs && (
        <Button size="small" onClick={onOpenJobs}>
          Show in Jobs
        </Button>
      )}
    </Stack>
  );
}

/** The panel; nothing when no schedule exists. `onChanged` is told when a capture started here ends. */
export function DuePanel({ onOpenJobs, onChanged }: { onOpenJobs?: (() => void) | undefined; onChanged?: (() => void) | undefined }) {
  const live = useLiveJobs();
  const [started, setStarted] = useState<Record<string, JobId>>({});
  // Judged again when a capture started here changes step and when it ends (its server is then no longer waiting).
  const phase = Object.values(started)
    .map((id) => {
      const job = live.get(id);
      return `${id}:${job?.state ?? 'starting'}:${job?.steps.find((s) => s.state === 'running')?.name ?? ''}`;
    })
    .join(',');
  const due = useLoad(() => call('listDue', {}), [phase]);
  const [error, setError] = useState<ApiError | null>(null);
  const lastPhase = useRef(phase);
  useEffect(() => {
    if (phase !== lastPhase.current) {
      lastPhase.current = phase;
      onChanged?.();
    }
  }, [phase, onChanged]);
  const start = async (d: DueItem) => {
    const server = d.server;
    try {
      // A capture of the server that did not finish goes on (its partial fetch kept), as `due --run` does it.
      const job =
        d.unfinishedJobId !== null
          ? await call('resumeJob', { id: d.unfinishedJobId, confirmed: [], overrideReason: null })
          : await call('startCapture', { server, exclude: false, pack: true, record4BlockSize: 512 });
      setStarted((s) => ({ ...s, [server]: job.id }));
      setError(null);
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const jobOf = (d: DueItem): JobInfo | undefined => {
    const id = started[d.server];
    if (id !== undefined) return live.get(id);
    return d.runningJobId === null ? undefined : [...live.values()].find((j) => j.durable && j.id === d.runningJobId);
  };
  if (!due.data?.length && !due.error) return null;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} aria-label="Scheduled captures">
      <Typography variant="subtitle1" gutterBottom>
        Scheduled captures
      </Typography>
      <ErrorAlert error={due.error ?? error} title="Scheduled captures" />
      <Stack spacing={1}>
        {(due.data ?? []).map((d) => {
          const job = jobOf(d);
          const running = job?.state === 'running' || d.runningJobId !== null;
          return (
            <Stack key={d.server} direction="row" spacing={2} sx={{ alignItems: 'center' }} aria-label={`Schedule of ${d.server}`}>
              <Typography sx={{ fontWeight: 600, minWidth: 90 }}>{d.server}</Typography>
              <Typography variant="body2" sx={{ flexGrow: 1 }}>
                {running ? 'Running' : WORD[d.state]} — {d.reason}
              </Typography>
              {job ? (
                <JobLine job={job} onOpenJobs={onOpenJobs} />
              ) : started[d.server] ? (
                <Typography variant="body2">Capture started (job {started[d.server]})</Typography>
              ) : (
                d.state === 'due' && (
                  <Button
                    size="small"
                    variant="outlined"
                    onClick={() => {
                      void start(d);
                    }}
                  >
                    {d.unfinishedJobId === null ? 'Start capture' : `Resume capture (job ${d.unfinishedJobId})`}
                  </Button>
                )
              )}
            </Stack>
          );
        })}
      </Stack>
    </Paper>
  );
}
