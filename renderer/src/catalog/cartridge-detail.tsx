/** One cartridge: its writes and verifications, with Re-verify and Retire. */
import { useEffect, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { JobInfo } from '../../../shared/model.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatWhen } from '../components/format.ts';
import { JobProgress } from '../components/job-progress.tsx';
import { useJob } from '../components/use-job.ts';
import { toApiError, useLoad } from '../components/use-load.ts';
import { Verdict } from '../wizard/verify-step.tsx';

/** Detail panel of the selected cartridge. */
export function CartridgeDetailPanel({ volser, onChanged, onDeleted }: { volser: string; onChanged: () => void; onDeleted?: () => void }) {
  const detail = useLoad(() => call('getCartridge', { volser }), [volser]);
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [started, setStarted] = useState<JobInfo | null>(null);
  const job = useJob(started);
  const finished = job !== null && job.state !== 'running';
  // A finished re-verify adds to the history: show it.
  useEffect(() => { if (finished) { detail.reload(); onChanged(); } }, [finished]);

  // Only a cartridge registered by mistake (blank, never written or verified) may be deleted; others are retired.
  const d = detail.data;
  const deletable = d !== null && d.cartridge.status === 'blank' && d.cartridge.writeCount === 0 && d.writes.length === 0 && d.verifications.length === 0;
  const act = async (fn: () => Promise<unknown>): Promise<void> => {
    setError(null);
    try { await fn(); detail.reload(); onChanged(); } catch (err) { setError(toApiError(err)); }
  };

  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label={`Cartridge ${volser}`}>
      <Typography variant="h6" component="h2">{volser}</Typography>
      <ErrorAlert error={detail.error} title="Cannot load the cartridge" />
      {detail.data && (
        <Stack spacing={1}>
          <Typography variant="body2">
            {detail.data.cartridge.barcode} · {detail.data.cartridge.status} · {detail.data.cartridge.location ?? 'no location'} ·
            keep until {detail.data.cartridge.retentionUntil ?? '—'} · first use {formatWhen(detail.data.cartridge.firstUsed)}
          </Typography>
          <Typography variant="subtitle2" component="h3">Writes</Typography>
          {detail.data.writes.map((w, i) => <Typography key={i} variant="body2">{formatWhen(w.at)} on {w.drive}: {w.result}</Typography>)}
          <Typography variant="subtitle2" component="h3">Verifications</Typography>
          {detail.data.verifications.map((v, i) => (
            <Typography key={i} variant="body2">{formatWhen(v.at)} on {v.drive}: {v.verdict}{v.problems.length ? ` (${v.problems.length} problem${v.problems.length === 1 ? '' : 's'})` : ''}</Typography>
          ))}
        </Stack>
      )}
      <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
        <TextField size="small" label="Tape to read (.tap or /dev/nstN)" value={target} onChange={(e) => setTarget(e.target.value)} sx={{ width: 300 }} />
        <Button variant="outlined" disabled={!target} onClick={() => void act(async () => { setStarted(await call('startVerify', { target, imageSetId: null, volser })); })}>Re-verify</Button>
        <TextField size="small" label="Reason to retire" value={reason} onChange={(e) => setReason(e.target.value)} sx={{ width: 220 }} />
        <Button color="error" variant="outlined" disabled={reason.length < 3} onClick={() => void act(() => call('retireCartridge', { volser, reason }))}>Retire</Button>
        {deletable && (
          <Button color="error" onClick={() => void act(async () => { await call('deleteCartridge', { volser }); onDeleted?.(); })}>Delete blank cartridge</Button>
        )}
      </Stack>
      <ErrorAlert error={error} />
      {job && job.state !== 'done' && <JobProgress job={job} />}
      {job?.result?.kind === 'verify' && <Box sx={{ mt: 2 }}><Verdict report={job.result.report} volser={volser} /></Box>}
    </Paper>
  );
}
