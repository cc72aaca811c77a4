/**
 * Jobs: every job with its steps. Durable jobs (the wizard's capture, write and verify, the CLI's tape
 * jobs) that were interrupted, failed or cancelled resume at the step that did not finish; one that
 * resumes at its write step shows the tape's checks first. The resumed job's progress is shown live,
 * and a resumed verification ends with its verdict.
 */
import { useEffect, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { JobInfo, TapeChecks } from '../../../shared/model.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatWhen } from '../components/format.ts';
import { JobProgress } from '../components/job-progress.tsx';
import { useJob } from '../components/use-job.ts';
import { toApiError, useLoad } from '../components/use-load.ts';
import { Verdict } from '../wizard/verify-step.tsx';
import { type ResumeConsent, ResumeDialog } from './resume-dialog.tsx';

const RESUMABLE = new Set(['interrupted', 'failed', 'cancelled']);

function nextStep(job: JobInfo): string | undefined {
  return job.steps.find((s) => s.state !== 'done')?.name;
}

/** The job table. */
export function JobsView() {
  const list = useLoad(() => call('listJobs', {}), []);
  const [error, setError] = useState<ApiError | null>(null);
  const [asking, setAsking] = useState<{ job: JobInfo; checks: TapeChecks } | null>(null);
  const [resumed, setResumed] = useState<JobInfo | null>(null);
  const live = useJob(resumed);
  const { reload } = list;
  const liveEnded = live !== null && live.state !== 'running';
  // The table shows the catalog's view of the job; read it again once the resumed job ends.
  useEffect(() => { if (liveEnded) reload(); }, [liveEnded]);

  const resume = async (job: JobInfo, consent: ResumeConsent): Promise<void> => {
    setAsking(null);
    try {
      setResumed(await call('resumeJob', { id: job.id, ...consent }));
      list.reload();
    } catch (err) { setError(toApiError(err)); }
  };
  const askThenResume = async (job: JobInfo): Promise<void> => {
    setError(null);
    try {
      // A write starts over on the tape: show what is on it now, and let the operator confirm.
      if (nextStep(job) === 'write') setAsking({ job, checks: await call('jobChecks', { id: job.id }) });
      else await resume(job, { confirmed: [], overrideReason: null });
    } catch (err) { setError(toApiError(err)); }
  };

  return (
    <>
      <ErrorAlert error={list.error} title="Cannot list jobs" />
      <ErrorAlert error={error} title="Cannot resume" />
      {live && <Box sx={{ mb: 2 }}><JobProgress job={live} /></Box>}
      {live?.result?.kind === 'verify' && <Box sx={{ mb: 2 }}><Verdict report={live.result.report} volser={live.result.volser ?? live.result.target} /></Box>}
      <Table size="small" aria-label="Jobs">
        <TableHead>
          <TableRow><TableCell>Job</TableCell><TableCell>Started</TableCell><TableCell>State</TableCell><TableCell>Steps</TableCell><TableCell /></TableRow>
        </TableHead>
        <TableBody>
          {(list.data ?? []).map((j) => (
            <TableRow key={j.id}>
              <TableCell>{j.title}</TableCell><TableCell>{formatWhen(j.startedAt)}</TableCell><TableCell>{j.state}</TableCell>
              <TableCell>
                {j.steps.map((s) => `${s.name}: ${s.state}`).join(' · ')}
                {j.error && j.state !== 'done' && <Box component="span" sx={{ display: 'block', color: 'text.secondary' }}>{j.error.message}</Box>}
              </TableCell>
              <TableCell>
                {RESUMABLE.has(j.state) && j.catalogJobId !== null && live?.id !== j.id && (
                  <Button size="small" onClick={() => void askThenResume(j)} aria-label={`Resume ${j.title}`}>Resume</Button>
                )}
              </TableCell>
            </TableRow>
          ))}
          {list.data?.length === 0 && <TableRow><TableCell colSpan={5}>No jobs yet.</TableCell></TableRow>}
        </TableBody>
      </Table>
      <Button sx={{ mt: 1 }} onClick={list.reload}>Refresh</Button>
      {asking && <ResumeDialog title={asking.job.title} checks={asking.checks} onClose={() => setAsking(null)} onResume={(c) => void resume(asking.job, c)} />}
    </>
  );
}
