import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_PARAMS, type FeatureParams } from '../../../src/features/params';
import type { OrderingParams } from '../../../src/ordering/params';
import {
  type BundleV1,
  checkCompatibility,
  createBundleV1,
  parseBundle,
  serializeBundle,
  SUPPORTED_BUNDLE_VERSIONS,
} from '../../../src/protocol/bundle';

const FP_A = 'a1b2c3d4' + '0'.repeat(56);
const FP_B = 'c3d4e5f6' + '1'.repeat(56);

const ordering: OrderingParams = {
  modelFingerprint: FP_A,
  inputSize: 224,
  benchmark: 'max-distance-sum',
  method: 'ascending-distance-to-benchmark',
};

function makeBundle(): BundleV1 {
  return createBundleV1({ coding: 'alphabet62', sliceCount: 115, ordering, features: DEFAULT_FEATURE_PARAMS, rows: [2, 1, 356, 456] });
}

/** A valid bundle as a plain object, to break one field at a time. */
function raw(): Record<string, any> {
  return JSON.parse(serializeBundle(makeBundle()));
}

function parseObj(o: unknown) {
  return parseBundle(JSON.stringify(o));
}

describe('bundle v1: create, serialize, parse', () => {
  it('holds exactly the parameters, slice count, row count and rows', () => {
    const b = makeBundle();
    expect(b).toEqual({
      format: 'coverless-dicom-index',
      version: 1,
      coding: 'alphabet62',
      sliceCount: 115,
      rowCount: 456,
      ordering,
      features: DEFAULT_FEATURE_PARAMS,
      rows: [2, 1, 356, 456],
    });
    expect(SUPPORTED_BUNDLE_VERSIONS).toEqual([1]);
  });

  it('round-trips through pretty JSON with the rows on one line', () => {
    const b = makeBundle();
    const text = serializeBundle(b);
    expect(text).toContain('\n  "coding": "alphabet62",\n');
    expect(text).toContain('"rows": [2, 1, 356, 456]\n}');
    expect(text.endsWith('\n')).toBe(true);
    expect(parseBundle(text)).toEqual({ ok: true, bundle: b });
    expect(parseBundle('\uFEFF' + text)).toEqual({ ok: true, bundle: b });
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'version', 'coding', 'sliceCount', 'rowCount', 'ordering', 'features', 'rows']);
  });

  it('never carries stray fields from the objects it is given', () => {
    const leakyFeatures = { ...DEFAULT_FEATURE_PARAMS, patientName: 'DOE^JOHN' } as FeatureParams;
    const leakyOrdering = { ...ordering, hashes: [1, 2, 3] } as OrderingParams;
    const b = createBundleV1({ coding: 'utf8-base62', sliceCount: 2, ordering: leakyOrdering, features: leakyFeatures, rows: [4] });
    const text = serializeBundle({ ...b, text: 'Zoë' } as BundleV1);
    expect(text).not.toMatch(/DOE|hashes|Zoë|"text"/);
    expect(parseBundle(text)).toMatchObject({ ok: true });
  });

  it('refuses to create an invalid bundle', () => {
    expect(() => createBundleV1({ coding: 'alphabet62', sliceCount: 115, ordering, features: DEFAULT_FEATURE_PARAMS, rows: [457] })).toThrow(
      /Row number 457 \(item 1 of rows\) is outside 1\.\.456/,
    );
    expect(() => createBundleV1({ coding: 'alphabet62', sliceCount: 1, ordering, features: DEFAULT_FEATURE_PARAMS, rows: [1] })).toThrow(/sliceCount/);
    expect(() => createBundleV1({ coding: 'alphabet62', sliceCount: 3, ordering, features: DEFAULT_FEATURE_PARAMS, rows: [] })).toThrow(/rows/);
  });
});

describe('parseBundle errors', () => {
  it('not JSON', () => {
    const r = parseBundle('{"format": ');
    expect(r).toMatchObject({ ok: false, code: 'not-json' });
    if (!r.ok) expect(r.message).toMatch(/^This file is not an index bundle: it is not valid JSON/);
    expect(parseBundle('')).toMatchObject({ ok: false, code: 'not-json' });
  });

  it('not a bundle', () => {
    expect(parseBundle('[1, 2]')).toMatchObject({ ok: false, code: 'not-a-bundle', message: 'This file is not an index bundle: it is JSON, but not an object.' });
    expect(parseBundle('null')).toMatchObject({ ok: false, code: 'not-a-bundle' });
    expect(parseBundle('{"rows": [1]}')).toMatchObject({
      ok: false,
      code: 'not-a-bundle',
      message: "This file is not an index bundle: it has no format field, expected 'coverless-dicom-index'.",
    });
    expect(parseObj({ ...raw(), format: 'dicom-sr' })).toMatchObject({
      ok: false,
      code: 'not-a-bundle',
      message: 'This file is not an index bundle: it has format "dicom-sr", expected \'coverless-dicom-index\'.',
    });
  });

  it('unsupported version, named', () => {
    expect(parseObj({ ...raw(), version: 2 })).toEqual({
      ok: false,
      code: 'unsupported-version',
      field: 'version',
      version: 2,
      message: 'This bundle is version 2; this page reads version 1 only. It was probably made by a newer version of the app.',
    });
    expect(parseObj({ ...raw(), version: '1' })).toMatchObject({ ok: false, code: 'invalid-field', field: 'version' });
    const o = raw();
    delete o.version;
    expect(parseObj(o)).toMatchObject({ ok: false, code: 'missing-field', field: 'version', message: "The bundle has no field 'version'." });
  });

  it('missing fields, named', () => {
    for (const f of ['coding', 'sliceCount', 'rowCount', 'ordering', 'features', 'rows']) {
      const o = raw();
      delete o[f];
      expect(parseObj(o)).toEqual({ ok: false, code: 'missing-field', field: f, message: `The bundle has no field '${f}'.` });
    }
    const o = raw();
    delete o.features.workSize;
    expect(parseObj(o)).toMatchObject({ ok: false, code: 'missing-field', field: 'features.workSize' });
    const p = raw();
    delete p.ordering.modelFingerprint;
    expect(parseObj(p)).toMatchObject({ ok: false, code: 'missing-field', field: 'ordering.modelFingerprint' });
  });

  it('invalid fields, named', () => {
    const cases: [string, (o: Record<string, any>) => void, string][] = [
      ['coding', (o) => (o.coding = 'rot13'), "The bundle's field 'coding' must be one of 'alphabet62', 'utf8-base62', but it is \"rot13\"."],
      ['sliceCount', (o) => (o.sliceCount = 1.5), "The bundle's field 'sliceCount' must be an integer >= 2, but it is 1.5."],
      ['rowCount', (o) => (o.rowCount = null), "The bundle's field 'rowCount' must be an integer >= 0, but it is null."],
      ['ordering', (o) => (o.ordering = 'x'), "The bundle's field 'ordering' must be an object, but it is \"x\"."],
      ['ordering.inputSize', (o) => (o.ordering.inputSize = 0), "The bundle's field 'ordering.inputSize' must be an integer >= 1, but it is 0."],
      ['features.lbpCompare', (o) => (o.features.lbpCompare = 'eq'), "The bundle's field 'features.lbpCompare' must be one of 'ge', 'gt', but it is \"eq\"."],
      ['features.ialmTol', (o) => (o.features.ialmTol = -1), "The bundle's field 'features.ialmTol' must be a number > 0, but it is -1."],
      ['rows', (o) => (o.rows = {}), "The bundle's field 'rows' must be a list of row numbers, but it is {}."],
      ['rows', (o) => (o.rows = []), "The bundle's field 'rows' must be a non-empty list of row numbers, but it is []."],
      ['rows[1]', (o) => (o.rows[1] = '3'), "The bundle's field 'rows[1]' must be an integer, but it is \"3\"."],
    ];
    for (const [field, breakIt, message] of cases) {
      const o = raw();
      breakIt(o);
      expect(parseObj(o)).toEqual({ ok: false, code: 'invalid-field', field, message });
    }
  });

  it('unknown fields, named (nothing else may travel)', () => {
    expect(parseObj({ ...raw(), text: 'Zoë' })).toEqual({
      ok: false,
      code: 'unknown-field',
      field: 'text',
      message: "The bundle has a field 'text' that this page does not know; it was made by a different or newer program.",
    });
    const o = raw();
    o.features.newKnob = 3;
    expect(parseObj(o)).toMatchObject({ ok: false, code: 'unknown-field', field: 'features.newKnob' });
  });

  it('row out of range', () => {
    expect(parseObj({ ...raw(), rows: [2, 457] })).toEqual({
      ok: false,
      code: 'row-out-of-range',
      field: 'rows[1]',
      message: 'Row number 457 (item 2 of rows) is outside 1..456.',
    });
    expect(parseObj({ ...raw(), rows: [0] })).toMatchObject({ ok: false, code: 'row-out-of-range', field: 'rows[0]' });
  });

  it('rowCount != 4 (sliceCount - 1)', () => {
    expect(parseObj({ ...raw(), rowCount: 452 })).toEqual({
      ok: false,
      code: 'row-count-mismatch',
      field: 'rowCount',
      message: 'The bundle is inconsistent: 115 slices give 4 x (115 - 1) = 456 rows, but it says 452.',
    });
  });
});

describe('checkCompatibility', () => {
  const page = { sliceCount: 115, modelFingerprint: FP_A, features: DEFAULT_FEATURE_PARAMS, ordering };

  it('finds nothing when the page matches', () => {
    expect(checkCompatibility(makeBundle(), page)).toEqual([]);
    expect(checkCompatibility(makeBundle(), { ...page, modelFingerprint: FP_A.toUpperCase() })).toEqual([]);
  });

  it('names the model, the slice count and each parameter difference', () => {
    const issues = checkCompatibility(makeBundle(), {
      sliceCount: 113,
      modelFingerprint: FP_B,
      features: { ...DEFAULT_FEATURE_PARAMS, workSize: 256, lbpCompare: 'gt' },
      ordering: { ...ordering, method: 'nearest-neighbour-chain' as OrderingParams['method'] },
    });
    expect(issues).toEqual([
      { code: 'model', field: 'ordering.modelFingerprint', message: 'This bundle was made with model a1b2c3d4… but this page runs c3d4e5f6…' },
      { code: 'slice-count', field: 'sliceCount', message: 'The bundle expects 115 slices; this series has 113.' },
      {
        code: 'ordering-param',
        field: 'ordering.method',
        message: "Ordering parameter method differs: the bundle used 'ascending-distance-to-benchmark', this page uses 'nearest-neighbour-chain'.",
      },
      { code: 'feature-param', field: 'features.workSize', message: 'Feature parameter workSize differs: the bundle used 128, this page uses 256.' },
      { code: 'feature-param', field: 'features.lbpCompare', message: "Feature parameter lbpCompare differs: the bundle used 'ge', this page uses 'gt'." },
    ]);
  });

  it('lengthens fingerprint prefixes until they differ', () => {
    const other = 'a1b2c3d4e5' + 'f'.repeat(54);
    const [issue] = checkCompatibility(makeBundle(), { ...page, modelFingerprint: other });
    expect(issue.message).toBe('This bundle was made with model a1b2c3d40… but this page runs a1b2c3d4e…');
  });
});
