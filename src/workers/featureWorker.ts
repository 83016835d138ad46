/**
 * Feature worker (thin): reads one DICOM file and answers either its header
 * ('scan') or its per-slice results ('features': LBP rows of paper 4.4-4.6 and
 * the DenseNet input of 4.3); or, once per series, orders the slices and makes
 * the hash rows from all the per-slice results ('analyse': the distance matrix
 * of 600 DenseNet features takes ~0.4 s, too long for the page's main thread).
 * All the work is in the pure core modules.
 */
import { checkDecodable, decodeSlice, isIngestError, parseDicom } from '../ingest';
import { sliceLbpRows } from '../features/sliceFeatures';
import type { FeatureParams } from '../features/params';
import { preprocessSlice } from '../ordering/preprocess';
import { applyAttackToSlice } from '../evaluation/attacks/registry';
import { analyseSeries } from '../pipeline/analysis';
import type { SliceLbpRows } from '../features/params';

export type FeatureRequest =
  | { id: number; type: 'scan'; blob: Blob }
  | {
      id: number;
      type: 'features';
      blob: Blob;
      params: FeatureParams;
      inputSize: number;
      /** Evaluation only: attack the decoded slice first (id of the registry, seed). */
      attack?: { id: string; seed: number; sliceIndex: number };
    }
  | { id: number; type: 'analyse'; lbpRows: SliceLbpRows[]; embeddings: Float32Array[] };

function failure(id: number, error: unknown) {
  if (isIngestError(error)) return { id, ok: false, error: { kind: error.kind, message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  return { id, ok: false, error: { kind: 'internal', message } };
}

async function handle(req: FeatureRequest) {
  if (req.type === 'analyse') return { id: req.id, ok: true, analysis: analyseSeries(req.lbpRows, req.embeddings) };
  const bytes = new Uint8Array(await req.blob.arrayBuffer());
  const parsed = parseDicom(bytes);
  if (req.type === 'scan') {
    const problem = checkDecodable(parsed);
    return {
      id: req.id,
      ok: true,
      header: parsed.header,
      problem: problem ? { kind: problem.kind, message: problem.message } : null,
    };
  }
  let slice = decodeSlice(parsed);
  if (req.attack) slice = applyAttackToSlice(slice, req.attack.id, req.attack.seed, { sliceIndex: req.attack.sliceIndex });
  const lbpRows = sliceLbpRows(slice, req.params);
  const input = preprocessSlice(slice, req.inputSize);
  return { id: req.id, ok: true, lbpRows, input };
}

self.onmessage = async (event: MessageEvent<FeatureRequest>) => {
  const req = event.data;
  try {
    const answer = await handle(req);
    const transfer = 'input' in answer && answer.input ? [answer.input.data.buffer] : [];
    (self as unknown as Worker).postMessage(answer, transfer);
  } catch (error) {
    (self as unknown as Worker).postMessage(failure(req.id, error));
  }
};
