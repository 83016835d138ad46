/**
 * Worker thread of the Node feature pool (nodeRuntime.ts FeaturePool): reads one slice from
 * disk, optionally attacks it (src/evaluation/attacks), and computes its LBP rows (paper
 * 4.4-4.6) and, when asked, its DenseNet input (4.3, preprocessing only: the network runs on
 * the main thread). The same core modules as the page's feature worker.
 */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { applyAttackToSlice } from '../../src/evaluation/attacks/registry';
import type { FeatureParams } from '../../src/features/params';
import { sliceLbpRows } from '../../src/features/sliceFeatures';
import { decodeSlice, parseDicom } from '../../src/ingest';
import { preprocessSlice } from '../../src/ordering/preprocess';

export interface SliceJob {
  id: number;
  path: string;
  sliceIndex: number;
  features: FeatureParams;
  /** DenseNet input side; 0 = no DenseNet input wanted. */
  inputSize: number;
  attack?: { id: string; seed: number };
}

export type SliceAnswer =
  | { id: number; ok: true; lbpRows: number[][]; input: { size: number; data: Float32Array } | null; ms: number }
  | { id: number; ok: false; message: string };

const port = parentPort;
if (!port) throw new Error('sliceWorker.ts runs as a worker thread only');

port.on('message', (job: SliceJob) => {
  const t0 = performance.now();
  try {
    let slice = decodeSlice(parseDicom(new Uint8Array(readFileSync(job.path))));
    if (job.attack) slice = applyAttackToSlice(slice, job.attack.id, job.attack.seed, { sliceIndex: job.sliceIndex });
    const lbpRows = sliceLbpRows(slice, job.features);
    const input = job.inputSize > 0 ? preprocessSlice(slice, job.inputSize) : null;
    const answer: SliceAnswer = { id: job.id, ok: true, lbpRows, input, ms: performance.now() - t0 };
    port.postMessage(answer, input ? [input.data.buffer as ArrayBuffer] : []);
  } catch (e) {
    const answer: SliceAnswer = { id: job.id, ok: false, message: `${job.path}: ${e instanceof Error ? e.message : String(e)}` };
    port.postMessage(answer);
  }
});
port.postMessage({ ready: true });
