/** Image sets: sizes, hashes, staged or removed. */
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
      {list.data && <ImageSetTable sets={list.data} />}
    </>
  );
}
