/**
 * Step 4: write the four records, with per-record progress, speed, ETA and Cancel. The write step checks the
 * tape again, on the tape it holds for the write: when the tape changed since the Tape step (another
 * cartridge loaded) and a check now needs an answer, the job stops before writing and its checks are
 * offered here; the operator's answers resume the same job.
 */
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { JobProgress } from '../components/job-progress.tsx';
import { RecordsTable } from '../components/records-table.tsx';
import { ResumeDialog, type ResumeConsent } from '../catalog/resume-dialog.tsx';
import type { TapeChecks } from '../../../shared/model.ts';
import { useJob } from '../components/use-job.ts';
import { toApiError } from '../components/use-load.ts';
import type { StepProps } from './wizard-state.ts';

/** Done once the write job finished. */
export function WriteStep({ state, update }: StepProps) {
  const [error, setError] = useState<ApiError | null>(null);
  const [asking, setAsking] = useState<TapeChecks | null>(null);
  const job = useJob(state.writeJob);
  useEffect(() => {
    if (job && job !== state.writeJob && job.state !== 'running') update({ writeJob: job });
  }, [job, state.writeJob, update]);

  const start = async (): Promise<void> => {
    if (!state.tape || !state.imageSet) return;
    setError(null);
    try {
      update({ writeJob: await call('startWrite', { ...state.tape, imageSetId: state.imageSet.id }), verifyJob: null });
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const running = job?.state === 'running';
  // Stopped by a check before a byte was written: the same job resumes once the operator has answered.
  const stoppedByCheck =
    job?.durable === true && job.state === 'failed' && (job.error?.code === 'NEEDS_CONFIRMATION' || job.error?.code === 'CHECK_BLOCKED');
  const review = async (): Promise<void> => {
    if (!job?.durable) return;
    setError(null);
    try {
      setAsking(await call('jobChecks', { id: job.id }));
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const resume = async (consent: ResumeConsent): Promise<void> => {
    setAsking(null);
    if (!job?.durable) return;
    try {
      update({ writeJob: await call('resumeJob', { id: job.id, ...consent }), verifyJob: null });
    } catch (err) {
      setError(toApiError(err));
    }
  };

  return (
    <Stack spacing={2}>
      <Typography variant="h6" component="h2">
        Write {state.tape?.volser} on {state.tape?.target}
      </Typography>
      <Typography variant="body2">
        Records 1–3 at 512-byte blocks, record 4 at the block size named in tapeblksz ({state.imageSet?.tapeblksz ?? 'from record 2'}), a
        filemark after each. Everything after is erased.
      </Typography>
      <Button
        variant="contained"
        color="primary"
        sx={{ alignSelf: 'flex-start' }}
        disabled={running || !state.tape || job?.state === 'done'}
        onClick={() => void start()}
      >
        {job && job.state !== 'done' && !running ? 'Write again' : 'Write tape'}
      </Button>
      <ErrorAlert error={error} title="Cannot start the write" />
      {job && <JobProgress job={job} />}
      {stoppedByCheck && (
        <Button variant="outlined" sx={{ alignSelf: 'flex-start' }} onClick={() => void review()}>
          Review the checks
        </Button>
      )}
      {asking && job && <ResumeDialog title={job.title} checks={asking} onClose={() => setAsking(null)} onResume={(c) => void resume(c)} />}
      {job?.state === 'done' && job.result?.kind === 'write' && (
        <>
          <Alert severity="success">Written: four records on {job.result.target}. Next, read it back.</Alert>
          <RecordsTable records={job.result.records.map((r) => ({ ...r, kind: '', blocks: null, matches: null }))} />
        </>
      )}
    </Stack>
  );
}
