/**
 * Browser / Web Worker backend selection for the DenseNet ordering stage
 * (paper section 4.3). Imports the WASM binaries with Vite `?url`, so it must
 * only be imported from code that Vite bundles (the page or a Worker), never
 * from Node; the environment-neutral parts are in backend.ts.
 *
 * Policy:
 *  1. WebGPU, when navigator.gpu gives a hardware adapter (not the fallback
 *     adapter, not SwiftShader / llvmpipe / other software rasterisers, see
 *     isSoftwareAdapter) and the TF.js WebGPU backend initialises.
 *  2. Otherwise the faster of WebGL and WASM on a small conv micro-benchmark
 *     (convMicroBenchmark, after a warm-up run). WebGL is only a candidate when
 *     it renders to float32 textures: with half floats the 1024 features would
 *     lose most of their precision and the order would become backend-dependent.
 *  3. CPU (plain JavaScript) only when nothing else initialises.
 * The choice affects speed only; features agree across backends to float32
 * rounding (measured in tests/unit/ordering).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import {
  convMicroBenchmark,
  describeAdapter,
  isSoftwareAdapter,
  type AdapterInfoLike,
  type BackendChoice,
  type OrderingBackend,
} from './backend';

interface GpuAdapterLike {
  info?: AdapterInfoLike;
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<AdapterInfoLike>;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<GpuAdapterLike | null>;
}

let wasmPathsSet = false;
/** Points the WASM backend at the binaries that Vite emitted (idempotent). */
export function configureWasmPaths(): void {
  if (wasmPathsSet) return;
  // The threaded build's pthread workers are created from an inlined script
  // that breaks once bundled ("e is not defined" in every pthread), so the WASM
  // backend runs single-threaded; parallelism comes from our own worker pool.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlainUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
  });
  wasmPathsSet = true;
}

/** The WebGPU adapter's description and whether it is real hardware, or null without WebGPU. */
export async function probeWebGpu(): Promise<{ hardware: boolean; description: string } | null> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return null;
  let adapter: GpuAdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    return null;
  }
  if (!adapter) return null;
  let info: AdapterInfoLike | undefined = adapter.info;
  if (!info && adapter.requestAdapterInfo) {
    try {
      info = await adapter.requestAdapterInfo();
    } catch {
      info = undefined;
    }
  }
  const software = isSoftwareAdapter(info, adapter.isFallbackAdapter === true);
  return { hardware: !software, description: describeAdapter(info) + (software ? ' [software]' : '') };
}

async function trySetBackend(name: OrderingBackend): Promise<boolean> {
  try {
    if (name === 'wasm') configureWasmPaths();
    const ok = await tf.setBackend(name);
    if (ok) await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

async function wasmDescription(): Promise<string> {
  let simd = false;
  try {
    simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  } catch {
    simd = false;
  }
  return `WebAssembly${simd ? ' SIMD' : ''}, single thread`;
}

export interface SelectBackendOptions {
  /** Use this backend if it initialises (a user setting); otherwise fall back to the policy. */
  prefer?: OrderingBackend;
  /** Skip WebGPU even on hardware (e.g. a known driver problem). */
  disableWebGpu?: boolean;
}

/**
 * Chooses and activates the TF.js backend for the DenseNet (policy in the file
 * header) and returns its name and a description for display.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendChoice> {
  const timings: BackendChoice['timings'] = {};
  if (options.prefer && (await trySetBackend(options.prefer))) {
    return { backend: options.prefer, description: `${options.prefer} (chosen by the user)`, timings };
  }

  if (!options.disableWebGpu) {
    const probe = await probeWebGpu();
    if (probe?.hardware && (await trySetBackend('webgpu'))) {
      return { backend: 'webgpu', description: `WebGPU: ${probe.description}`, timings };
    }
  }

  const measured: { name: OrderingBackend; ms: number; description: string }[] = [];
  if (await trySetBackend('webgl')) {
    if (tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE')) {
      const ms = await convMicroBenchmark();
      timings.webgl = ms;
      measured.push({ name: 'webgl', ms, description: `WebGL ${tf.env().getNumber('WEBGL_VERSION')}` });
    }
  }
  if (await trySetBackend('wasm')) {
    const ms = await convMicroBenchmark();
    timings.wasm = ms;
    measured.push({ name: 'wasm', ms, description: await wasmDescription() });
  }
  measured.sort((a, b) => a.ms - b.ms);
  for (const m of measured) {
    if (await trySetBackend(m.name)) {
      return { backend: m.name, description: `${m.description}, micro-benchmark ${m.ms.toFixed(1)} ms`, timings };
    }
  }
  if (await trySetBackend('cpu')) return { backend: 'cpu', description: 'plain JavaScript (slow)', timings };
  throw new Error('no TF.js backend could be initialised');
}
