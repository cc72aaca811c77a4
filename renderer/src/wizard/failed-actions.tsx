/** What an operator can do about a tape that FAILED verification: write it again, or retire the cartridge. */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { CartridgeInfo } from '../../../shared/model.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { toApiError } from '../components/use-load.ts';

/** "Write again" (back to the Write step) and "Retire cartridge" with a recorded reason. */
export function FailedActions({ volser, onWriteAgain }: { volser: string; onWriteAgain: () => void }) {
  const [retiring, setRetiring] = useState(false);
  const [reason, setReason] = useState('Failed verification after write');
  const [retired, setRetired] = useState<CartridgeInfo | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const retire = async (): Promise<void> => {
    setError(null);
    try {
      setRetired(await call('retireCartridge', { volser, reason: reason.trim() }));
      setRetiring(false);
    } catch (err) {
      setError(toApiError(err));
    }
  };

  if (retired) return <Alert severity="info">{retired.volser} is retired: it will not be offered for writing again.</Alert>;
  return (
    <Stack spacing={1.5} role="group" aria-label="What to do about the failed tape">
      <Stack direction="row" spacing={1.5}>
        <Button variant="contained" onClick={onWriteAgain}>
          Write again
        </Button>
        <Button variant="outlined" color="error" onClick={() => setRetiring(true)} disabled={retiring}>
          Retire cartridge
        </Button>
      </Stack>
      {retiring && (
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'flex-start' }}>
          <TextField
            size="small"
            label="Reason for retiring (recorded in the catalog)"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            sx={{ width: 420 }}
            error={reason.trim().length < 3}
            helperText={reason.trim().length < 3 ? 'at least 3 characters' : ' '}
          />
          <Button variant="contained" color="error" disabled={reason.trim().length < 3} onClick={() => void retire()}>
            Retire {volser}
          </Button>
          <Button onClick={() => setRetiring(false)}>Keep it</Button>
        </Stack>
      )}
      <ErrorAlert error={error} title={`Cannot retire ${volser}`} />
    </Stack>
  );
}
