/**
 * The pipeline in Node, for the command-line tools (eval, bench) and tests: the
 * same core modules as the page, with files read from disk and TensorFlow.js
 * on its WASM (or CPU) backend. Only this file and its callers touch `fs`.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeSlice, groupSeries, parseDicom, type DicomHeader, type SliceImage } from '../../src/ingest';
import type { FeatureParams, SliceLbpRows } from '../../src/features/params';
import { sliceLbpRows } from '../../src/features/sliceFeatures';
import { setNodeBackend } from '../../src/ordering/backend';
import { embedSlices } from '../../src/ordering/embed';
import { loadOrderingModel, type OrderingModel } from '../../src/ordering/model';
import { preprocessSlice, type PreprocessedInput } from '../../src/ordering/preprocess';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MODEL_JSON = join(REPO_ROOT, 'public', 'models', 'densenet121', 'model.json');
export const WASM_DIR = join(REPO_ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + '/';
export const REAL_SERIES_DIR = resolve(REPO_ROOT, '..', 'shared', 'data', 'vs-seg-mr');

/** Loads model.json and its weight shards from disk, shards concatenated in manifest order. */
export function fileModelHandler(modelJsonPath: string = MODEL_JSON): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
      const dir = dirname(modelJsonPath);
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((g) => g.weights);
        const buffers = manifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
        return [specs, new Uint8Array(Buffer.concat(buffers)).buffer];
      });
    },
  };
}

/** Raw bytes of all shards of a model.json, in manifest order. */
export function shardBytes(modelJsonPath: string = MODEL_JSON): Buffer {
  const json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
  const dir = dirname(modelJsonPath);
  return Buffer.concat(json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p)))));
}

/** Sets the TF.js backend and loads the shipped DenseNet (or another model.json). */
export async function loadNodeModel(backend: 'wasm' | 'cpu' = 'wasm', modelJsonPath: string = MODEL_JSON): Promise<OrderingModel> {
  await setNodeBackend(backend, WASM_DIR);
  return loadOrderingModel(fileModelHandler(modelJsonPath));
}

export interface DiskSeries {
  dir: string;
  /** File names, in the order the folder listed them (not spatial). */
  names: string[];
  headers: DicomHeader[];
  /** Decodes slice i from disk on demand (one slice in memory at a time). */
  slice(i: number): SliceImage;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

/**
 * The largest image series below `dir` (nested folders walked). Files that are
 * not DICOM images are ignored; throws with a clear message when none is left.
 */
export function readSeriesDir(dir: string): DiskSeries {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`Not a folder: ${dir}`);
  const items: { header: DicomHeader; fileName: string }[] = [];
  for (const path of listFiles(dir)) {
    try {
      items.push({ header: parseDicom(new Uint8Array(readFileSync(path))).header, fileName: path });
    } catch {
      // not DICOM: skipped, as the page does
    }
  }
  const series = groupSeries(items).flatMap((s) => s.series);
  if (series.length === 0) throw new Error(`No DICOM image series found in ${dir}`);
  const biggest = series.reduce((a, b) => (b.sliceCount > a.sliceCount ? b : a));
  const names = biggest.items.map((i) => i.fileName);
  return {
    dir,
    names,
    headers: biggest.items.map((i) => i.header),
    slice: (i) => decodeSlice(parseDicom(new Uint8Array(readFileSync(names[i])))),
  };
}

export interface SliceResults {
  lbpRows: SliceLbpRows[];
  embeddings: Float32Array[];
}

/**
 * Per-slice results of a series (LBP rows, paper 4.4-4.6; DenseNet features,
 * 4.3), one slice decoded at a time and DenseNet inputs embedded in batches,
 * so memory stays at one batch of inputs.
 */
export async function sliceResults(
  count: number,
  sliceAt: (i: number) => SliceImage,
  model: OrderingModel,
  params: { features: FeatureParams; inputSize: number },
  options: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<SliceResults> {
  const batchSize = options.batchSize ?? 8;
  const lbpRows: SliceLbpRows[] = [];
  const embeddings: Float32Array[] = [];
  let batch: PreprocessedInput[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    embeddings.push(...(await embedSlices(model.model, batch, { batchSize })));
    batch = [];
  };
  for (let i = 0; i < count; i++) {
    const slice = sliceAt(i);
    lbpRows.push(sliceLbpRows(slice, params.features));
    batch.push(preprocessSlice(slice, params.inputSize));
    if (batch.length >= batchSize) await flush();
    options.onProgress?.(i + 1, count);
  }
  await flush();
  return { lbpRows, embeddings };
}
