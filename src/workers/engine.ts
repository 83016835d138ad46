/**
 * The page's engine: runs the pipeline over a series with the Web Workers
 * (feature pool + DenseNet worker), reports progress with counts and time left,
 * honours cancellation, and turns results into hide / reveal outcomes. The
 * main thread only moves small messages around: files stay Blobs until a worker
 * reads them, and each slice's DenseNet input is passed on (transferred) as soon
 * as it exists, so the page never holds a float copy of the whole series.
 */
import { decodeSlice, groupSeries, mirrorWindowCenter, parseDicom, type DicomHeader, type SliceImage } from '../ingest';
import { DEFAULT_FEATURE_PARAMS, type FeatureParams, type SliceLbpRows } from '../features/params';
import type { OrderingBackend } from '../ordering/backend';
import type { OrderingParams } from '../ordering/params';
import type { PreprocessedInput } from '../ordering/preprocess';
import type { SeriesAnalysis } from '../pipeline/analysis';
import { DEFAULT_INPUT_SIZE } from '../pipeline/defaults';
import { checkCompatibility, createBundleV1, serializeBundle } from '../protocol/bundle';
import { hideV2, parseAnyBundle, revealV2 } from '../protocol/v2/bundleV2';
import type { PatientRecord } from '../protocol/v2/record';
import { hideText, revealText } from '../protocol/text';
import { CancelledError, ProgressMeter, throwIfAborted, type StageProgress } from '../util/progress';
import { WorkerPool, type WorkerAnswer } from './pool';
import { ATTACKS } from '../evaluation/attacks/registry';
import {
  attackFigures,
  fig11Figures,
  senderSide,
  type AttackFigures,
  type Fig11Figures,
  type OrderMode,
  type RunnerSettings,
  type SenderSide,
} from '../evaluation/runner';

export interface SeriesFile {
  name: string;
  blob: Blob;
}

export interface SkippedFile {
  name: string;
  kind: string;
  reason: string;
}

export interface SeriesSummary {
  uid: string;
  studyUid: string;
  patientName: string;
  studyDate: string;
  description: string;
  modality: string;
  sliceCount: number;
  /** In spatial order, for the viewer; the scheme's own order comes from DenseNet. */
  files: SeriesFile[];
  firstHeader: DicomHeader;
}

export interface TaskOptions {
  signal?: AbortSignal;
  onProgress?: (progress: StageProgress) => void;
  onBackend?: (label: string) => void;
}

export { DEFAULT_INPUT_SIZE };
const MODEL_URL = `${import.meta.env.BASE_URL}models/densenet121/model.json`;
const EMBED_BATCH = 8;

let featurePool: WorkerPool | null = null;
let orderingPool: WorkerPool | null = null;

function features(): WorkerPool {
  featurePool ??= new WorkerPool(() => new Worker(new URL('./featureWorker.ts', import.meta.url), { type: 'module' }));
  return featurePool;
}

function ordering(): WorkerPool {
  orderingPool ??= new WorkerPool(
    () => new Worker(new URL('./orderingWorker.ts', import.meta.url), { type: 'module' }),
    1,
  );
  return orderingPool;
}

function unwrap(answer: WorkerAnswer): WorkerAnswer {
  if (!answer.ok) throw new Error(answer.error?.message ?? 'A worker failed without a message.');
  return answer;
}

/** The sample series that ships with the app (public/sample, made by scripts/make-sample.ts). */
export async function fetchSampleSeries(signal?: AbortSignal): Promise<SeriesFile[]> {
  const base = `${import.meta.env.BASE_URL}sample/`;
  const manifest = (await (await fetch(`${base}manifest.json`, { signal })).json()) as { files: string[] };
  return Promise.all(
    manifest.files.map(async (name) => {
      const response = await fetch(`${base}${name}`, { signal });
      if (!response.ok) throw new Error(`The sample file ${name} could not be loaded (${response.status}).`);
      return { name, blob: await response.blob() };
    }),
  );
}

/** Reads every file's header in the workers, groups the images into series, lists what was skipped and why. */
export async function scanFiles(
  files: SeriesFile[],
  { signal, onProgress }: TaskOptions = {},
): Promise<{ series: SeriesSummary[]; skipped: SkippedFile[] }> {
  const meter = new ProgressMeter('Reading headers', files.length);
  const items: { header: DicomHeader; fileName: string; file: SeriesFile }[] = [];
  const skipped: SkippedFile[] = [];
  let done = 0;
  await Promise.all(
    files.map(async (file) => {
      const answer = await features().run({ type: 'scan', blob: file.blob }, [], signal);
      if (!answer.ok) {
        skipped.push({ name: file.name, kind: answer.error!.kind, reason: answer.error!.message });
      } else if (answer.problem) {
        const problem = answer.problem as { kind: string; message: string };
        skipped.push({ name: file.name, kind: problem.kind, reason: problem.message });
      } else {
        items.push({ header: answer.header as DicomHeader, fileName: file.name, file });
      }
      onProgress?.(meter.at(++done));
    }),
  );
  throwIfAborted(signal);
  const series: SeriesSummary[] = [];
  for (const study of groupSeries(items)) {
    for (const s of study.series) {
      series.push({
        uid: s.key,
        studyUid: study.studyInstanceUid,
        patientName: study.patientName,
        studyDate: study.studyDate,
        description: s.seriesDescription,
        modality: s.modality,
        sliceCount: s.sliceCount,
        files: s.items.map((i) => i.file),
        firstHeader: s.items[0].header,
      });
    }
  }
  skipped.sort((a, b) => a.name.localeCompare(b.name));
  return { series, skipped };
}

/** One slice for the viewer (decoded on the main thread: a few ms for 512 x 512). */
export async function decodeForViewer(
  file: SeriesFile,
): Promise<{ slice: SliceImage; windowCenter: number | null; windowWidth: number | null }> {
  const parsed = parseDicom(new Uint8Array(await file.blob.arrayBuffer()));
  const slice = decodeSlice(parsed);
  const h = parsed.header;
  const windowCenter = h.photometricInterpretation === 'MONOCHROME1' ? mirrorWindowCenter(h) : h.windowCenter;
  return { slice, windowCenter, windowWidth: h.windowWidth };
}

export interface OrderingInfo {
  backend: string;
  description: string;
  fingerprint: string;
}

let orderingInfo: Promise<OrderingInfo> | null = null;
let preferredBackend: OrderingBackend | undefined;

/**
 * The user's backend choice for DenseNet (undefined = automatic, by measurement).
 * Changing it replaces the DenseNet worker, since a TF.js backend is chosen once per worker.
 */
export function setPreferredBackend(backend: OrderingBackend | undefined): void {
  if (backend === preferredBackend) return;
  preferredBackend = backend;
  orderingPool?.dispose();
  orderingPool = null;
  orderingInfo = null;
}

/** Starts (once) the DenseNet worker: backend choice and model load. */
export function ensureOrderingModel(signal?: AbortSignal): Promise<OrderingInfo> {
  orderingInfo ??= ordering()
    .run({ type: 'init', modelUrl: MODEL_URL, prefer: preferredBackend }, [], signal)
    .then(unwrap)
    .then((a) => ({ backend: a.backend as string, description: a.description as string, fingerprint: a.fingerprint as string }))
    .catch((e: unknown) => {
      orderingInfo = null;
      throw e;
    });
  return orderingInfo;
}

export interface AnalysisRun {
  analysis: SeriesAnalysis;
  /** What the analysis was computed from (a few KB per slice), for the evaluation. */
  perSlice: { lbpRows: SliceLbpRows[]; embeddings: Float32Array[] };
  ordering: OrderingParams;
  features: FeatureParams;
  info: OrderingInfo;
}

/**
 * Steps 1-6 of the paper over a series: features in the pool, DenseNet in its
 * worker, both streaming; then order and hashes. `attack` (evaluation) attacks
 * each decoded slice inside the worker first.
 */
/**
 * Analyses of series already done in this page, per list of files and
 * parameters: a second reveal (say, after a mistyped passphrase) or a hide then
 * a reveal of the same loaded files does not recompute everything. Keyed by the
 * file list's identity, so loading files again starts afresh.
 */
const analysisCache = new WeakMap<SeriesFile[], Map<string, AnalysisRun>>();

export async function analyseInBrowser(
  files: SeriesFile[],
  params: { features: FeatureParams; inputSize: number },
  options: TaskOptions = {},
  attack?: { id: string; seed: number },
): Promise<AnalysisRun> {
  const info = await ensureOrderingModel(options.signal);
  if (attack) return computeAnalysis(files, params, info, options, attack);
  const key = JSON.stringify([params.features, params.inputSize, info.fingerprint, preferredBackend ?? 'auto']);
  const cached = analysisCache.get(files)?.get(key);
  if (cached) {
    options.onBackend?.(cached.info.description);
    return cached;
  }
  const run = await computeAnalysis(files, params, info, options);
  if (!analysisCache.has(files)) analysisCache.set(files, new Map());
  analysisCache.get(files)!.set(key, run);
  return run;
}

async function computeAnalysis(
  files: SeriesFile[],
  params: { features: FeatureParams; inputSize: number },
  info: OrderingInfo,
  { signal, onProgress, onBackend }: TaskOptions,
  attack?: { id: string; seed: number },
): Promise<AnalysisRun> {
  onBackend?.(info.description);
  const n = files.length;
  const meter = new ProgressMeter(attack ? `Attacked series (${attack.id}): features and DenseNet` : 'Features and DenseNet', n);
  const lbpRows: SliceLbpRows[] = new Array(n);
  const embeddings: Float32Array[] = new Array(n);
  let embedded = 0;
  // At most this many slices whose DenseNet input waits in memory: bounds the page's memory. Room
  // for one batch in the DenseNet worker and the next one filling, so that the features keep
  // running while a batch is embedded (with one batch only, they stalled for most of each batch).
  const maxAhead = features().size * 2 + 2 * EMBED_BATCH;
  let pending: { index: number; input: PreprocessedInput }[] = [];
  const embedJobs: Promise<void>[] = [];
  let inFlight = 0;
  let wake: (() => void) | null = null;
  let failed: unknown = null;

  const flush = () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    embedJobs.push(
      ordering()
        .run({ type: 'embed', inputs: batch.map((b) => b.input), modelUrl: MODEL_URL, prefer: preferredBackend }, batch.map((b) => b.input.data.buffer), signal)
        .then(unwrap)
        .then((answer) => {
          const out = answer.embeddings as Float32Array[];
          batch.forEach((b, k) => (embeddings[b.index] = out[k]));
          embedded += batch.length;
          inFlight -= batch.length;
          onProgress?.(meter.at(embedded));
          wake?.();
        })
        .catch((error: unknown) => {
          failed ??= error;
          wake?.();
          throw error;
        }),
    );
  };

  const featureJobs: Promise<void>[] = [];
  for (let index = 0; index < n; index++) {
    throwIfAborted(signal);
    while (inFlight >= maxAhead && failed === null) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      throwIfAborted(signal);
    }
    if (failed !== null) break;
    inFlight++;
    featureJobs.push(
      features()
        .run(
          {
            type: 'features',
            blob: files[index].blob,
            params: params.features,
            inputSize: params.inputSize,
            attack: attack ? { ...attack, sliceIndex: index } : undefined,
          },
          [],
          signal,
        )
        .then((answer) => {
          if (!answer.ok) throw new Error(`${files[index].name}: ${answer.error?.message ?? 'could not be read'}`);
          lbpRows[index] = answer.lbpRows as SliceLbpRows;
          pending.push({ index, input: answer.input as PreprocessedInput });
          if (pending.length >= EMBED_BATCH) flush();
        })
        .catch((error: unknown) => {
          failed ??= error;
          wake?.();
          throw error;
        }),
    );
  }
  await Promise.all(featureJobs);
  flush();
  await Promise.all(embedJobs);
  throwIfAborted(signal);
  // Ordering and hash rows in a worker: the distance matrix of the DenseNet features grows with
  // the square of the slice count (~0.4 s for 600 slices), a long task on the main thread.
  // (Copied, not transferred: the caller keeps the per-slice results.)
  const analysed = unwrap(await features().run({ type: 'analyse', lbpRows, embeddings }, [], signal));
  const analysis = analysed.analysis as SeriesAnalysis;
  return {
    analysis,
    perSlice: { lbpRows, embeddings },
    features: params.features,
    ordering: {
      modelFingerprint: info.fingerprint,
      inputSize: params.inputSize,
      benchmark: 'max-distance-sum',
      method: 'ascending-distance-to-benchmark',
    },
    info,
  };
}

export type HideOutcome =
  | { ok: true; bundleJson: string; fileName: string; message: string }
  | { ok: false; message: string };

/**
 * Protocol v2 protection, strongest first; the first that fits the series' rows
 * is used (a short series cannot carry three copies and 32 parity bytes of a
 * long record). Each step halves the Reed-Solomon parity.
 */
const PROTECTION_LADDER: readonly { copies: number; parity: number }[] = [
  { copies: 3, parity: 32 },
  { copies: 3, parity: 16 },
  { copies: 3, parity: 8 },
  { copies: 3, parity: 4 },
];

export interface HideRequest {
  /** The details as one record; record.text is the free "Text to hide". */
  record: PatientRecord;
  /** Empty: protocol v1 (the paper's, readable by anyone with the images); else protocol v2. */
  passphrase: string;
}

/** Sender: analyse the series, map the details onto its rows, make the bundle. */
export async function hideInSeries(files: SeriesFile[], request: HideRequest, options: TaskOptions = {}): Promise<HideOutcome> {
  const run = await analyseInBrowser(files, { features: DEFAULT_FEATURE_PARAMS, inputSize: DEFAULT_INPUT_SIZE }, options);
  const { analysis } = run;
  if (request.passphrase.length === 0) {
    const text = request.record.text;
    const hidden = hideText(text, analysis.hashes);
    if (!hidden.ok) return { ok: false, message: `Nothing was hidden. ${hidden.message}` };
    const bundle = createBundleV1({ coding: hidden.coding, sliceCount: analysis.sliceCount, ordering: run.ordering, features: run.features, rows: hidden.rows });
    return {
      ok: true,
      bundleJson: serializeBundle(bundle),
      fileName: 'index-bundle.json',
      message:
        `Hidden with protocol v1 (the paper's, no passphrase): ${[...text].length} characters as ${hidden.rows.length} row numbers of ` +
        `${analysis.hashes.length} (${hidden.coding}). Anyone with the images and this bundle can read it; set a passphrase to protect it.`,
    };
  }
  options.onProgress?.(new ProgressMeter('Deriving the key (PBKDF2, 600,000 iterations) and planning rows', 1).at(0));
  let last = '';
  for (const protection of PROTECTION_LADDER) {
    const hidden = await hideV2(request.record, request.passphrase, analysis.hashes, analysis.minMargins, {
      sliceCount: analysis.sliceCount,
      ordering: run.ordering,
      features: run.features,
    }, { protection });
    if (hidden.ok) {
      const st = hidden.stats;
      return {
        ok: true,
        bundleJson: hidden.text,
        fileName: 'index-bundle.json',
        message:
          `Hidden with protocol v2 (passphrase, AES-GCM): ${st.recordBytes} bytes of details on ${st.rowsUsed} of ${st.rowsAvailable} rows ` +
          `(${protection.copies} copies where the series allows, at least ${st.minCopies}; Reed-Solomon parity ${protection.parity}). ` +
          'Send the bundle beside the series and the passphrase by another channel.',
      };
    }
    if (hidden.code !== 'capacity') return { ok: false, message: `Nothing was hidden. ${hidden.message}` };
    last = hidden.message;
  }
  return { ok: false, message: `Nothing was hidden: this series is too short for these details. ${last}` };
}

export type RevealOutcome =
  | {
      ok: true;
      text: string;
      /** The structured details (protocol v2 only). */
      record: PatientRecord | null;
      bundleVersion: number;
      verification: string;
      message: string;
    }
  | { ok: false; message: string };

/** Receiver: check the bundle against this page and series, analyse with the bundle's parameters, read the details. */
export async function revealFromSeries(
  files: SeriesFile[],
  bundleText: string,
  passphrase: string,
  options: TaskOptions = {},
): Promise<RevealOutcome> {
  const parsed = parseAnyBundle(bundleText);
  if (!parsed.ok) return { ok: false, message: `This index bundle cannot be used: ${parsed.message}` };
  const bundle = parsed.bundle;
  if (bundle.version === 2 && passphrase.length === 0) {
    return { ok: false, message: 'This bundle is protected (protocol v2): type the passphrase the sender gave you, then Reveal.' };
  }
  const info = await ensureOrderingModel(options.signal);
  const context = { sliceCount: files.length, modelFingerprint: info.fingerprint, features: bundle.features, ordering: bundle.ordering };
  // Checked before any heavy work (v2 checks again after decrypting, with the authenticated header).
  const issues = checkCompatibility(bundle, context);
  if (issues.length > 0) {
    return { ok: false, message: `Cannot reveal from this series: ${issues.map((i) => i.message).join(' ')} No text is shown.` };
  }
  const run = await analyseInBrowser(files, { features: bundle.features, inputSize: bundle.ordering.inputSize }, options);
  if (bundle.version === 1) {
    const revealed = revealText(bundle.rows, bundle.coding, run.analysis.hashes);
    if (!revealed.ok) {
      return { ok: false, message: `The text cannot be recovered from this series (${revealed.message}). Nothing is shown because it could not be verified.` };
    }
    return {
      ok: true,
      text: revealed.text,
      record: null,
      bundleVersion: 1,
      verification:
        'Protocol v1 (the paper\'s) carries no check value: the bundle matched this model, these parameters and this slice count, ' +
        'and the text is what this series gives for its row numbers, but it cannot be verified further.',
      message: `Revealed ${[...revealed.text].length} characters from ${bundle.rows.length} rows (bundle v1).`,
    };
  }
  options.onProgress?.(new ProgressMeter('Deriving the key and verifying', 1).at(0));
  const revealed = await revealV2(bundleText, passphrase, run.analysis.hashes, context);
  if (!revealed.ok) return { ok: false, message: `Cannot verify: ${revealed.message} No details are shown.` };
  const st = revealed.stats;
  return {
    ok: true,
    text: revealed.record.text,
    record: revealed.record,
    bundleVersion: 2,
    verification:
      `Verified (protocol v2): the passphrase opened the bundle, and the details read from this series match their keyed digest. ` +
      `${st.rowsRead} rows read, ${st.disagreeingRows} disagreed with the verified details, ${st.correctedBytes} bytes corrected.`,
    message: 'Revealed and verified (bundle v2).',
  };
}

/**
 * A copy of the series with the identifying attributes removed (DICOM PS3.15
 * basic profile) and the pixel data byte for byte the same, as one ZIP.
 */
export async function deidentifiedCopy(
  files: SeriesFile[],
  { signal, onProgress }: TaskOptions = {},
): Promise<{ zip: Blob; warnings: string[] }> {
  const pool = new WorkerPool(() => new Worker(new URL('./deidWorker.ts', import.meta.url), { type: 'module' }), 1);
  try {
    const answer = unwrap(
      await pool.run({ files }, [], signal, (note) => onProgress?.(note.progress as StageProgress)),
    );
    return { zip: new Blob([answer.zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), warnings: answer.warnings as string[] };
  } finally {
    pool.dispose();
  }
}

export interface EvaluationRequest {
  attackIds: readonly string[];
  orders: readonly OrderMode[];
  text: string;
}

export interface EvaluationResult {
  sender: SenderSide;
  attacks: AttackFigures[];
  fig11: Fig11Figures;
}

/**
 * The paper's section 5 on the loaded series, in the page: the clean series
 * hides the text (v1 and v2), then each attacked copy (attacked slice by slice
 * inside the workers) goes through the full receiver pipeline. Figures come from
 * the same pure runner as `npm run eval`.
 */
export async function evaluateInBrowser(
  files: SeriesFile[],
  request: EvaluationRequest,
  options: TaskOptions = {},
): Promise<EvaluationResult> {
  const params = { features: DEFAULT_FEATURE_PARAMS, inputSize: DEFAULT_INPUT_SIZE };
  const clean = await analyseInBrowser(files, params, options);
  const settings: RunnerSettings = {
    text: request.text,
    protocols: ['v1', 'v2'],
    orders: request.orders,
    features: clean.features,
    ordering: clean.ordering,
    passphrase: 'evaluation passphrase',
    v2Salt: crypto.getRandomValues(new Uint8Array(16)),
    v1PickSeed: 1,
  };
  const sender = await senderSide(clean.perSlice, settings);
  const attacks: AttackFigures[] = [];
  for (const id of request.attackIds) {
    const attack = ATTACKS.find((a) => a.id === id);
    if (!attack) throw new Error(`Unknown attack ${id}`);
    const attacked = await analyseInBrowser(files, params, options, { id, seed: 1 });
    attacks.push(await attackFigures(sender, attacked.perSlice, attack, settings));
  }
  return { sender, attacks, fig11: fig11Figures(sender, clean.perSlice) };
}

export { CancelledError };
