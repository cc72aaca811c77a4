/** Image sets: sizes, hashes, staged or removed; the selected one's images and Contents; which backups have a file. */
import { useState } from 'react';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ImageSetInfo } from '../../../shared/model.ts';
import { call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { ImageSetTable } from '../components/image-set-table.tsx';
import { useLoad } from '../components/use-load.ts';
import { FindBackupsPanel } from '../contents/find-backups.tsx';
import { ImageSetDetailPanel } from '../contents/image-set-detail.tsx';

/** All image sets. */
export function ImageSetsView() {
  const list = useLoad(() => call('listImageSets', {}), []);
  const [selected, setSelected] = useState<ImageSetInfo | null>(null);
  return (
    <Stack spacing={2}>
      <ErrorAlert error={list.error} title="Cannot list image sets" />
      {list.data && list.data.length === 0 && (
        <Paper variant="outlined" sx={{ p: 3, textAlign: 'center' }} role="status" aria-label="No image sets">
          <Typography variant="subtitle1" component="h2">
            No image sets yet
          </Typography>
          <Typography variant="body2">
            An image set is captured on a server in New tape (step Capture), or with <code>sysbtape capture</code>.
          </Typography>
        </Paper>
      )}
      {list.data && list.data.length > 0 && <ImageSetTable sets={list.data} selectedId={selected?.id ?? null} onSelect={setSelected} />}
      {selected && <ImageSetDetailPanel key={selected.id} set={selected} />}
      <FindBackupsPanel />
    </Stack>
  );
}
