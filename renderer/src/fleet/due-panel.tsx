/**
 * What the schedules want now (issue 19): while the app is open it shows the due captures and offers to
 * start each one (the same capture job as the wizard's; the write then waits for a tape, as with `due --run`).
 */
import { useState } from 'react';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { JobId } from '../../../shared/model.ts';
import type { DueItem } from '../../../shared/operations.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { toApiError, useLoad } from '../components/use-load.ts';

const WORD: Record<DueItem['state'], string> = { due: 'Due', 'not-due': 'Not due', waiting: 'Waiting', 'backing-off': 'Backing off', 'given-up': 'Given up' };

/** The panel; nothing when no schedule exists. */
export function DuePanel() {
  const due = useLoad(() => call('listDue', {}), []);
  const [started, setStarted] = useState<Record<string, JobId>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const start = async (server: string) => {
    try {
      const job = await call('startCapture', { server, exclude: false, pack: true, record4BlockSize: 512 });
      setStarted((s) => ({ ...s, [server]: job.id }));
      setError(null);
    } catch (err) {
      setError(toApiError(err));
    }
  };
  if (!due.data?.length && !due.error) return null;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} aria-label="Scheduled captures">
      <Typography variant="subtitle1" gutterBottom>Scheduled captures</Typography>
      <ErrorAlert error={due.error ?? error} title="Scheduled captures" />
      <Stack spacing={1}>
        {(due.data ?? []).map((d) => (
          <Stack key={d.server} direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Typography sx={{ fontWeight: 600, minWidth: 90 }}>{d.server}</Typography>
            <Typography variant="body2" sx={{ flexGrow: 1 }}>{WORD[d.state]} — {d.reason}</Typography>
            {d.state === 'due' && (started[d.server]
              ? <Typography variant="body2">Capture started (job {started[d.server]}): see Jobs</Typography>
              : <Button size="small" variant="outlined" onClick={() => { void start(d.server); }}>Start capture</Button>)}
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
