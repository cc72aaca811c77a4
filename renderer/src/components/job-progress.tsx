/** Progress of a running job: bar, bytes, speed, ETA, the step list and a Cancel button. */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { JobInfo, StepState } from '../../../shared/model.ts';
import { call } from '../api/client.ts';
import { ErrorAlert } from './error-alert.tsx';
import { formatBytes, formatEta, formatRate } from './format.ts';
import { LogView } from './log-view.tsx';
import { jobVerdict, VERIFY_STEP_NAMES } from './verdict.ts';

const STEP_COLOR: Record<StepState, 'default' | 'primary' | 'success' | 'error' | 'warning'> = {
  pending: 'default',
  running: 'primary',
  done: 'success',
  failed: 'error',
  cancelled: 'warning',
  interrupted: 'warning',
};

function amount(p: NonNullable<JobInfo['progress']>): string {
  if (p.unit === 'percent') return `${Math.round(p.bytes)} %`;
  return `${formatBytes(p.bytes)}${p.totalBytes ? ` of ${formatBytes(p.totalBytes)}` : ''}`;
}

/** A step's chip: a read-back that ran to the end shows its verdict (a failed verdict is red, never "done"). */
function stepChip(job: JobInfo, s: JobInfo['steps'][number]): { label: string; color: (typeof STEP_COLOR)[StepState] } {
  const verdict = s.state === 'done' && VERIFY_STEP_NAMES.has(s.name) ? jobVerdict(job) : null;
  if (verdict === 'fail') return { label: `${s.name}: FAILED`, color: 'error' };
  if (verdict === 'pass') return { label: `${s.name}: passed`, color: 'success' };
  return { label: `${s.name}: ${s.state}`, color: STEP_COLOR[s.state] };
}

/** Shows one job with its Cancel button. */
export function JobProgress({ job }: { job: JobInfo }) {
  const p = job.progress;
  const pct = p && p.totalBytes ? Math.min(100, (100 * p.bytes) / p.totalBytes) : null;
  const running = job.state === 'running';
  return (
    <Box aria-label={`${job.title} progress`} role="region">
      <Stack direction="row" spacing={1} sx={{ mb: 1, flexWrap: 'wrap', rowGap: 1 }}>
        {job.steps.map((s) => {
          const chip = stepChip(job, s);
          return (
            <Chip key={s.name} size="small" label={chip.label} color={chip.color} variant={s.state === 'pending' ? 'outlined' : 'filled'} />
          );
        })}
      </Stack>
      <LinearProgress
        aria-label={`${job.title}: percent done`}
        variant={pct === null ? 'indeterminate' : 'determinate'}
        value={pct ?? 0}
        sx={{ height: 8, borderRadius: 1, visibility: running ? 'visible' : 'hidden' }}
      />
      <Stack direction="row" spacing={3} sx={{ mt: 1, alignItems: 'center' }}>
        <Typography variant="body2" aria-live="polite">
          {p ? `${p.step}${p.record ? ` · record ${p.record}` : ''} · ${amount(p)}` : job.state}
        </Typography>
        {p && p.unit === 'bytes' && <Typography variant="body2">{formatRate(p.bytesPerSecond)}</Typography>}
        {p && running && <Typography variant="body2">ETA {formatEta(p.etaSeconds)}</Typography>}
        <Box sx={{ flexGrow: 1 }} />
        {running && (
          <Button
            variant="outlined"
            color="warning"
            onClick={() => {
              void call('cancelJob', { id: job.id });
            }}
          >
            Cancel
          </Button>
        )}
      </Stack>
      {job.state === 'cancelled' ? (
        <Alert severity="info" sx={{ mt: 1 }}>
          Cancelled by the operator{job.error && job.error.code !== 'CANCELLED' ? `: ${job.error.message}` : '.'}
        </Alert>
      ) : (
        <ErrorAlert error={job.error} title={`${job.title} failed`} />
      )}
      <Box sx={{ mt: 1 }}>
        <LogView lines={job.log} label={`${job.title} log`} />
      </Box>
    </Box>
  );
}
