/**
 * The pipeline in Node, for the command-line tools (eval, bench) and tests: the
 * same core modules as the page, with files read from disk and TensorFlow.js
 * on its WASM (or CPU) backend. Only this file and its callers touch `fs`.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { decodeSlice, groupSeries, parseDicom, type DicomHeader, type SliceImage } from '../../src/ingest';
import type { FeatureParams, SliceLbpRows } from '../../src/features/params';
import { sliceLbpRows } from '../../src/features/sliceFeatures';
import { setNodeBackend } from '../../src/ordering/backend';
import { embedSlices } from '../../src/ordering/embed';
import { loadOrderingModel, type OrderingModel } from '../../src/ordering/model';
import { preprocessSlice, type PreprocessedInput } from '../../src/ordering/preprocess';
import type { SliceAnswer, SliceJob } from './sliceWorker';

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

// ---------------------------------------------------------------------------------------
// Worker threads: features on several cores, DenseNet on the main thread.

/** A per-slice job for FeaturePool (the worker reads the file itself). */
export type PoolJob = Omit<SliceJob, 'id'>;

interface PoolSlot {
  worker: Worker;
  busy: number;
}

/**
 * A pool of worker threads (scripts/lib/sliceWorker.ts) computing LBP rows and DenseNet
 * inputs of slices read from disk, attacked on the way where asked. Each worker gets up to
 * `depth` jobs at once, so that it keeps working while the main thread runs DenseNet.
 * Workers run TypeScript through tsx's API, so the pool works under `tsx` and vitest alike.
 */
export class FeaturePool {
  private readonly slots: PoolSlot[] = [];
  private readonly waiting = new Map<number, { resolve: (a: SliceAnswer & { ok: true }) => void; reject: (e: Error) => void }>();
  private readonly queue: SliceJob[] = [];
  private nextId = 1;
  private failed: Error | null = null;

  private constructor(private readonly depth: number) {}

  static async start(size: number, depth = 2): Promise<FeaturePool> {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`FeaturePool: size must be a positive integer, got ${size}`);
    const pool = new FeaturePool(depth);
    const workerUrl = new URL('./sliceWorker.ts', import.meta.url).href;
    const tsxApi = import.meta.resolve('tsx/esm/api');
    const code = `import(${JSON.stringify(tsxApi)}).then(({ tsImport }) => tsImport(${JSON.stringify(workerUrl)}, ${JSON.stringify(import.meta.url)}))`;
    await Promise.all(
      Array.from({ length: size }, () => {
        const worker = new Worker(code, { eval: true, execArgv: [] });
        const slot: PoolSlot = { worker, busy: 0 };
        pool.slots.push(slot);
        return new Promise<void>((resolve, reject) => {
          worker.once('error', reject);
          worker.on('message', (m: SliceAnswer | { ready: true }) => {
            if ('ready' in m) {
              worker.off('error', reject);
              worker.on('error', (e: unknown) => pool.fail(e instanceof Error ? e : new Error(String(e))));
              resolve();
              return;
            }
            slot.busy--;
            const w = pool.waiting.get(m.id);
            pool.waiting.delete(m.id);
            if (m.ok) w?.resolve(m);
            else w?.reject(new Error(m.message));
            pool.dispatch();
          });
        });
      }),
    );
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      while (slot.busy < this.depth && this.queue.length > 0) {
        slot.busy++;
        slot.worker.postMessage(this.queue.shift());
      }
    }
  }

  run(job: PoolJob): Promise<SliceAnswer & { ok: true }> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.queue.push({ ...job, id });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}

export interface ParallelOptions {
  /** Attack every slice (slice i with sliceSeed(seed, i)). */
  attack?: { id: string; seed: number };
  /** false: LBP rows only (no DenseNet), e.g. an attacked series evaluated with the order given. */
  embeddings?: boolean;
  /** Use the first `count` slices only (default all). */
  count?: number;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Accumulates the time spent: worker time per slice (read, attack, features, DenseNet input) and DenseNet on the main thread. */
  timing?: { workerMs: number; embedMs: number; slices: number };
}

/**
 * Per-slice results of a disk series with the pool: LBP rows in the workers, DenseNet
 * on the main thread in fixed batches (slices 8k..8k+7, as sliceResults does), so the
 * embeddings do not depend on the number of workers or the timing.
 */
export async function sliceResultsParallel(
  series: DiskSeries,
  pool: FeaturePool,
  model: OrderingModel | null,
  params: { features: FeatureParams; inputSize: number },
  options: ParallelOptions = {},
): Promise<SliceResults> {
  const n = options.count ?? series.names.length;
  const wantEmbeddings = options.embeddings ?? true;
  if (wantEmbeddings && !model) throw new Error('sliceResultsParallel: a model is needed for the embeddings');
  const batchSize = options.batchSize ?? 8;
  const lbpRows: SliceLbpRows[] = new Array(n);
  const inputs: (PreprocessedInput | null)[] = new Array(n).fill(null);
  const embeddings: Float32Array[] = wantEmbeddings ? new Array(n) : [];
  // Jobs in flight or finished but not yet embedded: bounds the memory held in DenseNet inputs.
  const window = pool.size * 3 + batchSize;
  let submitted = 0;
  let done = 0;
  let embeddedUpTo = 0;
  const jobs = new Map<number, Promise<void>>();
  const submit = (i: number) => {
    const p = pool
      .run({
        path: series.names[i],
        sliceIndex: i,
        features: params.features,
        inputSize: wantEmbeddings ? params.inputSize : 0,
        attack: options.attack,
      })
      .then((a) => {
        lbpRows[i] = a.lbpRows;
        if (a.input) inputs[i] = a.input;
        if (options.timing) {
          options.timing.workerMs += a.ms;
          options.timing.slices++;
        }
        done++;
        options.onProgress?.(done, n);
      });
    p.catch(() => {}); // awaited below in slice order; this only keeps a later failure from going unhandled
    jobs.set(i, p);
  };
  while (submitted < Math.min(n, window)) submit(submitted++);
  while (embeddedUpTo < n) {
    const end = Math.min(n, embeddedUpTo + batchSize);
    for (let i = embeddedUpTo; i < end; i++) {
      await jobs.get(i);
      jobs.delete(i);
    }
    if (wantEmbeddings) {
      const batch = inputs.slice(embeddedUpTo, end) as PreprocessedInput[];
      const t0 = performance.now();
      const out = await embedSlices(model!.model, batch, { batchSize });
      if (options.timing) options.timing.embedMs += performance.now() - t0;
      out.forEach((e, k) => (embeddings[embeddedUpTo + k] = e));
      for (let i = embeddedUpTo; i < end; i++) inputs[i] = null;
    }
    embeddedUpTo = end;
    while (submitted < n && submitted < embeddedUpTo + window) submit(submitted++);
  }
  return { lbpRows, embeddings };
}
