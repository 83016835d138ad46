/**
 * The evaluation of the paper's section 5 (NOTES section 3), from per-slice results to every
 * figure: the sender's analysis of the clean series, the hide of a test text (protocol v1,
 * the paper's scheme, and protocol v2), and for each attacked series the receiver's figures
 * with the sender's slice order kept ('given') and with the receiver's own DenseNet ordering
 * ('recomputed'), so that hash failures and ordering failures can be told apart.
 *
 * Pure (no DOM, no Node API; WebCrypto only, for protocol v2): the command-line runner
 * (scripts/eval.ts) and the page's Evaluate panel both compute per-slice results their own
 * way (worker threads / Web Workers) and hand them here. Everything returned is plain JSON
 * data (numbers, strings, arrays), so it can be written to a file or posted between workers.
 *
 * Conventions, shared with the JSON output (report.ts):
 * - a slice is identified by its index in the series as the caller listed it (0-based);
 *   an order lists those indices, first = position 1;
 * - hashes[r] is the 9-bit hash of row r + 1 of W (Eq. 14-15), first bit most significant;
 * - bundle rows are 1-based row numbers of W.
 */
import type { FeatureParams, SliceLbpRows } from '../features/params';
import type { OrderingParams } from '../ordering/params';
import { analyseSeries, hashRowsInOrder } from '../pipeline/analysis';
import { checkCompatibility, createBundleV1, parseBundle, type RevealContext, serializeBundle } from '../protocol/bundle';
import type { Coding } from '../protocol/coding';
import { hideText, revealText } from '../protocol/text';
import { headerAad, hideV2, parseBundleV2, revealV2 } from '../protocol/v2/bundleV2';
import { fromBase64 } from '../protocol/v2/bytes';
import { open } from '../protocol/v2/envelope';
import { deriveKeys, PBKDF2_ITERATIONS } from '../protocol/v2/keys';
import { parsePlan, type PlanStats, type ReadStats } from '../protocol/v2/payload';
import { emptyRecord, type PatientRecord, RECORD_FIELDS } from '../protocol/v2/record';
import { createRng } from '../util/random';
import {
  bitAccuracy,
  blockAccuracy,
  blockAccuracyVsLostSlices,
  characterAccuracy,
  distinctHashCount,
  hidingSuccessRate,
  orderAgreement,
  type SliceLossPoint,
  successRateVsSliceCount,
  type SuccessRatePoint,
  usedRowsBlockAccuracy,
} from './metrics';

export type OrderMode = 'given' | 'recomputed';
export const ORDER_MODES: readonly OrderMode[] = Object.freeze(['given', 'recomputed']);
export type ProtocolId = 'v1' | 'v2';
export const PROTOCOLS: readonly ProtocolId[] = Object.freeze(['v1', 'v2']);

/** What the pipeline gives per slice (paper 4.3-4.6): 4 LBP rows of 9 sums, one DenseNet feature vector. */
export interface PerSliceResults {
  lbpRows: readonly SliceLbpRows[];
  /** May be empty when only order 'given' is evaluated for an attacked series. */
  embeddings: readonly Float32Array[];
}

export interface Fig11Settings {
  /** Fig. 11 (first): slices added per point (the paper: 50). */
  sliceStep: number;
  /** Fig. 11 (second): fractions of slices lost. */
  lostFractions: readonly number[];
  /** Random draws averaged per fraction. */
  trials: number;
  seed: number;
}

export const DEFAULT_FIG11: Readonly<Fig11Settings> = Object.freeze({
  sliceStep: 50,
  lostFractions: Object.freeze([0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5]),
  trials: 20,
  seed: 1,
});

export interface RunnerSettings {
  /** The text hidden: v1 hides it as it is; v2 hides a record whose only non-empty field is `text`. */
  text: string;
  protocols: readonly ProtocolId[];
  orders: readonly OrderMode[];
  features: FeatureParams;
  /** With the model fingerprint of the DenseNet that computed the embeddings. */
  ordering: OrderingParams;
  /** Protocol v2 test passphrase. */
  passphrase: string;
  /** Protocol v2 PBKDF2 salt (16 bytes), fixed so that runs are reproducible. */
  v2Salt: Uint8Array;
  /** PBKDF2 iterations (default: the product's PBKDF2_ITERATIONS). */
  v2Iterations?: number;
  /**
   * Seed of the v1 row choice. The page picks each character's row uniformly with
   * crypto.getRandomValues (hide.ts); the evaluation picks uniformly from a seeded generator
   * instead, so that a run can be repeated figure for figure.
   */
  v1PickSeed: number;
  fig11?: Fig11Settings;
}

export type V1Hidden =
  | { ok: true; coding: Coding; rows: number[]; successRate: number; bundle: string }
  | { ok: false; message: string };

export type V2Hidden =
  | {
      ok: true;
      /** The bundle file text (encrypted with the test passphrase). */
      bundle: string;
      /** rows[i]: the rows of W carrying symbol i (decrypted from the bundle with the test passphrase). */
      rows: number[][];
      stats: PlanStats;
    }
  | { ok: false; message: string };

/** The sender's side: the clean series' analysis and what was hidden in it. */
export interface SenderSide {
  sliceCount: number;
  order: number[];
  hashes: number[];
  distinctHashes: number;
  /** Eq. 19 over all rows of the series. */
  successRate: number;
  v1?: V1Hidden;
  v2?: V2Hidden;
}

export interface V1Figures {
  /** Block accuracy of the rows the v1 bundle uses (each use counted). */
  usedRowsBlockAccuracy: number;
  characterAccuracy: number;
  /** The revealed text, or null when the reveal gave no text. */
  revealed: string | null;
  /** Why no text, where none. */
  error?: string;
}

export interface V2Figures {
  /** Block accuracy of every row the v2 plan uses. */
  usedRowsBlockAccuracy: number;
  /** The revealed record's text field against the hidden one; 0 when not verified. */
  characterAccuracy: number;
  /** 'verified' or the refusal: 'cannot-verify:<reason>', 'incompatible', ... */
  outcome: string;
  /** The verified record equals the hidden one, field by field. */
  recordEqual: boolean;
  stats?: ReadStats;
}

/** One receiver: the attacked series read with one order mode. */
export interface ReceiverFigures {
  mode: OrderMode;
  /** The receiver's slice order (the sender's for 'given'). */
  order: number[];
  /** The receiver's hash of every row of W, in that order. */
  hashes: number[];
  bitAccuracy: number;
  blockAccuracy: number;
  orderExact: boolean;
  kendallTau: number;
  v1?: V1Figures;
  v2?: V2Figures;
}

export interface AttackInfo {
  id: string;
  label: string;
  paper: { bit: number; block: number };
}

export interface AttackFigures extends AttackInfo {
  /** Present for each evaluated order mode. */
  given?: ReceiverFigures;
  recomputed?: ReceiverFigures;
  /** Wall time of the attacked series' per-slice results and figures, where the caller measured it. */
  seconds?: number;
}

export interface Fig11Figures {
  settings: Fig11Settings;
  successRate: SuccessRatePoint[];
  sliceLoss: SliceLossPoint[];
}

// ---------------------------------------------------------------------------------------
// Sender.

/** The record v2 hides for a text: every field empty but `text`. */
export function recordForText(text: string): PatientRecord {
  return { ...emptyRecord(), text };
}

function revealContext(s: RunnerSettings, sliceCount: number): RevealContext {
  return { sliceCount, modelFingerprint: s.ordering.modelFingerprint, features: s.features, ordering: s.ordering };
}

/** The rows of a v2 bundle's plan, decrypted with the passphrase (what only sender and receiver can see). */
export async function v2PlanRows(bundleText: string, passphrase: string, rowCount: number): Promise<number[][]> {
  const parsed = parseBundleV2(bundleText);
  if (!parsed.ok) throw new Error(`v2PlanRows: ${parsed.message}`);
  const b = parsed.bundle;
  const keys = await deriveKeys(passphrase, fromBase64(b.kdf.salt)!, b.kdf.iterations);
  const opened = await open({ iv: fromBase64(b.cipher.iv)!, ciphertext: fromBase64(b.ciphertext)! }, keys.encKey, headerAad(b));
  if (!opened.ok) throw new Error(`v2PlanRows: ${opened.message}`);
  const plan = parsePlan(opened.payload, b.protection, rowCount);
  if (!plan.ok) throw new Error(`v2PlanRows: ${plan.message}`);
  return plan.plan.rows;
}

/** Analyse the clean series (order by DenseNet, hash rows) and hide the text with each protocol. */
export async function senderSide(clean: PerSliceResults, s: RunnerSettings): Promise<SenderSide> {
  const analysis = analyseSeries(clean.lbpRows, clean.embeddings);
  const distinct = distinctHashCount(analysis.hashes);
  const out: SenderSide = {
    sliceCount: analysis.sliceCount,
    order: [...analysis.order],
    hashes: [...analysis.hashes],
    distinctHashes: distinct,
    successRate: hidingSuccessRate(distinct),
  };
  if (s.protocols.includes('v1')) {
    const rng = createRng(s.v1PickSeed);
    const hidden = hideText(s.text, analysis.hashes, { pickRow: (rows) => rows[rng.int(rows.length)] });
    if (!hidden.ok) out.v1 = { ok: false, message: hidden.message };
    else {
      const bundle = createBundleV1({
        coding: hidden.coding,
        sliceCount: analysis.sliceCount,
        ordering: s.ordering,
        features: s.features,
        rows: hidden.rows,
      });
      out.v1 = { ok: true, coding: hidden.coding, rows: hidden.rows, successRate: hidden.successRate, bundle: serializeBundle(bundle) };
    }
  }
  if (s.protocols.includes('v2')) {
    const hidden = await hideV2(
      recordForText(s.text),
      s.passphrase,
      analysis.hashes,
      analysis.minMargins,
      { sliceCount: analysis.sliceCount, ordering: s.ordering, features: s.features },
      { iterations: s.v2Iterations ?? PBKDF2_ITERATIONS, salt: s.v2Salt },
    );
    if (!hidden.ok) out.v2 = { ok: false, message: hidden.message };
    else {
      const rows = await v2PlanRows(hidden.text, s.passphrase, analysis.hashes.length);
      out.v2 = { ok: true, bundle: hidden.text, rows, stats: hidden.stats };
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Receiver.

function recordsEqual(a: PatientRecord, b: PatientRecord): boolean {
  return RECORD_FIELDS.every((f) => a[f] === b[f]);
}

/** The full v1 receiver: parse the bundle, check it against this series, reveal. */
export function revealV1Figures(sender: SenderSide, hashes: readonly number[], s: RunnerSettings): V1Figures | undefined {
  const hidden = sender.v1;
  if (!hidden?.ok) return undefined;
  const used = usedRowsBlockAccuracy(hidden.rows, sender.hashes, hashes);
  const fail = (error: string): V1Figures => ({ usedRowsBlockAccuracy: used, characterAccuracy: characterAccuracy(s.text, ''), revealed: null, error });
  const parsed = parseBundle(hidden.bundle);
  if (!parsed.ok) return fail(parsed.message);
  const issues = checkCompatibility(parsed.bundle, revealContext(s, hashes.length / 4 + 1));
  if (issues.length > 0) return fail(issues.map((i) => i.message).join(' '));
  const revealed = revealText(parsed.bundle.rows, parsed.bundle.coding, [...hashes]);
  if (!revealed.ok) return fail(revealed.message);
  return { usedRowsBlockAccuracy: used, characterAccuracy: characterAccuracy(s.text, revealed.text), revealed: revealed.text };
}

/** The full v2 receiver: revealV2 with the test passphrase; only a verified record counts. */
export async function revealV2Figures(sender: SenderSide, hashes: readonly number[], s: RunnerSettings): Promise<V2Figures | undefined> {
  const hidden = sender.v2;
  if (!hidden?.ok) return undefined;
  const used = usedRowsBlockAccuracy(hidden.rows.flat(), sender.hashes, hashes);
  const r = await revealV2(hidden.bundle, s.passphrase, hashes, revealContext(s, hashes.length / 4 + 1));
  if (!r.ok) {
    const outcome = r.code === 'cannot-verify' ? `cannot-verify:${r.reason}` : r.code;
    return { usedRowsBlockAccuracy: used, characterAccuracy: 0, outcome, recordEqual: false };
  }
  return {
    usedRowsBlockAccuracy: used,
    characterAccuracy: characterAccuracy(s.text, r.record.text),
    outcome: 'verified',
    recordEqual: recordsEqual(r.record, recordForText(s.text)),
    stats: r.stats,
  };
}

/** Every figure of one receiver (order and hashes already computed). */
export async function receiverFigures(
  sender: SenderSide,
  mode: OrderMode,
  order: readonly number[],
  hashes: readonly number[],
  s: RunnerSettings,
): Promise<ReceiverFigures> {
  if (hashes.length !== sender.hashes.length) {
    throw new RangeError(`receiverFigures: the receiver has ${hashes.length} rows, the sender ${sender.hashes.length}`);
  }
  const agreement = orderAgreement(sender.order, order);
  const out: ReceiverFigures = {
    mode,
    order: [...order],
    hashes: [...hashes],
    bitAccuracy: bitAccuracy(sender.hashes, hashes),
    blockAccuracy: blockAccuracy(sender.hashes, hashes),
    orderExact: agreement.exact,
    kendallTau: agreement.kendallTau,
  };
  const v1 = revealV1Figures(sender, hashes, s);
  if (v1) out.v1 = v1;
  const v2 = await revealV2Figures(sender, hashes, s);
  if (v2) out.v2 = v2;
  return out;
}

/**
 * The figures of one attacked series, for each order mode in s.orders, from its per-slice
 * results (slice i of `attacked` is the attacked slice i of the clean series). 'given' keeps
 * the sender's order; 'recomputed' reorders with the attacked slices' DenseNet features.
 */
export async function attackFigures(sender: SenderSide, attacked: PerSliceResults, attack: AttackInfo, s: RunnerSettings): Promise<AttackFigures> {
  if (attacked.lbpRows.length !== sender.sliceCount) {
    throw new RangeError(`attackFigures: ${attacked.lbpRows.length} attacked slices, the sender has ${sender.sliceCount}`);
  }
  const out: AttackFigures = { id: attack.id, label: attack.label, paper: { ...attack.paper } };
  for (const mode of ORDER_MODES) {
    if (!s.orders.includes(mode)) continue;
    if (mode === 'given') {
      const { hashes } = hashRowsInOrder(attacked.lbpRows, sender.order);
      out.given = await receiverFigures(sender, 'given', sender.order, hashes, s);
    } else {
      const a = analyseSeries(attacked.lbpRows, attacked.embeddings);
      out.recomputed = await receiverFigures(sender, 'recomputed', a.order, a.hashes, s);
    }
  }
  return out;
}

/** Fig. 11 on the clean series: success rate vs slices used, block accuracy vs lost slices. */
export function fig11Figures(sender: SenderSide, clean: PerSliceResults, settings: Fig11Settings = DEFAULT_FIG11): Fig11Figures {
  const L = sender.order.flatMap((i) => clean.lbpRows[i]);
  return {
    settings: { ...settings, lostFractions: [...settings.lostFractions] },
    successRate: successRateVsSliceCount(sender.hashes, settings.sliceStep),
    sliceLoss: blockAccuracyVsLostSlices(L, settings.lostFractions, settings.seed, settings.trials),
  };
}

// ---------------------------------------------------------------------------------------
// Summary.

export interface OrderSummary {
  mode: OrderMode;
  attacks: number;
  meanBit: number;
  meanBlock: number;
  meanPaperBit: number;
  meanPaperBlock: number;
  /** Attacks where our figure is below the paper's (compared at 4 decimals, as printed). */
  bitBelowPaper: number;
  blockBelowPaper: number;
  orderExact: number;
  meanKendallTau: number;
  v1MeanCharacterAccuracy?: number;
  /** Attacks where the v1 reveal gave the text back exactly. */
  v1Exact?: number;
  v2MeanCharacterAccuracy?: number;
  /** Attacks where v2 verified the record. */
  v2Verified?: number;
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
/** a < b at the 4 decimals the tables print. */
export const belowAtPrintPrecision = (a: number, b: number): boolean => Math.round(a * 1e4) < Math.round(b * 1e4);

export function summarise(attacks: readonly AttackFigures[], mode: OrderMode): OrderSummary | null {
  const rows = attacks.filter((a) => a[mode]).map((a) => ({ a, f: a[mode]! }));
  if (rows.length === 0) return null;
  const out: OrderSummary = {
    mode,
    attacks: rows.length,
    meanBit: mean(rows.map((r) => r.f.bitAccuracy)),
    meanBlock: mean(rows.map((r) => r.f.blockAccuracy)),
    meanPaperBit: mean(rows.map((r) => r.a.paper.bit)),
    meanPaperBlock: mean(rows.map((r) => r.a.paper.block)),
    bitBelowPaper: rows.filter((r) => belowAtPrintPrecision(r.f.bitAccuracy, r.a.paper.bit)).length,
    blockBelowPaper: rows.filter((r) => belowAtPrintPrecision(r.f.blockAccuracy, r.a.paper.block)).length,
    orderExact: rows.filter((r) => r.f.orderExact).length,
    meanKendallTau: mean(rows.map((r) => r.f.kendallTau)),
  };
  const v1 = rows.filter((r) => r.f.v1).map((r) => r.f.v1!);
  if (v1.length > 0) {
    out.v1MeanCharacterAccuracy = mean(v1.map((x) => x.characterAccuracy));
    out.v1Exact = v1.filter((x) => x.characterAccuracy === 1).length;
  }
  const v2 = rows.filter((r) => r.f.v2).map((r) => r.f.v2!);
  if (v2.length > 0) {
    out.v2MeanCharacterAccuracy = mean(v2.map((x) => x.characterAccuracy));
    out.v2Verified = v2.filter((x) => x.outcome === 'verified').length;
  }
  return out;
}
