/**
 * Node part of the benchmark for the ordering network: the DenseNet-121 input preparation and
 * the forward pass per slice on each TF.js backend Node offers (WASM, with SIMD when the runtime
 * has it and without threads, as in the page; plain-JavaScript CPU), at the input sizes 128
 * (the page's default) and 224 (ImageNet's), at several batch sizes.
 */
import * as tf from '@tensorflow/tfjs';
import type { SliceImage } from '../../src/ingest';
import { embedSlices } from '../../src/ordering/embed';
import type { OrderingModel } from '../../src/ordering/model';
import { preprocessSlice, type PreprocessedInput } from '../../src/ordering/preprocess';
import { loadNodeModel } from '../lib/nodeRuntime';
import { median } from './stats';

export interface DenseNetCase {
  backend: 'wasm' | 'cpu';
  inputSize: number;
  batch: number;
  /** Median milliseconds per slice (wall; the forward pass is single-threaded in both backends). */
  msPerSlice: number;
  /** CPU milliseconds per slice (this process, all threads). */
  cpuMsPerSlice: number;
  runs: number;
}

export interface DenseNetResult {
  simd: boolean | null;
  cases: DenseNetCase[];
  /** DenseNet input preparation (src/ordering/preprocess.ts) per slice, by input size. */
  preprocessMs: Record<number, number>;
}

export interface DenseNetPlan {
  backend: 'wasm' | 'cpu';
  inputSize: number;
  batches: number[];
  /** Timed forward passes per batch size (after one warm-up pass). */
  runs: number;
}

async function timeCase(model: OrderingModel, inputs: PreprocessedInput[], batch: number, runs: number): Promise<{ wall: number; cpu: number }> {
  const group = inputs.slice(0, batch);
  await embedSlices(model.model, group, { batchSize: batch }); // warm-up: kernels, weights upload
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await embedSlices(model.model, group, { batchSize: batch });
    wall.push((performance.now() - t0) / batch);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000 / batch);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

export async function benchDenseNet(slices: SliceImage[], plans: DenseNetPlan[], log: (line: string) => void): Promise<DenseNetResult> {
  const cases: DenseNetCase[] = [];
  const preprocessMs: Record<number, number> = {};
  let simd: boolean | null = null;
  const sizes = [...new Set(plans.map((p) => p.inputSize))];
  const inputsBySize = new Map<number, PreprocessedInput[]>();
  const maxBatch = Math.max(...plans.flatMap((p) => p.batches));
  for (const size of sizes) {
    const times: number[] = [];
    const inputs: PreprocessedInput[] = [];
    for (let i = 0; i < maxBatch; i++) {
      const slice = slices[i % slices.length];
      const t0 = performance.now();
      inputs.push(preprocessSlice(slice, size));
      times.push(performance.now() - t0);
    }
    preprocessMs[size] = median(times);
    inputsBySize.set(size, inputs);
  }
  for (const backend of ['wasm', 'cpu'] as const) {
    const mine = plans.filter((p) => p.backend === backend);
    if (mine.length === 0) continue;
    // A model per backend: its weights live on the backend that was active when it was loaded.
    const model = await loadNodeModel(backend);
    if (backend === 'wasm') {
      try {
        simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
      } catch {
        simd = null;
      }
    }
    for (const plan of mine) {
      for (const batch of plan.batches) {
        const { wall, cpu } = await timeCase(model, inputsBySize.get(plan.inputSize)!, batch, plan.runs);
        cases.push({ backend, inputSize: plan.inputSize, batch, msPerSlice: wall, cpuMsPerSlice: cpu, runs: plan.runs });
        log(`  DenseNet ${backend} ${plan.inputSize} batch ${batch}: ${wall.toFixed(0)} ms/slice`);
      }
    }
    model.model.dispose();
  }
  return { simd, cases, preprocessMs };
}
