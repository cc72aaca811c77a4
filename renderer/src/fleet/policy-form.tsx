/** The backup policy form (issue 19): the default, or one server's own fields (empty = follow the default). */
import { useEffect, useState } from 'react';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { ApiRequest } from '../../../shared/api.ts';
import type { EffectivePolicy, PolicyField } from '../../../shared/operations.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { toApiError, useLoad } from '../components/use-load.ts';

const NUMBERS: { field: Exclude<PolicyField, 'offsiteLocations'>; label: string }[] = [
  { field: 'maxAgeDays', label: 'Max age (days)' },
  { field: 'copies', label: 'Verified copies' },
  { field: 'offsiteCopies', label: 'Of which off site' },
  { field: 'reverifyDays', label: 'Re-verify after (days)' },
  { field: 'retentionDays', label: 'Retention (days, 0 none)' },
];
const DEFAULT = '(default)';

type Draft = Record<PolicyField, string>;

function draftOf(e: EffectivePolicy): Draft {
  const own = (f: PolicyField) => e.server === null || e.own.includes(f);
  const p = e.policy;
  const out = {} as Draft;
  for (const { field } of NUMBERS) out[field] = own(field) ? String(p[field]) : '';
  out.offsiteLocations = own('offsiteLocations') ? p.offsiteLocations.join(', ') : '';
  return out;
}

/** The form; `onSaved` lets the fleet view recompute. */
export function PolicyForm({ onSaved }: { onSaved: () => void }) {
  const policies = useLoad(() => call('getPolicies', {}), []);
  const [scope, setScope] = useState(DEFAULT);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const current = policies.data && (scope === DEFAULT ? policies.data.default : policies.data.servers.find((s) => s.server === scope));
  useEffect(() => {
    if (current) setDraft(draftOf(current));
  }, [current]);
  const save = async () => {
    if (!draft) return;
    const patch: ApiRequest<'setPolicy'>['patch'] = {};
    for (const { field, label } of NUMBERS) {
      const text = draft[field].trim();
      if (text === '') {
        if (scope !== DEFAULT) patch[field] = null;
        continue;
      }
      if (!/^\d+$/.test(text)) {
        setError(toApiError(new Error(`${label}: a whole number, got '${text}'`)));
        return;
      }
      patch[field] = Number(text);
    }
    const loc = draft.offsiteLocations.trim();
    if (loc === '' && scope !== DEFAULT) patch.offsiteLocations = null;
    else
      patch.offsiteLocations = loc
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    try {
      await call('setPolicy', { server: scope === DEFAULT ? null : scope, patch });
      setError(null);
      setSaved(true);
      policies.reload();
      onSaved();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <Paper variant="outlined" sx={{ p: 2 }} aria-label="Backup policy">
      <Typography variant="subtitle1" gutterBottom>
        Backup policy
      </Typography>
      <ErrorAlert error={policies.error ?? error} title="Backup policy" />
      {draft && (
        <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }}>
          <TextField
            select
            size="small"
            label="Policy of"
            value={scope}
            sx={{ minWidth: 140 }}
            onChange={(e) => {
              setScope(e.target.value);
              setSaved(false);
            }}
          >
            <MenuItem value={DEFAULT}>{DEFAULT}</MenuItem>
            {(policies.data?.servers ?? []).map((s) => (
              <MenuItem key={s.server} value={s.server!}>
                {s.server}
              </MenuItem>
            ))}
          </TextField>
          {NUMBERS.map(({ field, label }) => (
            <TextField
              key={field}
              size="small"
              label={label}
              value={draft[field]}
              sx={{ width: 170 }}
              placeholder={scope === DEFAULT ? '' : `default: ${policies.data?.default.policy[field]}`}
              onChange={(e) => {
                setDraft({ ...draft, [field]: e.target.value });
                setSaved(false);
              }}
            />
          ))}
          <TextField
            size="small"
            label="Off-site locations (comma-separated)"
            value={draft.offsiteLocations}
            sx={{ width: 300 }}
            onChange={(e) => {
              setDraft({ ...draft, offsiteLocations: e.target.value });
              setSaved(false);
            }}
          />
          <Button
            variant="contained"
            onClick={() => {
              void save();
            }}
          >
            Save policy
          </Button>
          {saved && (
            <Typography variant="body2" sx={{ alignSelf: 'center' }}>
              Saved.
            </Typography>
          )}
        </Stack>
      )}
    </Paper>
  );
}
