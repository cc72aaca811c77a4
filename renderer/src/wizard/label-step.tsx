/** Step 6: where the cartridge goes, then the spine label and restore card, previewed and printed apart. */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { toApiError } from '../components/use-load.ts';
import { LabelPrint } from '../catalog/label-print.tsx';
import type { WizardState } from './wizard-state.ts';

/** Shows the label for the written VOLSER and records location and retention. */
export function LabelStep({ state }: { state: WizardState }) {
  const volser = state.tape?.volser ?? '';
  const [location, setLocation] = useState('');
  const [retention, setRetention] = useState('');
  const [saved, setSaved] = useState(false);
  // Changes after each Save, so the card is rendered again with the saved shelf and retention.
  const [savedKey, setSavedKey] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const verdict = state.verifyJob?.result?.kind === 'verify' ? state.verifyJob.result.report.ok : null;

  const save = async (): Promise<void> => {
    setError(null);
    try {
      await call('updateCartridge', { volser, location: location || null, retentionUntil: retention || null, notes: null });
      setSaved(true);
      setSavedKey(`${location}|${retention}|${Date.now()}`);
    } catch (err) {
      setError(toApiError(err));
    }
  };

  return (
    <Stack spacing={2}>
      <Typography variant="h6" component="h2">
        Label and shelve {volser}
      </Typography>
      {verdict === false && (
        <Alert severity="error">This tape FAILED verification. Do not shelve it; write it again or retire the cartridge.</Alert>
      )}
      <Stack direction="row" spacing={1.5}>
        <TextField
          label="Location (shelf, safe, off-site box)"
          value={location}
          onChange={(e) => {
            setLocation(e.target.value);
            setSaved(false);
          }}
          size="small"
          sx={{ width: 320 }}
        />
        <TextField
          label="Keep until"
          type="date"
          value={retention}
          onChange={(e) => {
            setRetention(e.target.value);
            setSaved(false);
          }}
          size="small"
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <Button variant="contained" disabled={!volser || verdict === false} onClick={() => void save()}>
          Save to catalog
        </Button>
      </Stack>
      <ErrorAlert error={error} title="Cannot save" />
      {saved && (
        <Alert severity="success">
          Recorded: {volser} at {location || '(no location)'}
          {retention ? `, kept until ${retention}` : ''}.
        </Alert>
      )}
      {/* Below the shelf form: the card is printed after the shelf is saved, and shows it. */}
      {volser && <LabelPrint volser={volser} refreshKey={savedKey} disabled={verdict === false} />}
    </Stack>
  );
}
