/**
 * Jobs: every job, filtered by state, kind and verdict and paged by the catalog query (pageJobs: the total
 * counts every job ever recorded), sorted by start time, with its verdict and duration; a row opens its
 * steps and log. Running jobs show live progress and Cancel here whichever view started them. Durable
 * jobs (the wizard's capture, write and verify, the CLI's tape jobs) that were interrupted, failed or
 * cancelled resume at the step that did not finish; one that resumes at its write step shows the tape's
 * checks first.
 */
import { useEffect, useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import TextField from '@mui/material/TextField';
import {
  type DurableJobInfo,
  JOB_VERDICT_FILTERS,
  type JobId,
  type JobInfo,
  type JobKind,
  type StepState,
  type TapeChecks,
} from '../../../shared/model.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatWhen } from '../components/format.ts';
import { JobProgress } from '../components/job-progress.tsx';
import { percentDone, useLiveJobs } from '../components/live-jobs.tsx';
import { useJob } from '../components/use-job.ts';
import { toApiError, useLoad } from '../components/use-load.ts';
import { Verdict } from '../wizard/verify-step.tsx';
import { JobStateChip, jobDuration, jobOutcomeLine, jobStepsLine, VerdictChip } from './job-cells.tsx';
import { type ResumeConsent, ResumeDialog } from './resume-dialog.tsx';

const RESUMABLE = new Set(['interrupted', 'failed', 'cancelled']);
const STATES: readonly (StepState | 'any')[] = ['any', 'running', 'done', 'failed', 'cancelled', 'interrupted'];
const KINDS: readonly (JobKind | 'any')[] = ['any', 'capture', 'write', 'verify', 'identify', 'tape', 'extract'];
const PAGE_SIZES = [25, 50, 100];
type VerdictFilter = (typeof JOB_VERDICT_FILTERS)[number];
const VERDICT_WORDS: Record<VerdictFilter, string> = { any: 'Any verdict', pass: 'passed', fail: 'FAILED', none: 'no verification' };
const count = (n: number): string => n.toLocaleString('en-US');

function nextStep(job: JobInfo): string | undefined {
  return job.steps.find((s) => s.state !== 'done')?.name;
}

/** The job table. */
export function JobsView() {
  const [stateFilter, setStateFilter] = useState<StepState | 'any'>('any');
  const [kindFilter, setKindFilter] = useState<JobKind | 'any'>('any');
  const [verdictFilter, setVerdictFilter] = useState<VerdictFilter>('any');
  const [direction, setDirection] = useState<'asc' | 'desc'>('desc');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(25);
  // The catalog filters, sorts and pages: every job ever recorded, not the newest few.
  const list = useLoad(
    () =>
      call('pageJobs', {
        state: stateFilter,
        kind: kindFilter,
        verdict: verdictFilter,
        direction,
        offset: page * pageSize,
        limit: pageSize,
      }),
    [stateFilter, kindFilter, verdictFilter, direction, page, pageSize],
  );
  const liveJobs = useLiveJobs();
  const [error, setError] = useState<ApiError | null>(null);
  const [asking, setAsking] = useState<{ job: DurableJobInfo; checks: TapeChecks } | null>(null);
  const [resumed, setResumed] = useState<JobInfo | null>(null);
  const [opened, setOpened] = useState<JobId | null>(null);
  const live = useJob(resumed);
  const { reload } = list;
  // The table shows the catalog's view of a job; read the page again whenever a job starts or one it showed running ends.
  const endedCount = [...liveJobs.values()].filter((j) => j.state !== 'running').length;
  useEffect(() => {
    reload();
  }, [endedCount, liveJobs.size]);

  // Rows: the listed jobs with their live snapshot (state, progress) laid over them.
  const rows = useMemo(
    () =>
      (list.data?.jobs ?? []).map((j) => {
        const l = liveJobs.get(j.id);
        return l && (j.state === 'running' || l.state === 'running') ? { ...j, ...l } : j;
      }),
    [list.data, liveJobs],
  );
  const total = list.data?.total ?? 0;
  const filtering = stateFilter !== 'any' || kindFilter !== 'any' || verdictFilter !== 'any';
  const openedJob = opened === null ? null : (rows.find((j) => j.id === opened) ?? null);
  const now = Date.now();

  const resume = async (job: DurableJobInfo, consent: ResumeConsent): Promise<void> => {
    setAsking(null);
    try {
      setResumed(await call('resumeJob', { id: job.id, ...consent }));
      list.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const askThenResume = async (job: DurableJobInfo): Promise<void> => {
    setError(null);
    try {
      // A write starts over on the tape: show what is on it now, and let the operator confirm.
      if (nextStep(job) === 'write') setAsking({ job, checks: await call('jobChecks', { id: job.id }) });
      else await resume(job, { confirmed: [], overrideReason: null });
    } catch (err) {
      setError(toApiError(err));
    }
  };

  return (
    <>
      <ErrorAlert error={list.error} title="Cannot list jobs" />
      <ErrorAlert error={error} title="Cannot resume" />
      {live && (
        <Box sx={{ mb: 2 }}>
          <JobProgress job={live} />
        </Box>
      )}
      {live?.result?.kind === 'verify' && (
        <Box sx={{ mb: 2 }}>
          <Verdict report={live.result.report} volser={live.result.volser ?? live.result.target} />
        </Box>
      )}
      <Stack direction="row" spacing={1.5} sx={{ mb: 1, alignItems: 'center' }}>
        <TextField
          select
          size="small"
          label="State"
          value={stateFilter}
          sx={{ width: 160 }}
          onChange={(e) => {
            setStateFilter(e.target.value as StepState | 'any');
            setPage(0);
          }}
        >
          {STATES.map((s) => (
            <MenuItem key={s} value={s}>
              {s === 'any' ? 'Any state' : s}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Kind"
          value={kindFilter}
          sx={{ width: 160 }}
          onChange={(e) => {
            setKindFilter(e.target.value as JobKind | 'any');
            setPage(0);
          }}
        >
          {KINDS.map((k) => (
            <MenuItem key={k} value={k}>
              {k === 'any' ? 'Any kind' : k}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Verdict"
          value={verdictFilter}
          sx={{ width: 170 }}
          onChange={(e) => {
            setVerdictFilter(e.target.value as VerdictFilter);
            setPage(0);
          }}
        >
          {JOB_VERDICT_FILTERS.map((v) => (
            <MenuItem key={v} value={v}>
              {VERDICT_WORDS[v]}
            </MenuItem>
          ))}
        </TextField>
        <Box sx={{ flexGrow: 1 }} />
        <Button onClick={list.reload}>Refresh</Button>
      </Stack>
      <Table size="small" aria-label="Jobs" sx={{ tableLayout: 'fixed' }}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: '34%' }}>Job</TableCell>
            <TableCell>Kind</TableCell>
            <TableCell sortDirection={direction}>
              <TableSortLabel
                active
                direction={direction}
                onClick={() => {
                  setDirection(direction === 'desc' ? 'asc' : 'desc');
                  setPage(0);
                }}
              >
                Started
              </TableSortLabel>
            </TableCell>
            <TableCell>Duration</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Verdict</TableCell>
            <TableCell sx={{ width: 100 }} />
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((j) => {
            const pct = j.state === 'running' ? percentDone(j) : null;
            const outcome = jobOutcomeLine(j);
            return (
              <TableRow
                key={j.id}
                hover
                tabIndex={0}
                aria-label={`Job ${j.title}`}
                sx={{ cursor: 'pointer' }}
                onClick={() => setOpened(j.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') setOpened(j.id);
                }}
              >
                <TableCell sx={{ overflowWrap: 'anywhere' }}>
                  {j.title}
                  {j.state === 'running' && (
                    <LinearProgress
                      aria-label={`${j.title}: percent done`}
                      variant={pct === null ? 'indeterminate' : 'determinate'}
                      value={pct ?? 0}
                      sx={{ mt: 0.5 }}
                    />
                  )}
                  <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: 12 }}>
                    {jobStepsLine(j)}
                  </Box>
                  {outcome && (
                    <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: 12 }}>
                      {outcome}
                    </Box>
                  )}
                </TableCell>
                <TableCell>{j.kind}</TableCell>
                <TableCell>{formatWhen(j.startedAt)}</TableCell>
                <TableCell>{jobDuration(j, now)}</TableCell>
                <TableCell>
                  <JobStateChip job={j} />
                </TableCell>
                <TableCell>
                  <VerdictChip job={j} />
                </TableCell>
                <TableCell onClick={(e) => e.stopPropagation()}>
                  {j.state === 'running' && (
                    <Button
                      size="small"
                      color="warning"
                      onClick={() => {
                        void call('cancelJob', { id: j.id });
                      }}
                      aria-label={`Cancel ${j.title}`}
                    >
                      Cancel
                    </Button>
                  )}
                  {RESUMABLE.has(j.state) && j.durable && live?.id !== j.id && (
                    <Button size="small" onClick={() => void askThenResume(j)} aria-label={`Resume ${j.title}`}>
                      Resume
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
          {list.data && rows.length === 0 && (
            <TableRow>
              <TableCell colSpan={7}>{filtering ? 'No job matches these filters.' : 'No jobs yet.'}</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <TablePagination
        component="div"
        count={total}
        page={Math.min(page, Math.max(0, Math.ceil(total / pageSize) - 1))}
        rowsPerPage={pageSize}
        rowsPerPageOptions={PAGE_SIZES}
        onPageChange={(_e, p) => setPage(p)}
        labelDisplayedRows={({ from, to, count: n }) => `${count(from)}–${count(to)} of ${count(n)}`}
        onRowsPerPageChange={(e) => {
          setPageSize(Number(e.target.value));
          setPage(0);
        }}
        labelRowsPerPage="Jobs per page"
      />
      {asking && (
        <ResumeDialog
          title={asking.job.title}
          checks={asking.checks}
          onClose={() => setAsking(null)}
          onResume={(c) => void resume(asking.job, c)}
        />
      )}
      {openedJob && <JobDialog job={openedJob} onClose={() => setOpened(null)} />}
    </>
  );
}

/** One job's steps (with their messages), progress, verdict and log. */
function JobDialog({ job, onClose }: { job: JobInfo; onClose: () => void }) {
  // A job that ended before this page opened has no log in the list: read it (from its log file) once.
  const [stored, setStored] = useState<JobInfo | null>(null);
  const needsLog = job.state !== 'running' && job.log.length === 0;
  useEffect(() => {
    if (needsLog) void call('getJob', { id: job.id }).then(setStored, () => undefined);
  }, [job.id, needsLog]);
  const followed = stored && needsLog ? { ...job, log: stored.log } : job;
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="job-dialog-title">
      <DialogTitle id="job-dialog-title">{followed.title}</DialogTitle>
      <DialogContent>
        <JobProgress job={followed} />
        <Box component="ul" aria-label="Steps" sx={{ pl: 2.5, mt: 1 }}>
          {followed.steps.map((s) => (
            <li key={s.name}>
              <strong>{s.name}</strong>: {s.state}
              {s.message ? ` — ${s.message}` : ''}
            </li>
          ))}
        </Box>
        {followed.result?.kind === 'verify' && (
          <Verdict report={followed.result.report} volser={followed.result.volser ?? followed.result.target} />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
