/**
 * Step 3: the tape. Pick a detected drive or a virtual tape file, type or scan the VOLSER (a USB
 * barcode scanner types it and presses Enter), then see what is on the tape, the blocking checks and the
 * confirmations (each an "Overwrite …" warning).
 */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  MEDIA_IDS,
  type MediaId,
  onlyRetentionBlocks,
  RETENTION_REASON_MIN_LENGTH,
  unsettledChecks,
  VOLSER_PATTERN,
} from '../../../shared/domain.ts';
import type { TapeChecks } from '../../../shared/model.ts';
import MenuItem from '@mui/material/MenuItem';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { toApiError, useLoad } from '../components/use-load.ts';
import { BlockingCheckAlerts, checkKey, ConfirmCheckAlert, RetentionReasonField } from './confirm-check-alert.tsx';
import { TapeContentsCard } from './tape-contents-card.tsx';
import { TargetDriveFacts } from '../drive/target-drive-facts.tsx';
import { LibraryPick } from './library-pick.tsx';
import { parseCartridgeInput, type StepProps } from './wizard-state.ts';

/** Done once the checks ran, nothing blocks (or the retention guard was overridden) and every confirmation is ticked. */
export function TapeStep({ state, update, visits }: StepProps) {
  const [virtualPath, setVirtualPath] = useState(state.tape?.target.endsWith('.tap') ? state.tape.target : '');
  const [target, setTarget] = useState(state.tape?.target ?? '');
  // What was typed or scanned (VOLSER, or VOLSER + media id); the VOLSER is its first six characters.
  const [typed, setTyped] = useState(state.tape?.volser ?? '');
  const volser = parseCartridgeInput(typed, MEDIA_IDS).volser;
  const [mediaId, setMediaId] = useState<MediaId>(state.tape?.mediaId ?? 'L8');
  const [checks, setChecks] = useState<TapeChecks | null>(null);
  const [confirmed, setConfirmed] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const drives = useLoad(() => call('listDrives', { extraTargets: [] }), [visits]);

  const runChecks = async (): Promise<void> => {
    update({ tape: null });
    setChecks(null);
    setError(null);
    if (!state.imageSet) return;
    try {
      const result = await call('checkTape', { target, volser, mediaId, imageSetId: state.imageSet.id });
      setChecks(result);
      setConfirmed([]);
      accept(result, [], '');
    } catch (err) {
      setError(toApiError(err));
    }
  };
  // An explicit registration; checking alone never adds a cartridge.
  const addToCatalog = async (c: TapeChecks): Promise<void> => {
    setError(null);
    try {
      await call('addCartridge', { volser: c.volser, mediaId });
      setChecks({ ...c, inCatalog: true });
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const accept = (c: TapeChecks, yes: string[], why: string): void => {
    const settled = unsettledChecks(c.checks, { confirmed: yes, overrideReason: why }, RETENTION_REASON_MIN_LENGTH).length === 0;
    const overrideReason = onlyRetentionBlocks(c.checks) ? why.trim() : null;
    update({ tape: settled ? { target: c.target, volser: c.volser, mediaId, confirmed: yes, overrideReason } : null });
  };
  const volserOk = VOLSER_PATTERN.test(volser);

  return (
    <Stack spacing={2}>
      <Typography variant="h6" component="h2">
        Which tape?
      </Typography>
      <LibraryPick
        visits={visits}
        onLoaded={(c) => {
          if (c.target.endsWith('.tap')) setVirtualPath(c.target);
          setTarget(c.target);
          setTyped(c.volser);
          if (c.mediaId && (MEDIA_IDS as readonly string[]).includes(c.mediaId)) setMediaId(c.mediaId as MediaId);
          update({ tape: null });
          setChecks(null);
        }}
      />
      <ErrorAlert error={drives.error} title="Cannot look for tape drives" />
      <RadioGroup
        aria-label="Tape target"
        value={target}
        onChange={(e) => {
          setTarget(e.target.value);
          update({ tape: null });
          setChecks(null);
        }}
      >
        {(drives.data ?? [])
          .filter((d) => d.kind === 'st')
          .map((d) => (
            <FormControlLabel
              key={d.target}
              value={d.target}
              disabled={!d.online}
              control={<Radio />}
              label={`${d.target} — ${d.status}${d.writeProtected ? ' (write-protected)' : ''}`}
            />
          ))}
        {drives.data && drives.data.every((d) => d.kind !== 'st') && (
          <Typography variant="body2" sx={{ mb: 1.5 }}>
            No /dev/nst* drive found on this workstation.
          </Typography>
        )}
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mt: 1 }}>
          <FormControlLabel
            value={virtualPath || '__virtual'}
            disabled={!virtualPath.endsWith('.tap')}
            control={<Radio />}
            label="Virtual tape file:"
          />
          <TextField
            size="small"
            label="Path of a .tap file"
            value={virtualPath}
            sx={{ flexGrow: 1 }}
            onChange={(e) => {
              setVirtualPath(e.target.value);
              setTarget(e.target.value);
              update({ tape: null });
              setChecks(null);
            }}
          />
        </Stack>
      </RadioGroup>
      <TargetDriveFacts target={target} />
      <Stack direction="row" spacing={1.5}>
        <TextField
          label="VOLSER (type or scan the cartridge barcode)"
          value={typed}
          size="small"
          sx={{ width: 340 }}
          error={typed.length > 0 && !volserOk}
          helperText={
            typed.length > 0 && !volserOk ? '6 characters A–Z or 0–9, e.g. ABC123' : volserOk ? `VOLSER ${volser}, media ${mediaId}` : ' '
          }
          // A scanner types the whole barcode (VOLSER + media id, e.g. ABC123L6) and then Enter.
          onChange={(e) => {
            const text = e.target.value
              .toUpperCase()
              .replace(/[^A-Z0-9]/g, '')
              .slice(0, 8);
            const parsed = parseCartridgeInput(text, MEDIA_IDS);
            setTyped(text);
            if (parsed.mediaId) setMediaId(parsed.mediaId as MediaId);
            update({ tape: null });
            setChecks(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && volserOk && target) void runChecks();
          }}
          slotProps={{ htmlInput: { autoCapitalize: 'characters', spellCheck: false } }}
        />
        <TextField
          select
          label="Media"
          value={mediaId}
          size="small"
          sx={{ width: 110 }}
          onChange={(e) => {
            setMediaId(e.target.value as MediaId);
            update({ tape: null });
            setChecks(null);
          }}
        >
          {MEDIA_IDS.map((m) => (
            <MenuItem key={m} value={m}>
              {m}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <Button
        variant="contained"
        sx={{ alignSelf: 'flex-start' }}
        disabled={!volserOk || !target || !state.imageSet}
        onClick={() => void runChecks()}
      >
        Check this tape
      </Button>
      <ErrorAlert error={error} title="Cannot check the tape" />
      {checks && <TapeContentsCard contents={checks.contents} />}
      {checks && checks.inCatalog === false && (
        <Alert
          severity="info"
          action={
            <Button color="inherit" size="small" onClick={() => void addToCatalog(checks)}>
              Add to catalog
            </Button>
          }
        >
          {checks.volser} is not in the catalog yet: it is added when the write starts (or now, with Add to catalog).
        </Alert>
      )}
      {checks && checks.checks.length === 0 && (
        <Alert severity="success">
          Nothing stands in the way: {checks.volser} on {checks.target} can be written.
        </Alert>
      )}
      {checks && <BlockingCheckAlerts checks={checks.checks} />}
      {checks?.checks.some((c) => c.kind === 'blocking' && c.code === 'RETENTION') && (
        <RetentionReasonField
          checks={checks.checks}
          written={checks.volser}
          value={reason}
          onChange={(r) => {
            setReason(r);
            accept(checks, confirmed, r);
          }}
        />
      )}
      {checks?.checks
        .filter((c) => c.kind === 'confirm')
        .map((c) => (
          <ConfirmCheckAlert
            key={checkKey(c)}
            check={c}
            checked={confirmed.includes(c.code)}
            onChange={(yes) => {
              const next = yes ? [...confirmed, c.code] : confirmed.filter((x) => x !== c.code);
              setConfirmed(next);
              accept(checks, next, reason);
            }}
          />
        ))}
    </Stack>
  );
}
