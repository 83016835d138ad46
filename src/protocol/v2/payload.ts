/**
 * The plan of protocol v2: which rows of the difference matrix W (Tan et al. 2020,
 * Eq. 14-15) carry which symbol of the protected record, and the way back
 * (issue "robust and private by design", goals d and e).
 *
 * Sender (planRows):
 *   record bytes R (record.ts)                          e.g. 68 bytes for 60 ASCII characters
 *   D = R ‖ first 8 bytes of HMAC-SHA-256(macKey, "coverless-dicom/v2/record-digest" ‖ 0x00 ‖ R)
 *   C = Reed-Solomon codewords of D over GF(2^8) (rs.ts), `parity` bytes per codeword,
 *       D split evenly into ceil(|D| / (255 - parity)) codewords
 *   S = C as 4-bit symbols (2 per byte, high nibble first; mapping.ts), XOR whitening W_t
 *   each symbol S_i is given `copies` rows (fewer where rows are short, see below) whose
 *   hash maps to S_i under table variant t
 * Receiver (readPlan): read the hash of every listed row, map it through table t, vote
 * per symbol (a unique plurality wins; a tie or no readable row makes the symbol an
 * erasure), undo the whitening, RS-decode with the erased bytes flagged, split D into R
 * and the digest, recompute the digest (constant-time compare), decode the record.
 *
 * Why a keyed digest on top of GCM: GCM (envelope.ts) authenticates the row lists, not
 * what the images say at those rows. With another series, a wrong ordering or too many
 * attacked rows the RS decoder usually fails, but beyond its capacity it can also land on
 * another codeword (rarely, more often the smaller the parity). The 64-bit keyed digest
 * turns every such case into "cannot verify" (false acceptance 2^-64); 8 bytes is the
 * compromise with capacity, since each byte costs 2 x copies rows.
 *
 * Row choice (goal e): for each symbol value v the sender takes, among the rows of class
 * v (rows whose hash maps to v), up to copies x (occurrences of v) rows with the largest
 * margin (the smallest distance of the row's 9 values from their mean, supplied by the
 * feature pipeline: a large margin means no bit flips under small perturbations); a row
 * is used at most once. Those rows, sorted by row number, are dealt round-robin over the
 * occurrences, so that the copies of one symbol come from different thirds (for 3 copies)
 * of the series; a final pass swaps copies between occurrences of the same value so that
 * no two copies of a symbol share a pair of neighbouring slices (rows 4k+1..4k+4 come from
 * the same two slices) where that is possible. A class with fewer rows than that gives
 * all its rows, each occurrence getting floor or ceil of rows / occurrences (at least
 * `minCopies`, default 1): with a keyed table the 16 classes are uneven (hash values are
 * far from uniform), and a series that would otherwise be refused still carries the
 * record, with fewer votes for some symbols (PlanStats says how many). The sender tries
 * all 256 table variants (mapping.ts) and keeps the one whose worst-served symbol has the
 * most copies, then the most rows used, then the largest sum of margins.
 *
 * Correction capacity: per codeword, e wrong and f erased bytes with 2e + f <= parity.
 * A symbol is wrong only if a plurality of its copies agree on a wrong value, so for a
 * symbol with 3 copies one attacked row never hurts; two rows flipping into the same
 * wrong symbol (chance 1/16 under the keyed table) make an error, otherwise an erasure
 * (a tie). A symbol with a single copy turns every hit into an error.
 */
import { constantTimeEqual, ByteFormatError, ByteReader, concatBytes, label, writeVarint } from './bytes';
import { hmacSha256 } from './keys';
import { buildSymbolTable, buildSymbolTables, bytesToSymbols, DEFAULT_HASH_BITS, DEFAULT_SYMBOL_BITS, SYMBOL_VARIANTS, symbolsToBytes, whiteningStream } from './mapping';
import { decodeRecord, encodeRecord, MAX_RECORD_BYTES, type PatientRecord, RecordError } from './record';
import { rsDecode, rsEncode } from './rs';

export interface Protection {
  /** Bits per symbol (4: 16 symbol classes, two symbols per byte). */
  symbolBits: number;
  /** Rows carrying each symbol (majority vote). */
  copies: number;
  /** Reed-Solomon parity bytes per codeword (corrects parity/2 wrong or parity erased bytes). */
  parity: number;
}

/**
 * Defaults: 3 copies (a single attacked row per symbol is outvoted) and 32 parity bytes
 * per codeword (16 wrong or 32 erased bytes corrected). Simulation behind the choice
 * (synthetic 300-slice series: 1196 rows, 9-bit hashes drawn Zipf-like, exponent 0.7,
 * from 220 values, uniform random margins; a 57-character record = 65 bytes; each row's
 * hash gets one random bit flipped with probability p; 40 trials per p): parity 32 uses
 * 630 rows and read back 40/40 at p = 0.2 and 30/40 at p = 0.25; parity 16 uses 534 rows
 * and read back 39/40 at p = 0.15 but only 20/40 at p = 0.2.
 */
export const DEFAULT_PROTECTION: Readonly<Protection> = { symbolBits: DEFAULT_SYMBOL_BITS, copies: 3, parity: 32 };
export const MAX_COPIES = 15;
export const MAX_PARITY = 128;
/** Bytes of the keyed record digest appended before RS encoding. */
export const DIGEST_BYTES = 8;
/** Format byte of the encrypted plan. */
export const PLAN_VERSION = 1;
/** The encrypted plan is zero-padded to a multiple of this, so its length hides the exact record length. */
export const PLAN_PAD_TO = 256;

const DIGEST_DOMAIN = 'coverless-dicom/v2/record-digest';

/** Throws RangeError when a Protection is out of range. */
export function checkProtection(p: Protection): void {
  if (![1, 2, 4, 8].includes(p.symbolBits)) throw new RangeError(`protection.symbolBits must be 1, 2, 4 or 8, got ${p.symbolBits}`);
  if (!Number.isInteger(p.copies) || p.copies < 1 || p.copies > MAX_COPIES) throw new RangeError(`protection.copies must be an integer in 1..${MAX_COPIES}, got ${p.copies}`);
  if (!Number.isInteger(p.parity) || p.parity < 0 || p.parity > MAX_PARITY) throw new RangeError(`protection.parity must be an integer in 0..${MAX_PARITY}, got ${p.parity}`);
}

export interface CodeLayout {
  /** Record + digest bytes. */
  dataBytes: number;
  /** Data bytes per codeword (each codeword adds `parity`). */
  blocks: number[];
  /** Sum of all codeword lengths. */
  codewordBytes: number;
  /** Symbols carried by rows. */
  symbols: number;
  /** Rows used with `copies` rows for every symbol: symbols x copies. */
  rows: number;
}

/** Sizes for a record of `recordLength` bytes (see the module comment). */
export function codeLayout(recordLength: number, protection: Protection): CodeLayout {
  checkProtection(protection);
  const dataBytes = recordLength + DIGEST_BYTES;
  const maxData = 255 - protection.parity;
  const count = Math.ceil(dataBytes / maxData);
  const base = Math.floor(dataBytes / count);
  const extra = dataBytes % count;
  const blocks = Array.from({ length: count }, (_, i) => base + (i < extra ? 1 : 0));
  const codewordBytes = dataBytes + count * protection.parity;
  const symbols = (codewordBytes * 8) / protection.symbolBits;
  return { dataBytes, blocks, codewordBytes, symbols, rows: symbols * protection.copies };
}

/** The 8-byte keyed digest of the record bytes. */
export async function recordDigest(macKey: Uint8Array, recordBytes: Uint8Array): Promise<Uint8Array> {
  const full = await hmacSha256(macKey, concatBytes(label(DIGEST_DOMAIN), Uint8Array.of(0), recordBytes));
  return full.slice(0, DIGEST_BYTES);
}

/** data -> concatenated RS codewords, per codeLayout. */
export function encodeCodewords(data: Uint8Array, protection: Protection): Uint8Array {
  const layout = codeLayout(data.length - DIGEST_BYTES, protection);
  const parts: Uint8Array[] = [];
  let o = 0;
  for (const k of layout.blocks) {
    parts.push(rsEncode(data.subarray(o, o + k), protection.parity));
    o += k;
  }
  return concatBytes(...parts);
}

export type CodewordDecode =
  | { ok: true; data: Uint8Array; correctedBytes: number; codewords: Uint8Array }
  | { ok: false; message: string };

/** Concatenated codewords (+ erased byte flags) -> data, block by block. */
export function decodeCodewords(received: Uint8Array, erased: readonly boolean[], recordLength: number, protection: Protection): CodewordDecode {
  const layout = codeLayout(recordLength, protection);
  if (received.length !== layout.codewordBytes) throw new RangeError(`decodeCodewords: expected ${layout.codewordBytes} bytes, got ${received.length}`);
  const data: Uint8Array[] = [];
  const fixed: Uint8Array[] = [];
  let corrected = 0;
  let o = 0;
  for (let b = 0; b < layout.blocks.length; b++) {
    const n = layout.blocks[b] + protection.parity;
    const eras: number[] = [];
    for (let i = 0; i < n; i++) if (erased[o + i]) eras.push(i);
    const res = rsDecode(received.subarray(o, o + n), protection.parity, eras);
    if (!res.ok) {
      const of = layout.blocks.length > 1 ? ` (codeword ${b + 1} of ${layout.blocks.length})` : '';
      return { ok: false, message: `${res.message}${of}` };
    }
    corrected += res.corrected.length;
    data.push(res.data);
    fixed.push(res.codeword);
    o += n;
  }
  return { ok: true, data: concatBytes(...data), correctedBytes: corrected, codewords: concatBytes(...fixed) };
}

// ---------------------------------------------------------------------------------------
// The series: hash values and margins.

function checkHashValues(hashValues: readonly number[], hashBits: number): void {
  const max = (1 << hashBits) - 1;
  for (let i = 0; i < hashValues.length; i++) {
    const h = hashValues[i];
    if (!Number.isInteger(h) || h < 0 || h > max) throw new RangeError(`hash of row ${i + 1} must be an integer in 0..${max}, got ${h}`);
  }
}

function checkMargins(margins: readonly number[], rowCount: number): void {
  if (margins.length !== rowCount) throw new RangeError(`margins: expected one per row (${rowCount}), got ${margins.length}`);
  for (let i = 0; i < margins.length; i++) {
    if (typeof margins[i] !== 'number' || !Number.isFinite(margins[i])) throw new RangeError(`margin of row ${i + 1} must be a finite number, got ${margins[i]}`);
  }
}

/** Rows 4k+1..4k+4 (1-based) come from slices k+1 and k+2 (Eq. 14): one "slice pair". */
export function slicePairOfRow(row: number): number {
  return Math.floor((row - 1) / 4);
}

function hasPairConflict(rows: readonly number[]): boolean {
  const seen = new Set<number>();
  for (const r of rows) {
    const p = slicePairOfRow(r);
    if (seen.has(p)) return true;
    seen.add(p);
  }
  return false;
}

/**
 * Deal rows (sorted by row number) round-robin over n occurrences: occurrence j gets
 * sorted[j], sorted[j + n], sorted[j + 2n], ... (the first `chosen.length mod n` get one
 * more), then repair slice-pair conflicts by swapping copies between occurrences.
 */
function spread(chosen: number[], n: number): number[][] {
  const sorted = chosen.slice().sort((a, b) => a - b);
  const assign: number[][] = Array.from({ length: n }, () => []);
  sorted.forEach((r, i) => assign[i % n].push(r));
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < assign[p].length && hasPairConflict(assign[p]); c++) {
      for (let q = 0; q < n; q++) {
        if (q === p || c >= assign[q].length) continue;
        const a = assign[p][c];
        const b = assign[q][c];
        assign[p][c] = b;
        assign[q][c] = a;
        if (!hasPairConflict(assign[p]) && !hasPairConflict(assign[q])) break;
        assign[p][c] = a;
        assign[q][c] = b;
      }
    }
  }
  return assign;
}

export interface Shortfall {
  symbol: number;
  needed: number;
  available: number;
}

export type AssignResult =
  | {
      ok: true;
      rows: number[][];
      /** Rows used (between minCopies and copies per symbol). */
      rowsUsed: number;
      /** The fewest copies any symbol got. */
      minCopies: number;
      /** Symbols that got the target number of copies. */
      fullSymbols: number;
      marginSum: number;
      minMargin: number;
    }
  | { ok: false; shortfall: Shortfall[] };

/**
 * The row choice for one channel symbol stream (see the module comment): symbol i gets
 * rows[i], distinct 1-based rows of W whose hash maps to symbol i under `table`: `copies`
 * of them where the symbol's class has enough rows, else as many as the class allows
 * (every occurrence of the value gets floor or ceil of rows / occurrences), but at least
 * `minCopies`, otherwise the value is reported in `shortfall`.
 */
export function assignRows(
  channel: Uint8Array,
  table: Uint8Array,
  hashValues: readonly number[],
  margins: readonly number[],
  copies: number,
  minCopies = 1,
): AssignResult {
  const classes = new Map<number, number[]>();
  for (let r = 1; r <= hashValues.length; r++) {
    const s = table[hashValues[r - 1]];
    const list = classes.get(s);
    if (list) list.push(r);
    else classes.set(s, [r]);
  }
  const positions = new Map<number, number[]>();
  channel.forEach((s, i) => {
    const list = positions.get(s);
    if (list) list.push(i);
    else positions.set(s, [i]);
  });
  const shortfall: Shortfall[] = [];
  for (const [s, pos] of positions) {
    const available = classes.get(s)?.length ?? 0;
    if (pos.length * minCopies > available) shortfall.push({ symbol: s, needed: pos.length * minCopies, available });
  }
  if (shortfall.length > 0) return { ok: false, shortfall: shortfall.sort((a, b) => a.symbol - b.symbol) };

  const rows: number[][] = new Array(channel.length);
  let marginSum = 0;
  let minMargin = Infinity;
  let rowsUsed = 0;
  let fewest = copies;
  let fullSymbols = 0;
  for (const [s, pos] of positions) {
    const cls = classes.get(s)!;
    const take = Math.min(cls.length, pos.length * copies);
    const chosen = cls
      .slice()
      .sort((a, b) => margins[b - 1] - margins[a - 1] || a - b)
      .slice(0, take);
    for (const r of chosen) {
      marginSum += margins[r - 1];
      minMargin = Math.min(minMargin, margins[r - 1]);
    }
    rowsUsed += take;
    fewest = Math.min(fewest, Math.floor(take / pos.length));
    const dealt = spread(chosen, pos.length);
    pos.forEach((i, j) => {
      rows[i] = dealt[j];
      if (dealt[j].length === copies) fullSymbols++;
    });
  }
  return { ok: true, rows, rowsUsed, minCopies: fewest, fullSymbols, marginSum, minMargin };
}

// ---------------------------------------------------------------------------------------
// Plan: what the envelope carries.

export interface RowPlan {
  /** Symbol table / whitening variant (0..255). */
  variant: number;
  /** Bytes of the encoded record (fixes the code layout). */
  recordLength: number;
  /** rows[i]: the 1-based rows of W carrying symbol i (1..copies of them, usually copies). */
  rows: number[][];
}

export interface PlanStats {
  recordBytes: number;
  codewordBytes: number;
  symbols: number;
  /** Rows the plan uses. */
  rowsUsed: number;
  /** Rows it would use with `copies` rows for every symbol. */
  rowsTarget: number;
  rowsAvailable: number;
  /** The fewest copies any symbol got (= copies unless some symbol class is short of rows). */
  minCopies: number;
  /** Symbols carried by the full `copies` rows. */
  fullSymbols: number;
  /** Table variants (of 256) that could carry the record. */
  feasibleVariants: number;
  meanMargin: number;
  minMargin: number;
}

export type PlanResult =
  | { ok: true; plan: RowPlan; stats: PlanStats }
  | {
      ok: false;
      code: 'capacity';
      message: string;
      /** Rows needed at minCopies per symbol. */
      rowsNeeded: number;
      rowsAvailable: number;
      /** The shortfall of the variant that came closest. */
      shortfall: Shortfall[];
    };

export interface PlanKeys {
  macKey: Uint8Array;
  mapKey: Uint8Array;
}

export interface PlanOptions {
  /** Bits per hash value (9 in the paper, Algorithm 3). */
  hashBits?: number;
  /**
   * Fewest rows a symbol may get when its class is short of rows (default 1). Symbols
   * get `protection.copies` rows wherever the series allows; below `minCopies` the plan
   * is refused ('capacity').
   */
  minCopies?: number;
}

/** Channel symbols (whitened) of a record for one variant. */
async function channelSymbols(coded: Uint8Array, keys: PlanKeys, variant: number, symbolBits: number): Promise<Uint8Array> {
  const symbols = bytesToSymbols(coded, symbolBits);
  const w = await whiteningStream(keys.mapKey, variant, symbols.length, symbolBits);
  for (let i = 0; i < symbols.length; i++) symbols[i] ^= w[i];
  return symbols;
}

type Assigned = Extract<AssignResult, { ok: true }>;

/** Variant preference: more copies for the worst symbol, then more rows, then larger margins. */
function better(a: Assigned, b: Assigned): boolean {
  if (a.minCopies !== b.minCopies) return a.minCopies > b.minCopies;
  if (a.rowsUsed !== b.rowsUsed) return a.rowsUsed > b.rowsUsed;
  return a.marginSum > b.marginSum;
}

/**
 * Sender: record -> row plan for this series. `hashValues[r-1]` and `margins[r-1]` belong
 * to row r of W. All 256 table variants are tried; the plan kept gives the most copies to
 * its worst-served symbol, then uses the most rows, then has the largest margins.
 * Throws RangeError for invalid inputs (a hash outside 0..2^hashBits-1, a margin that is
 * not finite, a bad protection) and RecordError for an invalid record; returns
 * { ok: false, code: 'capacity' } when no variant gives every symbol minCopies rows.
 */
export async function planRows(
  record: PatientRecord,
  keys: PlanKeys,
  hashValues: readonly number[],
  margins: readonly number[],
  protection: Protection = DEFAULT_PROTECTION,
  options: PlanOptions = {},
): Promise<PlanResult> {
  const hashBits = options.hashBits ?? DEFAULT_HASH_BITS;
  const minCopies = options.minCopies ?? 1;
  checkProtection(protection);
  if (!Number.isInteger(minCopies) || minCopies < 1 || minCopies > protection.copies) {
    throw new RangeError(`planRows: minCopies must be an integer in 1..${protection.copies}, got ${minCopies}`);
  }
  checkHashValues(hashValues, hashBits);
  checkMargins(margins, hashValues.length);
  const recordBytes = encodeRecord(record);
  const layout = codeLayout(recordBytes.length, protection);
  const rowsAvailable = hashValues.length;
  const digest = await recordDigest(keys.macKey, recordBytes);
  const coded = encodeCodewords(concatBytes(recordBytes, digest), protection);
  const tables = await buildSymbolTables(keys.mapKey, hashBits, protection.symbolBits);

  let best: { variant: number; result: Assigned } | null = null;
  let closest: Shortfall[] | null = null;
  let closestMissing = Infinity;
  let feasible = 0;
  for (let variant = 0; variant < SYMBOL_VARIANTS; variant++) {
    const channel = await channelSymbols(coded, keys, variant, protection.symbolBits);
    const result = assignRows(channel, tables[variant], hashValues, margins, protection.copies, minCopies);
    if (result.ok) {
      feasible++;
      if (!best || better(result, best.result)) best = { variant, result };
    } else {
      const missing = result.shortfall.reduce((n, s) => n + s.needed - s.available, 0);
      if (missing < closestMissing) {
        closestMissing = missing;
        closest = result.shortfall;
      }
    }
  }
  const rowsNeeded = layout.symbols * minCopies;
  if (!best) {
    const what = `${recordBytes.length} bytes of details with their check and error correction make ${layout.symbols} symbols`;
    const message =
      rowsNeeded > rowsAvailable
        ? `The details do not fit this series: ${what}, which need at least ${rowsNeeded} rows, but this series gives only ${rowsAvailable} (4 per pair of neighbouring slices). Shorten the details, use less parity, or a series with more slices.`
        : `The details do not fit this series: ${what}, and this series' rows do not cover every symbol often enough (${rowsNeeded} of its ${rowsAvailable} rows would be needed). Shorten the details, use less parity, or a series with more slices.`;
    return { ok: false, code: 'capacity', message, rowsNeeded, rowsAvailable, shortfall: closest ?? [] };
  }
  const r = best.result;
  return {
    ok: true,
    plan: { variant: best.variant, recordLength: recordBytes.length, rows: r.rows },
    stats: {
      recordBytes: recordBytes.length,
      codewordBytes: layout.codewordBytes,
      symbols: layout.symbols,
      rowsUsed: r.rowsUsed,
      rowsTarget: layout.rows,
      rowsAvailable,
      minCopies: r.minCopies,
      fullSymbols: r.fullSymbols,
      feasibleVariants: feasible,
      meanMargin: r.marginSum / r.rowsUsed,
      minMargin: r.minMargin,
    },
  };
}

/**
 * Plan -> bytes for the envelope: PLAN_VERSION, varint variant, varint recordLength, then
 * per symbol varint(count) and count varint rows, then zeros up to a multiple of 256.
 */
export function serializePlan(plan: RowPlan): Uint8Array {
  const out: number[] = [PLAN_VERSION];
  writeVarint(out, plan.variant);
  writeVarint(out, plan.recordLength);
  for (const copies of plan.rows) {
    writeVarint(out, copies.length);
    for (const r of copies) writeVarint(out, r);
  }
  const padded = new Uint8Array(Math.ceil(out.length / PLAN_PAD_TO) * PLAN_PAD_TO);
  padded.set(out);
  return padded;
}

/** Bytes from the envelope -> plan, strictly (the symbol count follows from recordLength and protection). */
export function parsePlan(bytes: Uint8Array, protection: Protection, rowCount: number): { ok: true; plan: RowPlan } | { ok: false; message: string } {
  try {
    checkProtection(protection);
    const rd = new ByteReader(bytes, 'The encrypted row list');
    const version = rd.u8();
    if (version !== PLAN_VERSION) return { ok: false, message: `The encrypted row list has format ${version}; this page reads ${PLAN_VERSION}.` };
    const variant = rd.varint();
    if (variant >= SYMBOL_VARIANTS) return { ok: false, message: `The encrypted row list names table variant ${variant}; at most ${SYMBOL_VARIANTS - 1} exist.` };
    const recordLength = rd.varint();
    if (recordLength < 1 || recordLength > MAX_RECORD_BYTES) return { ok: false, message: `The encrypted row list announces a record of ${recordLength} bytes.` };
    const layout = codeLayout(recordLength, protection);
    const seen = new Set<number>();
    const rows: number[][] = [];
    for (let i = 0; i < layout.symbols; i++) {
      const count = rd.varint();
      if (count < 1 || count > protection.copies) {
        return { ok: false, message: `The encrypted row list gives symbol ${i + 1} ${count} rows; 1..${protection.copies} are allowed.` };
      }
      const copies: number[] = [];
      for (let c = 0; c < count; c++) {
        const r = rd.varint();
        if (r < 1 || r > rowCount) return { ok: false, message: `The encrypted row list has row ${r}, outside 1..${rowCount}.` };
        if (seen.has(r)) return { ok: false, message: `The encrypted row list uses row ${r} twice.` };
        seen.add(r);
        copies.push(r);
      }
      rows.push(copies);
    }
    const used = rd.offset;
    const rest = rd.take(rd.remaining);
    if (rest.some((b) => b !== 0) || bytes.length !== Math.ceil(used / PLAN_PAD_TO) * PLAN_PAD_TO) {
      return { ok: false, message: 'The encrypted row list has unexpected bytes after the rows.' };
    }
    return { ok: true, plan: { variant, recordLength, rows } };
  } catch (e) {
    if (e instanceof ByteFormatError || e instanceof RangeError) return { ok: false, message: e.message };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------
// Receiver.

export interface ReadStats {
  symbols: number;
  rowsRead: number;
  /** Symbols without a unique plurality (ties, no readable row). */
  erasedSymbols: number;
  /** Rows whose symbol differs from the verified stream (attacked or unstable rows). */
  disagreeingRows: number;
  /** Bytes the Reed-Solomon decoder changed. */
  correctedBytes: number;
}

export type CannotVerifyReason = 'too-many-errors' | 'digest-mismatch' | 'record-invalid';

export type ReadResult =
  | { ok: true; record: PatientRecord; stats: ReadStats }
  | { ok: false; code: 'cannot-verify'; reason: CannotVerifyReason; message: string; stats: Omit<ReadStats, 'correctedBytes' | 'disagreeingRows'> };

/** Per-symbol vote: the unique most frequent value, or -1 (erasure) for a tie or no vote. */
export function vote(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) if (v >= 0) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = -1;
  let bestCount = 0;
  let tie = false;
  for (const [v, c] of counts) {
    if (c > bestCount) {
      best = v;
      bestCount = c;
      tie = false;
    } else if (c === bestCount) tie = true;
  }
  return tie ? -1 : best;
}

const NOT_THIS_SERIES =
  'The details cannot be verified: the images do not give back what was hidden. The series is not the one the bundle was made for, its slices were changed or reordered, or too many rows were damaged.';

/**
 * Receiver: plan + this series' hash values -> the record, or 'cannot-verify' with the
 * reason. A row beyond hashValues.length casts no vote.
 */
export async function readPlan(
  plan: RowPlan,
  keys: PlanKeys,
  hashValues: readonly number[],
  protection: Protection = DEFAULT_PROTECTION,
  hashBits: number = DEFAULT_HASH_BITS,
): Promise<ReadResult> {
  checkProtection(protection);
  checkHashValues(hashValues, hashBits);
  const layout = codeLayout(plan.recordLength, protection);
  if (plan.rows.length !== layout.symbols) throw new RangeError(`readPlan: expected ${layout.symbols} symbols, got ${plan.rows.length}`);
  const table = await buildSymbolTable(keys.mapKey, hashBits, protection.symbolBits, plan.variant);
  const whitening = await whiteningStream(keys.mapKey, plan.variant, layout.symbols, protection.symbolBits);
  const symbolOfRow = (r: number): number => (Number.isInteger(r) && r >= 1 && r <= hashValues.length ? table[hashValues[r - 1]] : -1);

  const perByte = 8 / protection.symbolBits;
  const symbols = new Uint8Array(layout.symbols);
  const erasedBytes = new Array<boolean>(layout.codewordBytes).fill(false);
  let erasedSymbols = 0;
  let rowsRead = 0;
  plan.rows.forEach((rows, i) => {
    const read = rows.map(symbolOfRow);
    rowsRead += read.filter((s) => s >= 0).length;
    const v = vote(read);
    if (v < 0) {
      erasedSymbols++;
      erasedBytes[Math.floor(i / perByte)] = true;
    } else symbols[i] = v ^ whitening[i];
  });
  const base = { symbols: layout.symbols, rowsRead, erasedSymbols };

  const decoded = decodeCodewords(symbolsToBytes(symbols, protection.symbolBits), erasedBytes, plan.recordLength, protection);
  if (!decoded.ok) return { ok: false, code: 'cannot-verify', reason: 'too-many-errors', message: `${NOT_THIS_SERIES} (${decoded.message})`, stats: base };
  const recordBytes = decoded.data.subarray(0, plan.recordLength);
  const digest = decoded.data.subarray(plan.recordLength);
  if (!constantTimeEqual(digest, await recordDigest(keys.macKey, recordBytes))) {
    return { ok: false, code: 'cannot-verify', reason: 'digest-mismatch', message: `${NOT_THIS_SERIES} (the check of the details failed)`, stats: base };
  }
  let record: PatientRecord;
  try {
    record = decodeRecord(recordBytes);
  } catch (e) {
    if (!(e instanceof RecordError)) throw e;
    return { ok: false, code: 'cannot-verify', reason: 'record-invalid', message: `The details were verified but cannot be read: ${e.message}`, stats: base };
  }
  // Health: how many rows disagree with the verified stream.
  const truth = bytesToSymbols(decoded.codewords, protection.symbolBits);
  let disagreeingRows = 0;
  plan.rows.forEach((rows, i) => {
    for (const r of rows) if (symbolOfRow(r) !== (truth[i] ^ whitening[i])) disagreeingRows++;
  });
  return { ok: true, record, stats: { ...base, disagreeingRows, correctedBytes: decoded.correctedBytes } };
}
