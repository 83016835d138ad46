/**
 * The index bundle: what the sender sends beside the untouched series (Tan et al. 2020,
 * section 4.9: "the RowNum set is packed together with the medical image group").
 *
 * Version 1 holds exactly: the format tag and version, the text coding, the slice count,
 * the row count 4(N-1) (Eq. 14), the ordering parameters with the model fingerprint
 * (section 4.3), the feature parameters (sections 4.4-4.7) and the row numbers (1-based).
 * Never the text, the hashes, the features, UIDs or any patient identifier (NOTES step 9):
 * createBundleV1 and serializeBundle copy only the known fields, and parseBundle refuses
 * unknown ones.
 *
 * Versioning: parseBundle reads `format` and `version`, then dispatches to the parser
 * registered for that version in PARSERS. A version 2 adds an interface BundleV2, widens
 * `Bundle`, registers parseV2 and a case in serializeBundle; version 1 files keep reading.
 *
 * All results are plain objects (safe to postMessage between a Worker and the page).
 */
import type { FeatureParams } from '../features/params';
import type { OrderingParams } from '../ordering/params';
import { type Coding, CODINGS, isCoding } from './coding';

export const BUNDLE_FORMAT = 'coverless-dicom-index';

export interface BundleV1 {
  format: typeof BUNDLE_FORMAT;
  version: 1;
  coding: Coding;
  /** N: slices in the series the hashes were computed from. */
  sliceCount: number;
  /** 4(N-1): rows of the difference matrix W. */
  rowCount: number;
  ordering: OrderingParams;
  features: FeatureParams;
  /** One 1-based row number of W per hidden symbol, in symbol order. */
  rows: number[];
}

/** Every bundle version this page reads. */
export type Bundle = BundleV1;

export type BundleErrorCode =
  | 'not-json'
  | 'not-a-bundle'
  | 'unsupported-version'
  | 'missing-field'
  | 'invalid-field'
  | 'unknown-field'
  | 'row-out-of-range'
  | 'row-count-mismatch';

export interface BundleError {
  ok: false;
  code: BundleErrorCode;
  /** A sentence for the user. */
  message: string;
  /** Dotted path of the field concerned ('features.workSize', 'rows[3]'), where there is one. */
  field?: string;
  /** The version found, for 'unsupported-version'. */
  version?: number;
}

export type ParseBundleResult = { ok: true; bundle: Bundle } | BundleError;

// ---------------------------------------------------------------------------------------
// Field checks. The mapped types make the compiler demand a check for every field of
// FeatureParams / OrderingParams, so that the bundle cannot silently fall behind them.

/** Returns null when valid, else what was expected ("an integer >= 0"). */
type Check = (v: unknown) => string | null;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const intAtLeast = (min: number): Check => (v) => (isNum(v) && Number.isInteger(v) && v >= min ? null : `an integer >= ${min}`);
const positiveNumber: Check = (v) => (isNum(v) && v > 0 ? null : 'a number > 0');
const fraction: Check = (v) => (isNum(v) && v >= 0 && v < 1 ? null : 'a number in [0, 1)');
const nonEmptyString: Check = (v) => (typeof v === 'string' && v.length > 0 ? null : 'a non-empty string');
const oneOf = (...values: string[]): Check => (v) =>
  typeof v === 'string' && values.includes(v) ? null : `one of ${values.map((s) => `'${s}'`).join(', ')}`;

const FEATURE_CHECKS: { [K in keyof FeatureParams]-?: Check } = {
  workSize: intAtLeast(0),
  roiMinAreaFraction: fraction,
  medianSize: intAtLeast(1),
  ialmLambdaScale: positiveNumber,
  ialmMu0Scale: positiveNumber,
  ialmRho: positiveNumber,
  ialmTol: positiveNumber,
  ialmMaxIter: intAtLeast(1),
  lowRankMask: oneOf('none', 'roi'),
  lbpCompare: oneOf('ge', 'gt'),
};

/**
 * benchmark and method are checked as strings only: a page that does not know a method
 * reports it through checkCompatibility ("the bundle orders slices by ...") rather than
 * calling the file broken, so that the ordering can evolve (NOTES step 1).
 */
const ORDERING_CHECKS: { [K in keyof OrderingParams]-?: Check } = {
  modelFingerprint: nonEmptyString,
  inputSize: intAtLeast(1),
  benchmark: nonEmptyString,
  method: nonEmptyString,
};

const V1_KEYS = ['format', 'version', 'coding', 'sliceCount', 'rowCount', 'ordering', 'features', 'rows'] as const;

const FEATURE_KEYS = Object.keys(FEATURE_CHECKS) as (keyof FeatureParams)[];
const ORDERING_KEYS = Object.keys(ORDERING_CHECKS) as (keyof OrderingParams)[];

/** Shared by every bundle version's parser. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function fail(code: BundleErrorCode, message: string, field?: string): BundleError {
  return field === undefined ? { ok: false, code, message } : { ok: false, code, message, field };
}

/** A value as a short quote for an error message. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

function invalid(field: string, expected: string, got: unknown): BundleError {
  return fail('invalid-field', `The bundle's field '${field}' must be ${expected}, but it is ${show(got)}.`, field);
}

function missing(field: string): BundleError {
  return fail('missing-field', `The bundle has no field '${field}'.`, field);
}

function unknownField(field: string): BundleError {
  return fail('unknown-field', `The bundle has a field '${field}' that this page does not know; it was made by a different or newer program.`, field);
}

/** Check a params object against its field checks; copy the known fields only. */
function checkParams<T>(
  obj: unknown,
  name: string,
  keys: readonly (keyof T & string)[],
  checks: { [K in keyof T]-?: Check },
): { ok: true; value: T } | BundleError {
  if (obj === undefined) return missing(name);
  if (!isPlainObject(obj)) return invalid(name, 'an object', obj);
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (!(k in obj)) return missing(`${name}.${k}`);
    const expected = checks[k](obj[k]);
    if (expected !== null) return invalid(`${name}.${k}`, expected, obj[k]);
    out[k] = obj[k];
  }
  for (const k of Object.keys(obj)) {
    if (!(keys as readonly string[]).includes(k)) return unknownField(`${name}.${k}`);
  }
  return { ok: true, value: out as T };
}

/** Full validation of a version-1 object (format and version already read). */
function parseV1(obj: Record<string, unknown>): ParseBundleResult {
  for (const k of V1_KEYS) if (!(k in obj)) return missing(k);
  for (const k of Object.keys(obj)) if (!(V1_KEYS as readonly string[]).includes(k)) return unknownField(k);

  if (!isCoding(obj.coding)) return invalid('coding', `one of ${CODINGS.map((c) => `'${c}'`).join(', ')}`, obj.coding);
  const sliceCheck = intAtLeast(2)(obj.sliceCount);
  if (sliceCheck) return invalid('sliceCount', sliceCheck, obj.sliceCount);
  const rowCountCheck = intAtLeast(0)(obj.rowCount);
  if (rowCountCheck) return invalid('rowCount', rowCountCheck, obj.rowCount);

  const ordering = checkParams<OrderingParams>(obj.ordering, 'ordering', ORDERING_KEYS, ORDERING_CHECKS);
  if (!ordering.ok) return ordering;
  const features = checkParams<FeatureParams>(obj.features, 'features', FEATURE_KEYS, FEATURE_CHECKS);
  if (!features.ok) return features;

  const rows = obj.rows;
  if (!Array.isArray(rows)) return invalid('rows', 'a list of row numbers', rows);
  if (rows.length === 0) return invalid('rows', 'a non-empty list of row numbers', rows);
  for (let i = 0; i < rows.length; i++) {
    const r: unknown = rows[i];
    if (!isNum(r) || !Number.isInteger(r)) return invalid(`rows[${i}]`, 'an integer', r);
  }

  const sliceCount = obj.sliceCount as number;
  const rowCount = obj.rowCount as number;
  if (rowCount !== 4 * (sliceCount - 1)) {
    return fail(
      'row-count-mismatch',
      `The bundle is inconsistent: ${sliceCount} slices give 4 x (${sliceCount} - 1) = ${4 * (sliceCount - 1)} rows, but it says ${rowCount}.`,
      'rowCount',
    );
  }
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    if (r < 1 || r > rowCount) {
      return fail('row-out-of-range', `Row number ${r} (item ${i + 1} of rows) is outside 1..${rowCount}.`, `rows[${i}]`);
    }
  }

  return {
    ok: true,
    bundle: {
      format: BUNDLE_FORMAT,
      version: 1,
      coding: obj.coding,
      sliceCount,
      rowCount,
      ordering: ordering.value,
      features: features.value,
      rows: (rows as number[]).slice(),
    },
  };
}

/** One parser per version this page reads. */
const PARSERS: Readonly<Record<number, (obj: Record<string, unknown>) => ParseBundleResult>> = {
  1: parseV1,
};

/** The versions parseBundle accepts, ascending. */
export const SUPPORTED_BUNDLE_VERSIONS: readonly number[] = Object.keys(PARSERS).map(Number).sort((a, b) => a - b);

/**
 * Bundle file text -> Bundle, or a BundleError with a specific message: not JSON, not a
 * bundle (format), unsupported version, missing/invalid/unknown field (named), row out of
 * range, rowCount != 4(sliceCount - 1). A leading byte-order mark is ignored.
 */
export function parseBundle(text: string): ParseBundleResult {
  if (typeof text !== 'string') return fail('not-json', 'The bundle file could not be read as text.');
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const why = e instanceof Error ? ` (${e.message})` : '';
    return fail('not-json', `This file is not an index bundle: it is not valid JSON${why}.`);
  }
  if (!isPlainObject(data)) {
    return fail('not-a-bundle', 'This file is not an index bundle: it is JSON, but not an object.');
  }
  if (data.format !== BUNDLE_FORMAT) {
    const found = data.format === undefined ? 'has no format field' : `has format ${show(data.format)}`;
    return fail('not-a-bundle', `This file is not an index bundle: it ${found}, expected '${BUNDLE_FORMAT}'.`, 'format');
  }
  if (!('version' in data)) return missing('version');
  const version = data.version;
  if (!isNum(version) || !Number.isInteger(version) || version < 1) return invalid('version', 'an integer >= 1', version);
  const parser = PARSERS[version];
  if (!parser) {
    const known = SUPPORTED_BUNDLE_VERSIONS.join(', ');
    const newer = version > Math.max(...SUPPORTED_BUNDLE_VERSIONS) ? ' It was probably made by a newer version of the app.' : '';
    return {
      ok: false,
      code: 'unsupported-version',
      message: `This bundle is version ${version}; this page reads version ${known} only.${newer}`,
      field: 'version',
      version,
    };
  }
  return parser(data);
}

/** Copy only the known fields, in canonical order (so no stray property can leak into a file). */
function pickV1(b: BundleV1): BundleV1 {
  const ordering = {} as Record<string, unknown>;
  for (const k of ORDERING_KEYS) ordering[k] = b.ordering[k];
  const features = {} as Record<string, unknown>;
  for (const k of FEATURE_KEYS) features[k] = b.features[k];
  return {
    format: BUNDLE_FORMAT,
    version: 1,
    coding: b.coding,
    sliceCount: b.sliceCount,
    rowCount: b.rowCount,
    ordering: ordering as unknown as OrderingParams,
    features: features as unknown as FeatureParams,
    rows: b.rows.slice(),
  };
}

/**
 * Build a version-1 bundle (rowCount = 4(sliceCount - 1)), validated exactly as parseBundle
 * would read it. Throws Error with parseBundle's message when something is invalid
 * (e.g. a row outside 1..4(N-1)).
 */
export function createBundleV1(args: {
  coding: Coding;
  sliceCount: number;
  ordering: OrderingParams;
  features: FeatureParams;
  rows: readonly number[];
}): BundleV1 {
  const candidate = pickV1({
    format: BUNDLE_FORMAT,
    version: 1,
    coding: args.coding,
    sliceCount: args.sliceCount,
    rowCount: 4 * (args.sliceCount - 1),
    ordering: args.ordering,
    features: args.features,
    rows: args.rows.slice(),
  });
  const checked = parseV1(candidate as unknown as Record<string, unknown>);
  if (!checked.ok) throw new Error(`createBundleV1: ${checked.message}`);
  return checked.bundle;
}

/** Bundle -> pretty JSON (2-space indent, rows on one line, trailing newline). */
export function serializeBundle(bundle: Bundle): string {
  switch (bundle.version) {
    case 1: {
      const json = JSON.stringify(pickV1(bundle), null, 2);
      // rows is the last field and holds integers only: put them on one line.
      return json.replace(/"rows": \[[^\]]*\]/, `"rows": [${bundle.rows.join(', ')}]`) + '\n';
    }
    default: {
      const v: never = bundle.version;
      throw new Error(`serializeBundle: unsupported version ${String(v)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Compatibility of a (valid) bundle with the page and series at hand.

export interface RevealContext {
  /** Slices in the series the user dropped. */
  sliceCount: number;
  /** Fingerprint of the model this page runs. */
  modelFingerprint: string;
  features: FeatureParams;
  /** The page's ordering settings; a modelFingerprint in it is ignored (the field above counts). */
  ordering: Omit<OrderingParams, 'modelFingerprint'>;
}

export type CompatibilityIssueCode = 'model' | 'slice-count' | 'ordering-param' | 'feature-param';

export interface CompatibilityIssue {
  code: CompatibilityIssueCode;
  /** 'ordering.method', 'features.workSize' for parameter differences. */
  field?: string;
  message: string;
}

/** Shortest prefixes (at least 8 characters) that tell two fingerprints apart, with '…' when cut. */
function shortFingerprints(a: string, b: string): [string, string] {
  let n = 8;
  while (n < Math.max(a.length, b.length) && a.slice(0, n) === b.slice(0, n)) n++;
  const cut = (s: string) => (s.length > n ? s.slice(0, n) + '…' : s);
  return [cut(a), cut(b)];
}

function showParam(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : String(v);
}

/**
 * Everything that keeps this page from reproducing the sender's hashes for this bundle:
 * another model, another slice count, other ordering or feature parameters. An empty list
 * means compatible. Messages name the difference, e.g. "This bundle was made with model
 * a1b2c3d4… but this page runs c3d4e5f6…" or "The bundle expects 120 slices; this series
 * has 118."
 */
/** Works on any bundle version: only the public parameters and the slice count are compared. */
export function checkCompatibility(bundle: Pick<Bundle, 'sliceCount' | 'ordering' | 'features'>, page: RevealContext): CompatibilityIssue[] {
  const issues: CompatibilityIssue[] = [];
  const want = bundle.ordering.modelFingerprint;
  const have = page.modelFingerprint;
  if (want.toLowerCase() !== have.toLowerCase()) {
    const [w, h] = shortFingerprints(want.toLowerCase(), have.toLowerCase());
    issues.push({ code: 'model', field: 'ordering.modelFingerprint', message: `This bundle was made with model ${w} but this page runs ${h}${h.endsWith('…') ? '' : '.'}` });
  }
  if (bundle.sliceCount !== page.sliceCount) {
    const s = (n: number) => `${n} slice${n === 1 ? '' : 's'}`;
    issues.push({
      code: 'slice-count',
      field: 'sliceCount',
      message: `The bundle expects ${s(bundle.sliceCount)}; this series has ${page.sliceCount}.`,
    });
  }
  for (const k of ORDERING_KEYS) {
    if (k === 'modelFingerprint') continue;
    const b = bundle.ordering[k];
    const p = page.ordering[k];
    if (b !== p) {
      issues.push({
        code: 'ordering-param',
        field: `ordering.${k}`,
        message: `Ordering parameter ${k} differs: the bundle used ${showParam(b)}, this page uses ${showParam(p)}.`,
      });
    }
  }
  for (const k of FEATURE_KEYS) {
    const b = bundle.features[k];
    const p = page.features[k];
    if (b !== p) {
      issues.push({
        code: 'feature-param',
        field: `features.${k}`,
        message: `Feature parameter ${k} differs: the bundle used ${showParam(b)}, this page uses ${showParam(p)}.`,
      });
    }
  }
  return issues;
}
