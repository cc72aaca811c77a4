/**
 * The Drive panel (issue 17): read a /dev/nstN drive's own report (SG_IO through its sg node), or open a
 * support bundle saved with `sysbtape drive status --save-raw DIR` to see what another machine's drive said.
 */
import { useState } from 'react';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { DriveHealthView } from '../../../shared/drive-health.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { toApiError } from '../components/use-load.ts';
import { DriveHealthCard } from './drive-health-card.tsx';

/** Two ways in (a drive, a saved bundle) and the report. */
export function DrivePanel() {
  const [target, setTarget] = useState('/dev/nst0');
  const [bundle, setBundle] = useState('');
  const [view, setView] = useState<DriveHealthView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const read = async (req: { target: string } | { bundleDir: string }): Promise<void> => {
    setError(null);
    setBusy(true);
    try {
      setView(await call('driveStatus', req));
    } catch (err) {
      setView(null);
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Drive">
      <Typography variant="subtitle1" component="h2">
        Drive and cartridge health
      </Typography>
      <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap', rowGap: 1 }}>
        <TextField
          size="small"
          label="Drive (/dev/nstN or .tap)"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          sx={{ width: 240 }}
        />
        <Button variant="outlined" disabled={!target || busy} onClick={() => void read({ target })}>
          Read drive
        </Button>
        <TextField
          size="small"
          label="…or a saved bundle folder (--save-raw)"
          value={bundle}
          onChange={(e) => setBundle(e.target.value)}
          sx={{ flexGrow: 1, minWidth: 240 }}
        />
        <Button variant="outlined" disabled={!bundle || busy} onClick={() => void read({ bundleDir: bundle })}>
          Open bundle
        </Button>
      </Stack>
      <ErrorAlert error={error} title="Cannot read the drive" />
      {view && (
        <Stack sx={{ mt: 1.5 }}>
          <DriveHealthCard view={view} />
        </Stack>
      )}
    </Paper>
  );
}
