/** Identify a tape without its label: which cartridge and image set it holds, or what it looks like. */
import { useState } from 'react';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { JobInfo } from '../../../shared/model.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { JobProgress } from '../components/job-progress.tsx';
import { useJob } from '../components/use-job.ts';
import { toApiError } from '../components/use-load.ts';
import { TapeContentsCard } from '../wizard/tape-contents-card.tsx';

/** A target field, an Identify button and the answer. */
export function IdentifyPanel() {
  const [target, setTarget] = useState('');
  const [started, setStarted] = useState<JobInfo | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const job = useJob(started);
  const start = async (): Promise<void> => {
    setError(null);
    try {
      setStarted(await call('identifyTape', { target }));
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Identify a tape">
      <Typography variant="subtitle1" component="h2">
        Identify an unlabelled tape
      </Typography>
      <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
        <TextField
          size="small"
          label="Tape (.tap or /dev/nstN)"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          sx={{ width: 320 }}
        />
        <Button variant="outlined" disabled={!target || job?.state === 'running'} onClick={() => void start()}>
          Identify
        </Button>
      </Stack>
      <ErrorAlert error={error} title="Cannot identify" />
      {job && job.state !== 'done' && <JobProgress job={job} />}
      {job?.result?.kind === 'identify' && (
        <Stack sx={{ mt: 1 }}>
          <TapeContentsCard contents={job.result.contents} />
        </Stack>
      )}
    </Paper>
  );
}
