/**
 * TF.js backend handling for the DenseNet ordering stage (paper section 4.3).
 *
 * The order must come out the same for sender and receiver whatever backend
 * each of them runs (NOTES section 2, step 1), so the backend is chosen for
 * speed only; the numerical differences between backends are measured in the
 * tests and quantified per series by orderStabilityReport().
 *
 * This file is environment-neutral (page, Worker, Node): the browser-only
 * selection with WebGPU adapter inspection and Vite `?url` imports of the WASM
 * binaries is in backendBrowser.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type OrderingBackend = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export interface BackendChoice {
  backend: OrderingBackend;
  /** Human-readable description for display (adapter, SIMD/threads, ...). */
  description: string;
  /** Micro-benchmark times (ms per run) of the candidates that were measured. */
  timings: Partial<Record<OrderingBackend, number>>;
}

/** What a WebGPU adapter tells about itself (GPUAdapterInfo, partially). */
export interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

const SOFTWARE_RE = /swiftshader|llvmpipe|lavapipe|software|softpipe|microsoft basic render|warp/i;

/**
 * True when a WebGPU adapter is a software rasteriser (the fallback adapter,
 * SwiftShader, llvmpipe/lavapipe, Microsoft Basic Render/WARP): running the
 * DenseNet there is slower than WASM.
 */
export function isSoftwareAdapter(info: AdapterInfoLike | null | undefined, isFallback = false): boolean {
  if (isFallback || info?.isFallbackAdapter) return true;
  if (!info) return false;
  const text = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  return SOFTWARE_RE.test(text);
}

/** One-line description of an adapter, e.g. "nvidia ampere (NVIDIA GeForce RTX 3060)". */
export function describeAdapter(info: AdapterInfoLike | null | undefined): string {
  if (!info) return 'unknown adapter';
  const main = [info.vendor, info.architecture].filter(Boolean).join(' ');
  const extra = info.description || info.device;
  return [main || 'unknown adapter', extra ? `(${extra})` : ''].filter(Boolean).join(' ');
}

/**
 * A small conv micro-benchmark on the active backend: a 3x3 convolution of
 * [1, 64, 64, 32] with 32 filters followed by BN-like scaling and ReLU; one
 * warm-up run (shader compilation, WASM init) then `runs` timed runs.
 * Returns the mean milliseconds per run.
 */
export async function convMicroBenchmark(runs = 3): Promise<number> {
  const x = tf.tidy(() => tf.fill([1, 64, 64, 32], 0.5).add(tf.range(0, 32).reshape([1, 1, 1, 32]).mul(0.01)) as tf.Tensor4D);
  const w = tf.tidy(() => tf.fill([3, 3, 32, 32], 0.02) as tf.Tensor4D);
  const step = async (): Promise<void> => {
    const y = tf.tidy(() => tf.relu(tf.conv2d(x, w, 1, 'same').mul(1.01).add(0.1)).sum());
    await y.data();
    y.dispose();
  };
  try {
    await step();
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) await step();
    return (performance.now() - t0) / runs;
  } finally {
    x.dispose();
    w.dispose();
  }
}

/**
 * Node helper (tests, scripts): activates 'cpu' or 'wasm'. For 'wasm',
 * `wasmDir` is the folder holding the tfjs-backend-wasm*.wasm files (e.g.
 * node_modules/@tensorflow/tfjs-backend-wasm/dist/, resolved by the caller;
 * this file does not touch the file system). In Node the WASM backend runs
 * single-threaded (TF.js disables WASM threads there) with SIMD when available.
 * Paths can only be set before the WASM backend's first initialisation.
 */
export async function setNodeBackend(name: 'cpu' | 'wasm', wasmDir?: string): Promise<void> {
  if (name === 'wasm') {
    if (tf.findBackend('wasm') == null && wasmDir) {
      setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`);
    }
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`TF.js backend '${name}' could not be initialised`);
  await tf.ready();
}
