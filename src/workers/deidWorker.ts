/**
 * De-identification worker (thin): reads the series' files, applies the DICOM
 * PS3.15 basic profile (src/deid) and answers one ZIP; progress as notes.
 */
import { deidentifySeriesFiles, zipFiles } from '../deid/archive';

interface DeidRequest {
  id: number;
  files: { name: string; blob: Blob }[];
}

self.onmessage = async (event: MessageEvent<DeidRequest>) => {
  const { id, files } = event.data;
  const post = (message: unknown, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);
  try {
    const read = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.blob.arrayBuffer()) })));
    const { files: out, warnings } = deidentifySeriesFiles(read, {
      onProgress: (progress) => post({ id, note: true, progress }),
    });
    const zip = zipFiles(out, 0);
    post({ id, ok: true, zip, warnings }, [zip.buffer]);
  } catch (error) {
    post({ id, ok: false, error: { kind: 'deid', message: error instanceof Error ? error.message : String(error) } });
  }
};
