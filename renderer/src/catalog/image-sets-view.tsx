/** Image sets: sizes, hashes, staged or removed. */
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { ImageSetTable } from '../components/image-set-table.tsx';
import { useLoad } from '../components/use-load.ts';

/** All image sets. */
export function ImageSetsView() {
  const list = useLoad(() => call('listImageSets', {}), []);
  return (
    <>
      <ErrorAlert error={list.error} title="Cannot list image sets" />
      {list.data && list.data.length === 0 && (
        <Paper variant="outlined" sx={{ p: 3, textAlign: 'center' }} role="status" aria-label="No image sets">
          <Typography variant="subtitle1" component="h2">No image sets yet</Typography>
          <Typography variant="body2">An image set is captured on a server in New tape (step Capture), or with <code>sysbtape capture</code>.</Typography>
        </Paper>
      )}
      {list.data && list.data.length > 0 && <ImageSetTable sets={list.data} />}
    </>
  );
}
