/** Step 2: capture a new image set on the server (mksysb options, live log and progress) or pick one. */
import { useEffect, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { RECORD4_BLOCK_SIZES } from '../../../shared/model.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { ImageSetTable } from '../components/image-set-table.tsx';
import { JobProgress } from '../components/job-progress.tsx';
import { ReadinessReportView } from '../components/readiness-report.tsx';
import { useJob } from '../components/use-job.ts';
import { toApiError, useLoad } from '../components/use-load.ts';
import type { StepProps } from './wizard-state.ts';

/** Done once an image set is chosen (a fresh capture selects its own). */
export function CaptureStep({ state, update, visits }: StepProps) {
  const [exclude, setExclude] = useState(true);
  const [pack, setPack] = useState(false);
  const [blockSize, setBlockSize] = useState(512);
  const [error, setError] = useState<ApiError | null>(null);
  const job = useJob(state.captureJob);
  const sets = useLoad(() => call('listImageSets', {}), [job?.state, visits]);

  useEffect(() => {
    if (job?.state === 'done' && job.result?.kind === 'capture') update({ imageSet: job.result.imageSet });
  }, [job, update]);

  const start = async (): Promise<void> => {
    if (!state.server) return;
    setError(null);
    try {
      update({ captureJob: await call('startCapture', { server: state.server.name, exclude, pack, record4BlockSize: blockSize }) });
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const forServer = (sets.data ?? []).filter((s) => !state.server || s.server === state.server.name);

  return (
    <Stack spacing={2}>
      <Typography variant="h6" component="h2">
        Capture on {state.server?.name ?? 'the server'}
      </Typography>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <FormControlLabel
          control={<Checkbox checked={exclude} onChange={(e) => setExclude(e.target.checked)} />}
          label="Exclude files listed in /etc/exclude.rootvg (-e)"
        />
        <FormControlLabel
          control={<Checkbox checked={pack} onChange={(e) => setPack(e.target.checked)} />}
          label="Pack files (smaller, slower)"
        />
        <TextField
          select
          size="small"
          label="Record-4 block size"
          value={blockSize}
          onChange={(e) => setBlockSize(Number(e.target.value))}
          sx={{ width: 180 }}
        >
          {RECORD4_BLOCK_SIZES.map((n) => (
            <MenuItem key={n} value={n}>
              {n} bytes
            </MenuItem>
          ))}
        </TextField>
        <Button variant="contained" disabled={!state.server || job?.state === 'running'} onClick={() => void start()}>
          Start capture
        </Button>
      </Stack>
      <ErrorAlert error={error} title="Cannot start the capture" />
      {job && <JobProgress job={job} />}
      {state.imageSet && <ReadinessReportView report={state.imageSet.readiness} />}
      <Box>
        <Typography variant="subtitle1" component="h3">
          Or use an image set already staged
        </Typography>
        <ErrorAlert error={sets.error} title="Cannot list image sets" />
        {sets.data && forServer.length === 0 && <Typography variant="body2">None for this server yet.</Typography>}
        {forServer.length > 0 && (
          <Box sx={{ maxHeight: 220, overflow: 'auto' }}>
            <ImageSetTable sets={forServer} selectedId={state.imageSet?.id ?? null} onSelect={(s) => update({ imageSet: s })} />
          </Box>
        )}
      </Box>
    </Stack>
  );
}
