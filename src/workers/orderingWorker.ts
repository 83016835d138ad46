/**
 * Ordering worker (thin): owns TensorFlow.js, chooses the backend, loads the
 * DenseNet from public/models and embeds batches of preprocessed slices
 * (paper 4.3). Keeping it off the main thread keeps the page responsive.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { selectBackend, configureWasmPaths } from '../ordering/backendBrowser';
import type { OrderingBackend } from '../ordering/backend';
import { loadOrderingModel, type OrderingModel } from '../ordering/model';
import { embedSlices } from '../ordering/embed';
import type { PreprocessedInput } from '../ordering/preprocess';

export type OrderingRequest =
  | { id: number; type: 'init'; modelUrl: string; prefer?: OrderingBackend }
  | { id: number; type: 'embed'; modelUrl: string; prefer?: OrderingBackend; inputs: PreprocessedInput[] };

interface Ready {
  loaded: OrderingModel;
  backend: string;
  description: string;
}

let ready: Promise<Ready> | null = null;

/** Backend choice and model load, once per worker (a cancelled worker is replaced by a fresh one). */
function ensureReady(modelUrl: string, prefer?: OrderingBackend): Promise<Ready> {
  ready ??= (async () => {
    configureWasmPaths();
    const choice = await selectBackend({ prefer });
    const loaded = await loadOrderingModel(modelUrl);
    return { loaded, backend: choice.backend, description: `${choice.description} (TF.js ${tf.getBackend()})` };
  })();
  return ready;
}

async function handle(req: OrderingRequest) {
  const { loaded, backend, description } = await ensureReady(req.modelUrl, req.prefer);
  if (req.type === 'init') {
    return { id: req.id, ok: true, backend, description, fingerprint: loaded.fingerprint, fixedInputSize: loaded.fixedInputSize };
  }
  const embeddings = await embedSlices(loaded.model, req.inputs, { batchSize: req.inputs.length });
  return { id: req.id, ok: true, embeddings };
}

self.onmessage = async (event: MessageEvent<OrderingRequest>) => {
  const req = event.data;
  try {
    const answer = await handle(req);
    const transfer = answer.embeddings ? answer.embeddings.map((e) => e.buffer) : [];
    (self as unknown as Worker).postMessage(answer, transfer);
  } catch (error) {
    (self as unknown as Worker).postMessage({
      id: req.id,
      ok: false,
      error: { kind: 'ordering', message: error instanceof Error ? error.message : String(error) },
    });
  }
};
