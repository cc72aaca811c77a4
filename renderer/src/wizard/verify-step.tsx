/** Step 5: read the tape back; a per-record table and one clear verdict. */
import { type ReactNode, useEffect, useState } from 'react';
import { FailedActions } from './failed-actions.tsx';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { VerifyReport } from '../../../shared/model.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { JobProgress } from '../components/job-progress.tsx';
import { RecordsTable } from '../components/records-table.tsx';
import { useJob } from '../components/use-job.ts';
import { toApiError } from '../components/use-load.ts';
import type { StepProps } from './wizard-state.ts';

/** Done once the verify job finished; a FAILED verdict offers "Write again" and "Retire cartridge" right here. */
export function VerifyStep({ state, update, goTo }: StepProps) {
  const [error, setError] = useState<ApiError | null>(null);
  const job = useJob(state.verifyJob);
  useEffect(() => {
    if (job && job !== state.verifyJob && job.state !== 'running') update({ verifyJob: job });
  }, [job, state.verifyJob, update]);

  const start = async (): Promise<void> => {
    if (!state.tape) return;
    setError(null);
    try {
      update({
        verifyJob: await call('startVerify', {
          target: state.tape.target,
          imageSetId: state.imageSet?.id ?? null,
          volser: state.tape.volser,
        }),
      });
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const report = job?.result?.kind === 'verify' ? job.result.report : null;

  return (
    <Stack spacing={2}>
      <Typography variant="h6" component="h2">
        Verify {state.tape?.volser}
      </Typography>
      <Typography variant="body2">
        Rewinds, reads exactly four files, checks block sizes, padding, tapeblksz and every record's SHA-256 against the image set.
      </Typography>
      <Button
        variant="contained"
        sx={{ alignSelf: 'flex-start' }}
        disabled={!state.tape || job?.state === 'running'}
        onClick={() => void start()}
      >
        {job ? 'Verify again' : 'Read back and verify'}
      </Button>
      <ErrorAlert error={error} title="Cannot start the verification" />
      {job && <JobProgress job={job} />}
      {report && (
        <Verdict
          report={report}
          volser={state.tape?.volser ?? ''}
          actions={
            !report.ok && state.tape ? (
              <FailedActions
                volser={state.tape.volser}
                onWriteAgain={() => {
                  update({ writeJob: null, verifyJob: null });
                  goTo?.(3);
                }}
              />
            ) : null
          }
        />
      )}
    </Stack>
  );
}

/** The one verdict line (with what to do about a failure right under it), then the records and the problems. */
export function Verdict({ report, volser, actions = null }: { report: VerifyReport; volser: string; actions?: ReactNode }) {
  return (
    <>
      <Alert severity={report.ok ? 'success' : 'error'} role="status" variant="filled">
        <AlertTitle>{report.ok ? `VERIFIED — ${volser} is a good bootable tape` : `FAILED — do not shelve ${volser}`}</AlertTitle>
        {report.ok ? 'Every record read back and matched.' : `${report.problems.length} problem(s) found.`}
      </Alert>
      {actions}
      <RecordsTable records={report.records} />
      {report.problems.map((p, i) => (
        <Alert key={i} severity="error">
          {p.record !== undefined && (
            <strong>
              Record {p.record}
              {p.offset !== undefined ? ` at byte ${p.offset}` : ''}:{' '}
            </strong>
          )}
          {p.message} <code>[{p.code}]</code>
        </Alert>
      ))}
    </>
  );
}
