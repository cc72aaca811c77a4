/**
 * The write checks as the Tape step and the Resume dialog show them. A check that needs the operator's yes
 * before a write: a warning alert saying what the write destroys, with an "Overwrite …" checkbox (never a
 * bare checkbox sentence that is easy to tick without reading). A blocking check: an error alert. The
 * retention override: a reason field naming whose history records it.
 */
import Alert from '@mui/material/Alert';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import TextField from '@mui/material/TextField';
import type { TapeCheck } from '../../../shared/model.ts';

const OVERWRITE_LABEL: Record<string, string> = {
  UNKNOWN_CONTENTS: 'Overwrite what is on this tape',
  KNOWN_CONTENTS: "Overwrite the other cartridge's recorded contents",
  FAILED_BEFORE: 'Overwrite anyway: write this cartridge although it failed before',
};

/** One confirmation check with its Overwrite checkbox. */
export function ConfirmCheckAlert({
  check,
  checked,
  onChange,
}: {
  check: TapeCheck;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <Alert severity="warning" role="alert">
      {check.message} <code>[{check.code}]</code>
      <div>
        <FormControlLabel
          label={OVERWRITE_LABEL[check.code] ?? `Overwrite anyway (${check.code})`}
          control={<Checkbox checked={checked} onChange={(e) => onChange(e.target.checked)} />}
        />
      </div>
    </Alert>
  );
}

/** The blocking checks, one error alert each. */
export function BlockingCheckAlerts({ checks }: { checks: readonly TapeCheck[] }) {
  return checks
    .filter((c) => c.kind === 'blocking')
    .map((c) => (
      <Alert key={checkKey(c)} severity="error" role="alert">
        <strong>Cannot write:</strong> {c.message} <code>[{c.code}]</code>
      </Alert>
    ));
}

/** The reason to override a retention, recorded in the history of every cartridge whose retention blocks. */
export function RetentionReasonField({
  checks,
  written,
  value,
  onChange,
}: {
  checks: readonly TapeCheck[];
  written: string;
  value: string;
  onChange: (reason: string) => void;
}) {
  return (
    <TextField
      label="Reason to override the retention (recorded in the catalog)"
      value={value}
      size="small"
      multiline
      helperText={`Recorded in the history of ${retentionVolsers(checks, written).join(' and ')}`}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** The React key of a check: RETENTION can come twice (the written cartridge and the one in the drive). */
export function checkKey(check: TapeCheck): string {
  return `${check.code}:${check.volser ?? ''}`;
}

/** Whose history a retention override goes into, for the reason field's label. */
export function retentionVolsers(checks: readonly TapeCheck[], written: string): string[] {
  return [...new Set(checks.filter((c) => c.code === 'RETENTION').map((c) => c.volser ?? written))];
}
