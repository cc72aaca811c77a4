/**
 * Before a durable job resumes at its write step, the tape is checked again (it may now hold half a
 * write, or another cartridge may be loaded): blocking checks are shown, confirmations need a tick,
 * a retention override needs a reason that the catalog records.
 */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { onlyRetentionBlocks, RETENTION_REASON_MIN_LENGTH, unsettledChecks } from '../../../shared/domain.ts';
import type { TapeChecks } from '../../../shared/model.ts';
import { BlockingCheckAlerts, checkKey, ConfirmCheckAlert, RetentionReasonField } from '../wizard/confirm-check-alert.tsx';
import { TapeContentsCard } from '../wizard/tape-contents-card.tsx';

/** What the operator answered. */
export interface ResumeConsent {
  confirmed: string[];
  overrideReason: string | null;
}

/** The checks of one job, with Resume enabled only once every check is settled. */
export function ResumeDialog({
  title,
  checks,
  onResume,
  onClose,
}: {
  title: string;
  checks: TapeChecks;
  onResume: (c: ResumeConsent) => void;
  onClose: () => void;
}) {
  const [confirmed, setConfirmed] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const confirms = checks.checks.filter((c) => c.kind === 'confirm');
  const onlyRetention = onlyRetentionBlocks(checks.checks);
  const settled = unsettledChecks(checks.checks, { confirmed, overrideReason: reason }, RETENTION_REASON_MIN_LENGTH).length === 0;
  return (
    <Dialog open onClose={onClose} aria-labelledby="resume-title" maxWidth="sm" fullWidth>
      <DialogTitle id="resume-title">Resume {title}</DialogTitle>
      <DialogContent>
        <Stack spacing={1.5} sx={{ mt: 0.5 }}>
          <Alert severity="info">
            The job resumes by writing {checks.volser} on {checks.target} again from the start of the tape.
          </Alert>
          <TapeContentsCard contents={checks.contents} />
          <BlockingCheckAlerts checks={checks.checks} />
          {onlyRetention && <RetentionReasonField checks={checks.checks} written={checks.volser} value={reason} onChange={setReason} />}
          {confirms.map((c) => (
            <ConfirmCheckAlert
              key={checkKey(c)}
              check={c}
              checked={confirmed.includes(c.code)}
              onChange={(yes) => setConfirmed(yes ? [...confirmed, c.code] : confirmed.filter((x) => x !== c.code))}
            />
          ))}
          {checks.checks.length === 0 && <Alert severity="success">Nothing stands in the way.</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Do not resume</Button>
        <Button
          variant="contained"
          disabled={!settled}
          onClick={() => onResume({ confirmed, overrideReason: onlyRetention ? reason.trim() : null })}
        >
          Resume the write
        </Button>
      </DialogActions>
    </Dialog>
  );
}
