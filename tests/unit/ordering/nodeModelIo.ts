/**
 * Node-only helpers for the ordering tests (not in src/: src must not use fs):
 * a file-based tf.io.IOHandler for a TF.js layers model (model.json + shards),
 * paths of the repository's model and WASM binaries, and a synthetic series.
 */
import type { SliceImage } from '../../../src/ingest/types';

export { REPO_ROOT, MODEL_JSON, WASM_DIR, fileModelHandler, shardBytes } from '../../../scripts/lib/nodeRuntime';

/**
 * A smooth synthetic series: a "body" ellipse (HU-like values) with an
 * off-centre bright "organ" and a soft gradient, growing smoothly with k.
 */
export function ellipseSlice(k: number, size = 64): SliceImage {
  const px = new Float32Array(size * size);
  const c = (size - 1) / 2;
  const ax = size * (0.18 + 0.03 * k);
  const ay = size * (0.12 + 0.025 * k);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r = ((x - c) / ax) ** 2 + ((y - c) / ay) ** 2;
      const inner = ((x - c - 0.08 * size) / (0.35 * ax)) ** 2 + ((y - c + 0.02 * k * size) / (0.35 * ay)) ** 2;
      const body = r <= 1 ? 40 + 20 * (1 - r) : -1000;
      px[y * size + x] = body + (inner <= 1 ? 300 : 0) + 0.3 * x;
    }
  }
  return { width: size, height: size, pixels: px };
}
