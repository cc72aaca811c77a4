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
import TextField, { type TextFieldProps } from '@mui/material/TextField';
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

/** The draft's text fields. */
type TextKey = { [K in keyof Draft]: Draft[K] extends string ? K : never }[keyof Draft];

/** One text field of the draft: all alike but for label, width and extras such as type="password". */
function DraftText({
  draft,
  edit,
  field,
  width,
  ...extra
}: { draft: Draft; edit: (patch: Partial<Draft>) => void; field: TextKey; width: number } & Omit<TextFieldProps, 'value' | 'onChange'>) {
  return <TextField size="small" value={draft[field]} onChange={(e) => edit({ [field]: e.target.value })} sx={{ width }} {...extra} />;
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
            <DraftText draft={draft} edit={edit} field="host" width={200} label="SMTP host" />
            <DraftText draft={draft} edit={edit} field="port" width={100} label="SMTP port" />
            <FormControlLabel
              label="STARTTLS (off: TLS from the start, port 465)"
              control={<Checkbox checked={draft.starttls} onChange={(e) => edit({ starttls: e.target.checked })} />}
            />
            <DraftText draft={draft} edit={edit} field="user" width={180} label="SMTP user" />
            <DraftText
              draft={draft}
              edit={edit}
              field="password"
              width={220}
              type="password"
              label="SMTP password"
              autoComplete="new-password"
              helperText={s.email ? `Password ${PLACE[s.email.passwordIn]}` : 'Kept in the keyring'}
            />
            <DraftText draft={draft} edit={edit} field="from" width={220} label="From" />
            <DraftText draft={draft} edit={edit} field="to" width={280} label="To (comma-separated)" />
            <DraftText draft={draft} edit={edit} field="caFile" width={280} label="CA certificate file (optional)" />
          </Stack>
          <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
            <DraftText draft={draft} edit={edit} field="webhookUrl" width={360} label="Webhook URL" />
            <DraftText
              draft={draft}
              edit={edit}
              field="webhookToken"
              width={260}
              type="password"
              label="Webhook token"
              autoComplete="new-password"
              helperText={s.webhook ? `Token ${PLACE[s.webhook.tokenIn]}` : 'Sent as Authorization: Bearer; kept in the keyring'}
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
