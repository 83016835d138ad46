/**
 * Index bundle, version 2 (issue "robust and private by design"): what the sender sends
 * beside the untouched series, now readable only with the shared passphrase.
 *
 * Public JSON (nothing identifying, no row number, no hash):
 *   { format: 'coverless-dicom-index', version: 2,
 *     kdf: { name: 'PBKDF2-SHA-256', iterations, salt (base64, 16 bytes) },
 *     cipher: { name: 'AES-GCM', iv (base64, 12 bytes) },
 *     sliceCount, ordering: OrderingParams, features: FeatureParams,
 *     protection: { symbolBits, copies, parity },
 *     ciphertext (base64) }
 * The ciphertext is AES-256-GCM (envelope.ts) of the row plan (payload.ts: table
 * variant, record length, `copies` rows per symbol), zero-padded to 256-byte steps. Its
 * AAD is headerAad(): every public field but the IV and the ciphertext, canonically
 * serialised, so any change to the header makes the reveal fail (GCM authenticates the
 * IV itself). The public fields that remain are those a receiver needs before it has
 * the passphrase: how to derive the key and how to compute the hashes.
 *
 * What a receiver is told (revealV2):
 *   'invalid-bundle'               the file is not a readable bundle (field named)
 *   'wrong-passphrase-or-tampered' GCM refused: wrong passphrase, or the file was changed
 *   'incompatible'                 authentic bundle, but this page/series cannot reproduce
 *                                  the sender's hashes (model, slice count, parameters;
 *                                  v1's checkCompatibility, issues listed)
 *   'cannot-verify'                the images do not give back a record whose keyed digest
 *                                  checks (another series, changed or missing slices, too
 *                                  many damaged rows)
 * and never text that was not verified.
 *
 * Relation to v1 (bundle.ts): same format tag and BundleError type and codes; the ordering
 * and feature parameters are validated by v1's own parser (a v1-shaped probe, see
 * checkSharedFields), so both versions accept exactly the same parameters. v1's PARSERS
 * table is left alone (its tests pin SUPPORTED_BUNDLE_VERSIONS to [1]); parseAnyBundle
 * here dispatches versions 1 and 2.
 */
import type { FeatureParams } from '../../features/params';
import type { OrderingParams } from '../../ordering/params';
import {
  type Bundle,
  BUNDLE_FORMAT,
  type BundleError,
  type BundleV1,
  checkCompatibility,
  type CompatibilityIssue,
  fail,
  isPlainObject,
  parseBundle,
  show,
  type RevealContext,
} from '../bundle';
import { fromBase64, label, toBase64 } from './bytes';
import { IV_BYTES, open, seal } from './envelope';
import { deriveKeys, MAX_PBKDF2_ITERATIONS, PBKDF2_ITERATIONS, randomSalt, SALT_BYTES } from './keys';
import {
  type CannotVerifyReason,
  checkProtection,
  DEFAULT_PROTECTION,
  MAX_COPIES,
  MAX_PARITY,
  parsePlan,
  type PlanResult,
  type PlanStats,
  planRows,
  type Protection,
  readPlan,
  type ReadStats,
  serializePlan,
} from './payload';
import { type PatientRecord, RecordError } from './record';

export const BUNDLE_V2_VERSION = 2;
export const KDF_NAME = 'PBKDF2-SHA-256';
export const CIPHER_NAME = 'AES-GCM';
/** Hash bits per row (Algorithm 3: 9 LBP cells per block). */
export const HASH_BITS = 9;
/** Bound on the ciphertext a bundle may carry (a plan for thousands of rows is a few KiB). */
export const MAX_CIPHERTEXT_BYTES = 1 << 20;

export interface BundleV2 {
  format: typeof BUNDLE_FORMAT;
  version: 2;
  kdf: { name: typeof KDF_NAME; iterations: number; salt: string };
  cipher: { name: typeof CIPHER_NAME; iv: string };
  /** N: slices in the series the hashes were computed from. */
  sliceCount: number;
  ordering: OrderingParams;
  features: FeatureParams;
  protection: Protection;
  ciphertext: string;
}

export type AnyBundle = Bundle | BundleV2;

export type ParseBundleV2Result = { ok: true; bundle: BundleV2 } | BundleError;
export type ParseAnyBundleResult = { ok: true; bundle: AnyBundle } | BundleError;

const V2_KEYS = ['format', 'version', 'kdf', 'cipher', 'sliceCount', 'ordering', 'features', 'protection', 'ciphertext'] as const;
const KDF_KEYS = ['name', 'iterations', 'salt'] as const;
const CIPHER_KEYS = ['name', 'iv'] as const;
const PROTECTION_KEYS = ['symbolBits', 'copies', 'parity'] as const;

// ---------------------------------------------------------------------------------------
// Parsing.


const invalid = (field: string, expected: string, got: unknown) =>
  fail('invalid-field', `The bundle's field '${field}' must be ${expected}, but it is ${show(got)}.`, field);
const missing = (field: string) => fail('missing-field', `The bundle has no field '${field}'.`, field);
const unknownField = (field: string) =>
  fail('unknown-field', `The bundle has a field '${field}' that this page does not know; it was made by a different or newer program.`, field);

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Exactly these keys (missing and unknown ones named with `prefix`). */
function exactKeys(obj: Record<string, unknown>, keys: readonly string[], prefix: string): BundleError | null {
  for (const k of keys) if (!(k in obj)) return missing(prefix + k);
  for (const k of Object.keys(obj)) if (!keys.includes(k)) return unknownField(prefix + k);
  return null;
}

/**
 * Validate sliceCount, ordering and features with v1's parser: a v1 bundle with the same
 * values and one placeholder row is parsed, and its errors (which name 'ordering.x' /
 * 'features.x') are returned as they are. On success the v1 view has the parameters
 * copied in canonical key order, used for serialisation, the AAD and compatibility.
 */
function checkSharedFields(sliceCount: number, ordering: unknown, features: unknown): { ok: true; view: BundleV1 } | BundleError {
  const probe = parseBundle(
    JSON.stringify({ format: BUNDLE_FORMAT, version: 1, coding: 'alphabet62', sliceCount, rowCount: 4 * (sliceCount - 1), ordering, features, rows: [1] }),
  );
  if (!probe.ok) return probe;
  return { ok: true, view: probe.bundle };
}

function parseV2Object(obj: Record<string, unknown>): ParseBundleV2Result {
  const keyErr = exactKeys(obj, V2_KEYS, '');
  if (keyErr) return keyErr;

  const kdf = obj.kdf;
  if (!isPlainObject(kdf)) return invalid('kdf', 'an object', kdf);
  const kdfErr = exactKeys(kdf, KDF_KEYS, 'kdf.');
  if (kdfErr) return kdfErr;
  if (kdf.name !== KDF_NAME) return invalid('kdf.name', `'${KDF_NAME}'`, kdf.name);
  if (!isInt(kdf.iterations) || kdf.iterations < 1 || kdf.iterations > MAX_PBKDF2_ITERATIONS) {
    return invalid('kdf.iterations', `an integer in 1..${MAX_PBKDF2_ITERATIONS}`, kdf.iterations);
  }
  const salt = typeof kdf.salt === 'string' ? fromBase64(kdf.salt) : null;
  if (!salt || salt.length !== SALT_BYTES) return invalid('kdf.salt', `${SALT_BYTES} bytes in base64`, kdf.salt);

  const cipher = obj.cipher;
  if (!isPlainObject(cipher)) return invalid('cipher', 'an object', cipher);
  const cipherErr = exactKeys(cipher, CIPHER_KEYS, 'cipher.');
  if (cipherErr) return cipherErr;
  if (cipher.name !== CIPHER_NAME) return invalid('cipher.name', `'${CIPHER_NAME}'`, cipher.name);
  const iv = typeof cipher.iv === 'string' ? fromBase64(cipher.iv) : null;
  if (!iv || iv.length !== IV_BYTES) return invalid('cipher.iv', `${IV_BYTES} bytes in base64`, cipher.iv);

  if (!isInt(obj.sliceCount) || obj.sliceCount < 2) return invalid('sliceCount', 'an integer >= 2', obj.sliceCount);
  const shared = checkSharedFields(obj.sliceCount, obj.ordering, obj.features);
  if (!shared.ok) return shared;

  const prot = obj.protection;
  if (!isPlainObject(prot)) return invalid('protection', 'an object', prot);
  const protErr = exactKeys(prot, PROTECTION_KEYS, 'protection.');
  if (protErr) return protErr;
  if (prot.symbolBits !== 1 && prot.symbolBits !== 2 && prot.symbolBits !== 4 && prot.symbolBits !== 8) {
    return invalid('protection.symbolBits', 'one of 1, 2, 4, 8', prot.symbolBits);
  }
  if (!isInt(prot.copies) || prot.copies < 1 || prot.copies > MAX_COPIES) return invalid('protection.copies', `an integer in 1..${MAX_COPIES}`, prot.copies);
  if (!isInt(prot.parity) || prot.parity < 0 || prot.parity > MAX_PARITY) return invalid('protection.parity', `an integer in 0..${MAX_PARITY}`, prot.parity);

  const ct = typeof obj.ciphertext === 'string' ? fromBase64(obj.ciphertext) : null;
  if (!ct || ct.length < 16 || ct.length > MAX_CIPHERTEXT_BYTES) return invalid('ciphertext', 'base64 of an AES-GCM ciphertext', obj.ciphertext);

  return {
    ok: true,
    bundle: {
      format: BUNDLE_FORMAT,
      version: 2,
      kdf: { name: KDF_NAME, iterations: kdf.iterations, salt: kdf.salt as string },
      cipher: { name: CIPHER_NAME, iv: cipher.iv as string },
      sliceCount: obj.sliceCount,
      ordering: shared.view.ordering,
      features: shared.view.features,
      protection: { symbolBits: prot.symbolBits, copies: prot.copies, parity: prot.parity },
      ciphertext: obj.ciphertext as string,
    },
  };
}

function readJsonObject(text: string): Record<string, unknown> | null {
  if (typeof text !== 'string') return null;
  try {
    const data: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return isPlainObject(data) ? data : null;
  } catch {
    return null;
  }
}

/**
 * Bundle file text of either version -> the bundle, or v1's BundleError. Version 1 goes
 * to v1's parseBundle unchanged; version 2 to the v2 parser; anything that is not JSON,
 * not a bundle or of another version gets v1's messages, naming versions 1 and 2.
 */
export function parseAnyBundle(text: string): ParseAnyBundleResult {
  const obj = readJsonObject(text);
  if (obj && obj.format === BUNDLE_FORMAT && obj.version === BUNDLE_V2_VERSION) return parseV2Object(obj);
  const r = parseBundle(text);
  if (!r.ok && r.code === 'unsupported-version' && r.version !== undefined) {
    const newer = r.version > BUNDLE_V2_VERSION ? ' It was probably made by a newer version of the app.' : '';
    return { ...r, message: `This bundle is version ${r.version}; this page reads versions 1 and 2 only.${newer}` };
  }
  return r;
}

/** Bundle text -> BundleV2; a valid version-1 bundle is reported as 'unsupported-version' (use v1's reveal). */
export function parseBundleV2(text: string): ParseBundleV2Result {
  const r = parseAnyBundle(text);
  if (!r.ok) return r;
  if (r.bundle.version !== 2) {
    return {
      ok: false,
      code: 'unsupported-version',
      field: 'version',
      version: r.bundle.version,
      message: `This bundle is version ${r.bundle.version} (the paper's method, without a passphrase); it is read with the version-1 reveal.`,
    };
  }
  return r as ParseBundleV2Result;
}

// ---------------------------------------------------------------------------------------
// Serialisation and AAD.

/** Canonical copy of every field (known fields only, fixed order). Throws when invalid. */
function canonical(b: BundleV2): BundleV2 {
  const shared = checkSharedFields(b.sliceCount, b.ordering, b.features);
  if (!shared.ok) throw new RangeError(`BundleV2: ${shared.message}`);
  return {
    format: BUNDLE_FORMAT,
    version: 2,
    kdf: { name: KDF_NAME, iterations: b.kdf.iterations, salt: b.kdf.salt },
    cipher: { name: CIPHER_NAME, iv: b.cipher.iv },
    sliceCount: b.sliceCount,
    ordering: shared.view.ordering,
    features: shared.view.features,
    protection: { symbolBits: b.protection.symbolBits, copies: b.protection.copies, parity: b.protection.parity },
    ciphertext: b.ciphertext,
  };
}

/** BundleV2 -> pretty JSON (2-space indent, canonical field order, trailing newline). */
export function serializeBundleV2(bundle: BundleV2): string {
  return JSON.stringify(canonical(bundle), null, 2) + '\n';
}

/**
 * The AAD of the envelope: a label line, then the canonical JSON of every public field
 * except cipher.iv (authenticated by GCM itself) and ciphertext.
 */
export function headerAad(bundle: Omit<BundleV2, 'cipher' | 'ciphertext'>): Uint8Array {
  const shared = checkSharedFields(bundle.sliceCount, bundle.ordering, bundle.features);
  if (!shared.ok) throw new RangeError(`BundleV2: ${shared.message}`);
  const header = {
    format: BUNDLE_FORMAT,
    version: 2,
    kdf: { name: KDF_NAME, iterations: bundle.kdf.iterations, salt: bundle.kdf.salt },
    sliceCount: bundle.sliceCount,
    ordering: shared.view.ordering,
    features: shared.view.features,
    protection: { symbolBits: bundle.protection.symbolBits, copies: bundle.protection.copies, parity: bundle.protection.parity },
  };
  return label(`coverless-dicom-index v2 header\n${JSON.stringify(header)}`);
}

// ---------------------------------------------------------------------------------------
// Hide and reveal.

export interface HideV2Context {
  /** N: slices of the series; hashValues must have 4(N - 1) entries. */
  sliceCount: number;
  ordering: OrderingParams;
  features: FeatureParams;
}

export interface HideV2Options {
  /** Overrides of DEFAULT_PROTECTION ({ symbolBits: 4, copies: 3, parity: 32 }). */
  protection?: Partial<Protection>;
  /** PBKDF2 iterations; PBKDF2_ITERATIONS (600,000) unless a test lowers it. */
  iterations?: number;
  /** Fewest rows per symbol accepted where the series is short of rows (payload.ts PlanOptions; default 1). */
  minCopies?: number;
  /**
   * The PBKDF2 salt (SALT_BYTES bytes); a fresh random one unless given. Only for
   * reproducible evaluations (scripts/eval.ts): a real bundle must use a random salt.
   */
  salt?: Uint8Array;
}

export type HideV2Result =
  | { ok: true; bundle: BundleV2; text: string; stats: PlanStats }
  | { ok: false; code: 'invalid-record'; message: string; field?: keyof PatientRecord }
  | { ok: false; code: 'no-passphrase'; message: string }
  | { ok: false; code: 'capacity'; message: string; rowsNeeded: number; rowsAvailable: number };

function checkSeries(hashValues: readonly number[], sliceCount: number, who: string): void {
  if (!isInt(sliceCount) || sliceCount < 2) throw new RangeError(`${who}: sliceCount must be an integer >= 2, got ${sliceCount}`);
  if (hashValues.length !== 4 * (sliceCount - 1)) {
    throw new RangeError(`${who}: ${sliceCount} slices give ${4 * (sliceCount - 1)} rows, but ${hashValues.length} hash values were given`);
  }
}

/**
 * Sender: record + passphrase + this series' hash values and margins (row r at index r-1)
 * -> a version-2 bundle. Throws RangeError when the inputs break the contract (hash
 * count != 4(N-1), hash outside 0..511, margins missing); user-facing problems come back
 * as { ok: false }.
 */
export async function hideV2(
  record: PatientRecord,
  passphrase: string,
  hashValues: readonly number[],
  margins: readonly number[],
  ctx: HideV2Context,
  options: HideV2Options = {},
): Promise<HideV2Result> {
  checkSeries(hashValues, ctx.sliceCount, 'hideV2');
  const protection: Protection = { ...DEFAULT_PROTECTION, ...options.protection };
  checkProtection(protection);
  if (typeof passphrase !== 'string' || passphrase.length === 0) {
    return { ok: false, code: 'no-passphrase', message: 'Enter a passphrase: the receiver will need the same one to read the details.' };
  }
  const iterations = options.iterations ?? PBKDF2_ITERATIONS;
  if (options.salt !== undefined && (!(options.salt instanceof Uint8Array) || options.salt.length !== SALT_BYTES)) {
    throw new RangeError(`hideV2: salt must be ${SALT_BYTES} bytes`);
  }
  const salt = options.salt ? Uint8Array.from(options.salt) : randomSalt();
  const keys = await deriveKeys(passphrase, salt, iterations);

  let planned: PlanResult;
  try {
    planned = await planRows(record, keys, hashValues, margins, protection, { hashBits: HASH_BITS, minCopies: options.minCopies });
  } catch (e) {
    if (e instanceof RecordError) return { ok: false, code: 'invalid-record', message: e.message, ...(e.field ? { field: e.field } : {}) };
    throw e;
  }
  if (!planned.ok) return { ok: false, code: 'capacity', message: planned.message, rowsNeeded: planned.rowsNeeded, rowsAvailable: planned.rowsAvailable };

  // Self-check: the sender's own hashes must give the record back through the plan.
  const self = await readPlan(planned.plan, keys, hashValues, protection, HASH_BITS);
  if (!self.ok) throw new Error(`hideV2: internal error, the plan does not read back (${self.message})`);

  const header: Omit<BundleV2, 'cipher' | 'ciphertext'> = {
    format: BUNDLE_FORMAT,
    version: 2,
    kdf: { name: KDF_NAME, iterations, salt: toBase64(salt) },
    sliceCount: ctx.sliceCount,
    ordering: ctx.ordering,
    features: ctx.features,
    protection,
  };
  const sealed = await seal(serializePlan(planned.plan), keys.encKey, headerAad(header));
  const bundle = canonical({ ...header, cipher: { name: CIPHER_NAME, iv: toBase64(sealed.iv) }, ciphertext: toBase64(sealed.ciphertext) });
  return { ok: true, bundle, text: serializeBundleV2(bundle), stats: planned.stats };
}

export type RevealV2Result =
  | { ok: true; record: PatientRecord; stats: ReadStats }
  | { ok: false; code: 'invalid-bundle'; message: string; error: BundleError }
  | { ok: false; code: 'wrong-passphrase-or-tampered'; message: string }
  | { ok: false; code: 'incompatible'; message: string; issues: CompatibilityIssue[] }
  | { ok: false; code: 'cannot-verify'; reason: CannotVerifyReason | 'payload-invalid'; message: string };

/**
 * Receiver: bundle text + passphrase + this series' hash values (row r at index r-1,
 * 4(ctx.sliceCount - 1) of them) -> the verified record or a typed refusal (module
 * comment). Only a hash count that does not match ctx.sliceCount, or a hash outside
 * 0..511, throws (RangeError): those are caller bugs, not user situations.
 */
export async function revealV2(bundleText: string, passphrase: string, hashValues: readonly number[], ctx: RevealContext): Promise<RevealV2Result> {
  checkSeries(hashValues, ctx.sliceCount, 'revealV2');
  const parsed = parseBundleV2(bundleText);
  if (!parsed.ok) return { ok: false, code: 'invalid-bundle', message: parsed.message, error: parsed };
  const bundle = parsed.bundle;
  if (typeof passphrase !== 'string' || passphrase.length === 0) {
    return { ok: false, code: 'wrong-passphrase-or-tampered', message: 'Enter the passphrase the sender gave you.' };
  }
  const keys = await deriveKeys(passphrase, fromBase64(bundle.kdf.salt)!, bundle.kdf.iterations);
  const opened = await open({ iv: fromBase64(bundle.cipher.iv)!, ciphertext: fromBase64(bundle.ciphertext)! }, keys.encKey, headerAad(bundle));
  if (!opened.ok) return { ok: false, code: 'wrong-passphrase-or-tampered', message: opened.message };

  // The header is authentic from here on: its differences from this page are real.
  const shared = checkSharedFields(bundle.sliceCount, bundle.ordering, bundle.features);
  if (!shared.ok) return { ok: false, code: 'invalid-bundle', message: shared.message, error: shared };
  const issues = checkCompatibility(shared.view, ctx);
  if (issues.length > 0) {
    return {
      ok: false,
      code: 'incompatible',
      issues,
      message: `The details cannot be read from this series with this page: ${issues.map((i) => i.message).join(' ')}`,
    };
  }
  const plan = parsePlan(opened.payload, bundle.protection, hashValues.length);
  if (!plan.ok) return { ok: false, code: 'cannot-verify', reason: 'payload-invalid', message: `The bundle cannot be verified: ${plan.message}` };
  const read = await readPlan(plan.plan, keys, hashValues, bundle.protection, HASH_BITS);
  if (!read.ok) return { ok: false, code: 'cannot-verify', reason: read.reason, message: read.message };
  return { ok: true, record: read.record, stats: read.stats };
}
