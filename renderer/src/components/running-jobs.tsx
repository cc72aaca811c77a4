/** The app bar's running jobs: one small button per job with its live percent; it leads back to where the job is shown. */
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import type { JobInfo } from '../../../shared/model.ts';
import { percentDone, useLiveJobs } from './live-jobs.tsx';

/** Lists running jobs; `onOpen` shows the job (the wizard for its own jobs, else Jobs). */
export function RunningJobs({ onOpen }: { onOpen: (job: JobInfo) => void }) {
  const running = [...useLiveJobs().values()].filter((j) => j.state === 'running');
  if (running.length === 0) return null;
  return (
    <Box component="nav" aria-label="Running jobs" sx={{ display: 'flex', gap: 1, minWidth: 0, overflow: 'hidden' }}>
      {running.map((j) => {
        const pct = percentDone(j);
        return (
          <Button
            key={j.id}
            size="small"
            variant="outlined"
            onClick={() => onOpen(j)}
            title={`${j.title}: open`}
            startIcon={<CircularProgress size={14} variant={pct === null ? 'indeterminate' : 'determinate'} value={pct ?? 0} />}
            sx={{ whiteSpace: 'nowrap', minWidth: 0, textTransform: 'none', overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: 220 }}
          >
            {j.title}
            {pct === null ? '' : ` · ${pct} %`}
          </Button>
        );
      })}
    </Box>
  );
}
