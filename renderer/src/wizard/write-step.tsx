/** Step 4: write the four records, with per-record progress, speed, ETA and Cancel. */
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { JobProgress } from '../components/job-progress.tsx';
import { RecordsTable } from '../components/records-table.tsx';
import { useJob } from '../components/use-job.ts';
import { toApiError } from '../components/use-load.ts';
import type { StepProps } from './wizard-state.ts';

/** Done once the write job finished. */
export function WriteStep({ state, update }: StepProps) {
  const [error, setError] = useState<ApiError | null>(null);
  const job = useJob(state.writeJob);
  useEffect(() => { if (job && job !== state.writeJob && job.state !== 'running') update({ writeJob: job }); }, [job, state.writeJob, update]);

  const start = async (): Promise<void> => {
    if (!state.tape || !state.imageSet) return;
    setError(null);
    try {
      update({ writeJob: await call('startWrite', { ...state.tape, imageSetId: state.imageSet.id }), verifyJob: null });
    } catch (err) { setError(toApiError(err)); }
  };
  const running = job?.state === 'running';

  return (
    <Stack spacing={2}>
      <Typography variant="h6" component="h2">Write {state.tape?.volser} on {state.tape?.target}</Typography>
      <Typography variant="body2">
        Records 1–3 at 512-byte blocks, record 4 at the block size named in tapeblksz
        ({state.imageSet?.tapeblksz ?? 'from record 2'}), a filemark after each. Everything after is erased.
      </Typography>
      <Button variant="contained" color="primary" sx={{ alignSelf: 'flex-start' }} disabled={running || !state.tape || job?.state === 'done'} onClick={() => void start()}>
        {job && job.state !== 'done' && !running ? 'Write again' : 'Write tape'}
      </Button>
      <ErrorAlert error={error} title="Cannot start the write" />
      {job && <JobProgress job={job} />}
      {job?.state === 'done' && job.result?.kind === 'write' && (
        <>
          <Alert severity="success">Written: four records on {job.result.target}. Next, read it back.</Alert>
          <RecordsTable records={job.result.records.map((r) => ({ ...r, kind: '', blocks: null, matches: null }))} />
        </>
      )}
    </Stack>
  );
}
