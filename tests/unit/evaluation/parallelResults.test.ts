/**
 * The runner's worker-thread path (scripts/lib/nodeRuntime.ts FeaturePool +
 * sliceResultsParallel) gives exactly what the single-threaded path (sliceResults, the
 * same modules the page runs) gives, clean and attacked, on the committed sample series.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeaturePool, loadNodeModel, readSeriesDir, REPO_ROOT, sliceResults, sliceResultsParallel } from '../../../scripts/lib/nodeRuntime';
import { applyAttackToSlice } from '../../../src/evaluation/attacks/registry';
import { DEFAULT_FEATURE_PARAMS } from '../../../src/features/params';
import type { OrderingModel } from '../../../src/ordering/model';
import { DEFAULT_INPUT_SIZE } from '../../../src/pipeline/defaults';

const COUNT = 5;
const params = { features: DEFAULT_FEATURE_PARAMS, inputSize: DEFAULT_INPUT_SIZE };
const series = readSeriesDir(join(REPO_ROOT, 'public', 'sample'));
let pool: FeaturePool;
let model: OrderingModel;

beforeAll(async () => {
  model = await loadNodeModel('wasm');
  pool = await FeaturePool.start(2);
});
afterAll(async () => {
  await pool?.close();
});

describe('sliceResultsParallel', () => {
  it('clean: the same LBP rows and embeddings as sliceResults', async () => {
    const seq = await sliceResults(COUNT, (i) => series.slice(i), model, params);
    const timing = { workerMs: 0, embedMs: 0, slices: 0 };
    const par = await sliceResultsParallel(series, pool, model, params, { count: COUNT, batchSize: 2, timing });
    expect(par.lbpRows).toEqual(seq.lbpRows);
    // Batches of 2 here, of 8 in sliceResults: the per-slice features do not depend on the batch.
    par.embeddings.forEach((e, i) => expect(Array.from(e)).toEqual(Array.from(seq.embeddings[i])));
    expect(timing.slices).toBe(COUNT);
  });

  it('attacked, LBP rows only: the same rows as attacking and computing one slice at a time', async () => {
    const attack = { id: 'gauss-0.01', seed: 3 };
    const seq = await sliceResults(COUNT, (i) => applyAttackToSlice(series.slice(i), attack.id, attack.seed, { sliceIndex: i }), model, params);
    const par = await sliceResultsParallel(series, pool, null, params, { count: COUNT, attack, embeddings: false });
    expect(par.embeddings).toEqual([]);
    expect(par.lbpRows).toEqual(seq.lbpRows);
  });

  it('a slice that cannot be read fails the call with its file name', async () => {
    const broken = { ...series, names: [...series.names.slice(0, 2), join(REPO_ROOT, 'package.json')] };
    await expect(sliceResultsParallel(broken, pool, null, params, { count: 3, embeddings: false })).rejects.toThrow(/package\.json/);
  });
});
