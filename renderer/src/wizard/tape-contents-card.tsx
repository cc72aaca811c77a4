/**
 * "What is on this tape": the host, OS level and backup date read from the tape's record 2, and the
 * cartridge it is when the catalog knows it (records 2 and 4 match that cartridge's write). Shown for
 * every checked tape, blank and unreadable ones included, so the operator sees what a write destroys.
 */
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { TapeContents } from '../../../shared/model.ts';

const KIND_LABEL: Record<TapeContents['kind'], { label: string; color: 'success' | 'info' | 'warning' | 'default' }> = {
  blank: { label: 'Blank', color: 'success' },
  known: { label: 'Known to the catalog', color: 'info' },
  unknown: { label: 'Unknown contents', color: 'warning' },
  'not-read': { label: 'Not read', color: 'default' },
};

function Field({ name, value }: { name: string; value: string | null }) {
  return (
    <Stack direction="row" spacing={1} sx={{ minWidth: 0 }}>
      <Typography variant="body2" color="text.secondary" sx={{ width: 110, flexShrink: 0 }}>
        {name}
      </Typography>
      <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }} aria-label={name}>
        {value ?? '—'}
      </Typography>
    </Stack>
  );
}

/** The card; `contents` comes with the tape's checks (checkTape / jobChecks). */
export function TapeContentsCard({ contents }: { contents: TapeContents }) {
  const kind = KIND_LABEL[contents.kind];
  const cartridge = contents.cartridge
    ? `${contents.cartridge.volser} (${contents.cartridge.barcode}), write ${contents.cartridge.writeId}`
    : null;
  return (
    <Card variant="outlined" component="section" aria-label="What is on this tape">
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="subtitle1" component="h3">
            What is on this tape
          </Typography>
          <Chip size="small" label={kind.label} color={kind.color} />
        </Stack>
        <Field name="Host" value={contents.host} />
        <Field name="OS level" value={contents.osLevel} />
        <Field name="Backup date" value={contents.backupDate} />
        <Field name="Cartridge" value={cartridge ?? (contents.kind === 'blank' ? null : 'not a cartridge the catalog knows')} />
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1, overflowWrap: 'anywhere' }}>
          {contents.summary}
        </Typography>
      </CardContent>
    </Card>
  );
}
