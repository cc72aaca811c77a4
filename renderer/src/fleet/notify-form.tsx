/**
 * Notification settings (issue 19): email over SMTP (STARTTLS or TLS, with auth), a webhook, which events,
 * desktop notifications on or off, and "Send test". The password and token go to the OS keyring through the
 * main process and never come back: the form only says where each is kept.
 */
import { useEffect, useState } from 'react';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { ApiRequest } from '../../../shared/api.ts';
import {
  type NotifyDelivery,
  type NotifySettings,
  OPS_EVENT_KINDS,
  type OpsEventKind,
  type SecretPlace,
} from '../../../shared/operations.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { toApiError, useLoad } from '../components/use-load.ts';
import { desktopNotificationsOn, setDesktopNotifications } from './desktop-notifications.tsx';

const EVENT_LABEL: Record<OpsEventKind, string> = {
  'job-failed': 'Job failed',
  'verification-failed': 'Verification failed',
  'tape-needed': 'Tape needed',
  'server-overdue': 'Server overdue',
  'retention-ending': 'Retention ending',
  'drive-cleaning': 'Drive needs cleaning',
};
const PLACE: Record<SecretPlace, string> = {
  keyring: 'kept in the keyring',
  file: 'kept in the settings file (set by the CLI)',
  environment: 'from an environment variable',
  none: 'not set',
};

interface Draft {
  host: string;
  port: string;
  starttls: boolean;
  user: string;
  password: string;
  from: string;
  to: string;
  caFile: string;
  webhookUrl: string;
  webhookToken: string;
  events: OpsEventKind[];
}

function draftOf(s: NotifySettings): Draft {
  return {
    host: s.email?.host ?? '',
    port: String(s.email?.port ?? 587),
    starttls: s.email?.starttls ?? true,
    user: s.email?.user ?? '',
    password: '',
    from: s.email?.from ?? '',
    to: s.email?.to.join(', ') ?? '',
    caFile: s.email?.caFile ?? '',
    webhookUrl: s.webhook?.url ?? '',
    webhookToken: '',
    events: s.events,
  };
}

/** Builds the request; throws with the field's label when something is not right. */
function requestOf(d: Draft): ApiRequest<'setNotifySettings'> {
  let email: ApiRequest<'setNotifySettings'>['email'] = null;
  if (d.host.trim() !== '') {
    if (!/^\d+$/.test(d.port.trim())) throw new Error(`SMTP port: a number, got '${d.port}'`);
    email = {
      host: d.host.trim(),
      port: Number(d.port.trim()),
      starttls: d.starttls,
      user: d.user.trim() || null,
      // Empty keeps the stored password; a user removed takes the password with it.
      password: d.user.trim() === '' ? '' : d.password === '' ? null : d.password,
      from: d.from.trim(),
      to: d.to
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      caFile: d.caFile.trim() || null,
    };
  }
  const webhook = d.webhookUrl.trim() === '' ? null : { url: d.webhookUrl.trim(), token: d.webhookToken === '' ? null : d.webhookToken };
  return { email, webhook, events: d.events };
}

/** The form. */
export function NotifyForm() {
  const settings = useLoad(() => call('getNotifySettings', {}), []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState('');
  const [deliveries, setDeliveries] = useState<NotifyDelivery[] | null>(null);
  const [desktop, setDesktop] = useState(desktopNotificationsOn());
  const [permission, setPermission] = useState<string>(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  useEffect(() => {
    if (settings.data) setDraft(draftOf(settings.data));
  }, [settings.data]);
  const edit = (patch: Partial<Draft>): void => {
    if (draft) setDraft({ ...draft, ...patch });
    setNote('');
  };
  const save = async (): Promise<boolean> => {
    if (!draft) return false;
    try {
      await call('setNotifySettings', requestOf(draft));
      setError(null);
      setNote('Saved.');
      settings.reload();
      return true;
    } catch (err) {
      setError(toApiError(err));
      return false;
    }
  };
  const test = async () => {
    setDeliveries(null);
    if (!(await save())) return;
    try {
      setDeliveries(await call('sendTestNotification', {}));
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const s = settings.data;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} aria-label="Notifications">
      <Typography variant="subtitle1" gutterBottom>
        Notifications
      </Typography>
      <ErrorAlert error={settings.error ?? error} title="Notifications" />
      <FormControlLabel
        label={`Desktop notifications while the app is open${permission === 'denied' ? ' (blocked by the system)' : ''}`}
        control={
          <Switch
            checked={desktop}
            onChange={(e) => {
              const on = e.target.checked;
              setDesktop(on);
              void setDesktopNotifications(on).then(setPermission);
            }}
          />
        }
      />
      {draft && s && (
        <Stack spacing={2} sx={{ mt: 1 }}>
          <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
            <TextField
              size="small"
              label="SMTP host"
              value={draft.host}
              onChange={(e) => edit({ host: e.target.value })}
              sx={{ width: 200 }}
            />
            <TextField
              size="small"
              label="SMTP port"
              value={draft.port}
              onChange={(e) => edit({ port: e.target.value })}
              sx={{ width: 100 }}
            />
            <FormControlLabel
              label="STARTTLS (off: TLS from the start, port 465)"
              control={<Checkbox checked={draft.starttls} onChange={(e) => edit({ starttls: e.target.checked })} />}
            />
            <TextField
              size="small"
              label="SMTP user"
              value={draft.user}
              onChange={(e) => edit({ user: e.target.value })}
              sx={{ width: 180 }}
            />
            <TextField
              size="small"
              type="password"
              label="SMTP password"
              value={draft.password}
              autoComplete="new-password"
              helperText={s.email ? `Password ${PLACE[s.email.passwordIn]}` : 'Kept in the keyring'}
              onChange={(e) => edit({ password: e.target.value })}
              sx={{ width: 220 }}
            />
            <TextField size="small" label="From" value={draft.from} onChange={(e) => edit({ from: e.target.value })} sx={{ width: 220 }} />
            <TextField
              size="small"
              label="To (comma-separated)"
              value={draft.to}
              onChange={(e) => edit({ to: e.target.value })}
              sx={{ width: 280 }}
            />
            <TextField
              size="small"
              label="CA certificate file (optional)"
              value={draft.caFile}
              onChange={(e) => edit({ caFile: e.target.value })}
              sx={{ width: 280 }}
            />
          </Stack>
          <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
            <TextField
              size="small"
              label="Webhook URL"
              value={draft.webhookUrl}
              onChange={(e) => edit({ webhookUrl: e.target.value })}
              sx={{ width: 360 }}
            />
            <TextField
              size="small"
              type="password"
              label="Webhook token"
              value={draft.webhookToken}
              autoComplete="new-password"
              helperText={s.webhook ? `Token ${PLACE[s.webhook.tokenIn]}` : 'Sent as Authorization: Bearer; kept in the keyring'}
              onChange={(e) => edit({ webhookToken: e.target.value })}
              sx={{ width: 260 }}
            />
          </Stack>
          <FormGroup row aria-label="Events to send">
            {OPS_EVENT_KINDS.map((k) => (
              <FormControlLabel
                key={k}
                label={EVENT_LABEL[k]}
                control={
                  <Checkbox
                    checked={draft.events.includes(k)}
                    onChange={(e) => edit({ events: e.target.checked ? [...draft.events, k] : draft.events.filter((x) => x !== k) })}
                  />
                }
              />
            ))}
          </FormGroup>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Button
              variant="contained"
              onClick={() => {
                void save();
              }}
            >
              Save notifications
            </Button>
            <Button
              variant="outlined"
              onClick={() => {
                void test();
              }}
            >
              Send test
            </Button>
            <Typography variant="body2">{note}</Typography>
          </Stack>
          {deliveries && (
            <Stack spacing={0.5} aria-label="Test deliveries">
              {deliveries.map((d) => (
                <Typography key={d.channel} variant="body2" color={d.ok ? 'success.main' : 'error'}>
                  {d.ok ? `Sent: ${d.channel}` : `Failed: ${d.channel}: ${d.error ?? '?'}`}
                </Typography>
              ))}
            </Stack>
          )}
          <Typography variant="caption" color="text.secondary">
            Settings in {s.configPath} (shared with the CLI and the timer); passwords and tokens typed here go to: {s.secretStore}. The
            timer cannot read the keyring: for it, set the password in an environment variable (sysbtape notify set --smtp-password-env).
          </Typography>
        </Stack>
      )}
    </Paper>
  );
}
