import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_PARAMS } from '../../../../src/features/params';
import type { OrderingParams } from '../../../../src/ordering/params';
import { createBundleV1, type RevealContext, serializeBundle } from '../../../../src/protocol/bundle';
import {
  type BundleV2,
  headerAad,
  type HideV2Options,
  hideV2,
  parseAnyBundle,
  parseBundleV2,
  revealV2,
  serializeBundleV2,
} from '../../../../src/protocol/v2/bundleV2';
import { fromBase64, toBase64 } from '../../../../src/protocol/v2/bytes';
import { PBKDF2_ITERATIONS } from '../../../../src/protocol/v2/keys';
import type { PatientRecord } from '../../../../src/protocol/v2/record';
import { makeSeries, rng } from './synthetic';

const FP = 'a1b2c3d4' + '0'.repeat(56);
const ordering: OrderingParams = { modelFingerprint: FP, inputSize: 224, benchmark: 'max-distance-sum', method: 'ascending-distance-to-benchmark' };
const N = 300;
const ctx = { sliceCount: N, ordering, features: DEFAULT_FEATURE_PARAMS };
const page: RevealContext = {
  sliceCount: N,
  modelFingerprint: FP,
  features: DEFAULT_FEATURE_PARAMS,
  ordering: { inputSize: 224, benchmark: 'max-distance-sum', method: 'ascending-distance-to-benchmark' },
};
const FAST = { iterations: 1000 };
const PASS = 'blue-harbour-71 lantern';

const record: PatientRecord = {
  name: 'Zoë Ångström 李小龙',
  patientId: 'PAT-0042-XY',
  birthDate: '1961-07-04',
  sex: 'F',
  institution: 'Hôpital Saint-Louis',
  note: '',
  text: 'CTA follow-up',
};

const series = makeSeries(N, 5);

async function hidden(opts: HideV2Options = FAST) {
  const res = await hideV2(record, PASS, series.hashValues, series.margins, ctx, opts);
  if (!res.ok) throw new Error(res.message);
  return res;
}

/** Edit the bundle JSON and serialise it again. */
function edit(text: string, f: (o: any) => void): string {
  const o = JSON.parse(text);
  f(o);
  return JSON.stringify(o, null, 2);
}

describe('bundle v2: hide and reveal', () => {
  it('round-trips the exact record, with the default 600,000 PBKDF2 iterations', async () => {
    const res = await hidden({});
    expect(res.bundle.kdf).toMatchObject({ name: 'PBKDF2-SHA-256', iterations: PBKDF2_ITERATIONS });
    expect(PBKDF2_ITERATIONS).toBe(600_000);
    const out = await revealV2(res.text, PASS, series.hashValues, page);
    expect(out).toMatchObject({ ok: true, record, stats: { erasedSymbols: 0, disagreeingRows: 0, correctedBytes: 0 } });
  });

  it('holds only the documented public fields, nothing identifying', async () => {
    const { text, bundle, stats } = await hidden();
    const o = JSON.parse(text);
    expect(Object.keys(o)).toEqual(['format', 'version', 'kdf', 'cipher', 'sliceCount', 'ordering', 'features', 'protection', 'ciphertext']);
    expect(o).toMatchObject({ format: 'coverless-dicom-index', version: 2, cipher: { name: 'AES-GCM' }, sliceCount: N, protection: { symbolBits: 4, copies: 3, parity: 32 } });
    expect(fromBase64(o.kdf.salt)!.length).toBe(16);
    expect(fromBase64(o.cipher.iv)!.length).toBe(12);
    expect((fromBase64(o.ciphertext)!.length - 16) % 256).toBe(0); // padded plan + GCM tag
    // The random base-64 fields can contain any short string by chance: search the rest.
    const clear = JSON.stringify({ ...o, kdf: { ...o.kdf, salt: '' }, cipher: { ...o.cipher, iv: '' }, ciphertext: '' });
    for (const s of ['Zoë', 'Ångström', '李', 'PAT', '1961', 'Hôpital', 'CTA', '"rows"']) expect(clear).not.toContain(s);
    for (const s of ['Zoë', 'Ångström', '李', 'Hôpital']) expect(text).not.toContain(s);
    expect(parseBundleV2(text)).toEqual({ ok: true, bundle });
    expect(serializeBundleV2(bundle)).toBe(text);
    expect(stats.rowsUsed).toBeGreaterThan(600);
    // Two bundles of the same record share nothing secret-dependent.
    const again = await hidden();
    expect(again.bundle.kdf.salt).not.toBe(bundle.kdf.salt);
    expect(again.bundle.ciphertext).not.toBe(bundle.ciphertext);
  });

  it('a wrong passphrase cannot verify', async () => {
    const { text } = await hidden();
    for (const pw of ['blue-harbour-71 lanterN', 'wrong', ' ' + PASS]) {
      const out = await revealV2(text, pw, series.hashValues, page);
      expect(out).toMatchObject({ ok: false, code: 'wrong-passphrase-or-tampered' });
      expect(out).not.toHaveProperty('record');
    }
    expect(await revealV2(text, '', series.hashValues, page)).toMatchObject({ ok: false, code: 'wrong-passphrase-or-tampered' });
  });

  it('the passphrase is read in NFC form', async () => {
    const res = await hideV2(record, 'café', series.hashValues, series.margins, ctx, FAST);
    if (!res.ok) throw new Error(res.message);
    expect(await revealV2(res.text, 'cafe\u0301', series.hashValues, page)).toMatchObject({ ok: true, record });
  });

  it('a tampered ciphertext, IV or public header cannot verify', async () => {
    const { text } = await hidden();
    const flipB64 = (b64: string, i: number) => {
      const b = fromBase64(b64)!;
      b[i] ^= 1;
      return toBase64(b);
    };
    const tampered = [
      edit(text, (o) => (o.ciphertext = flipB64(o.ciphertext, 3))),
      edit(text, (o) => (o.cipher.iv = flipB64(o.cipher.iv, 0))),
      edit(text, (o) => (o.kdf.salt = flipB64(o.kdf.salt, 15))),
      edit(text, (o) => (o.kdf.iterations = 1001)),
      edit(text, (o) => (o.features.workSize = 256)),
      edit(text, (o) => (o.features.ialmTol = 1e-6)),
      edit(text, (o) => (o.ordering.inputSize = 112)),
      edit(text, (o) => (o.ordering.modelFingerprint = 'c3d4e5f6' + '1'.repeat(56))),
      edit(text, (o) => (o.protection.copies = 2)),
      edit(text, (o) => (o.protection.parity = 16)),
    ];
    for (const t of tampered) {
      expect(await revealV2(t, PASS, series.hashValues, page)).toMatchObject({ ok: false, code: 'wrong-passphrase-or-tampered' });
    }
    // sliceCount changed: the page with a series of that many slices is told the same.
    const other = makeSeries(N - 1, 5);
    const t = edit(text, (o) => (o.sliceCount = N - 1));
    expect(await revealV2(t, PASS, other.hashValues, { ...page, sliceCount: N - 1 })).toMatchObject({ ok: false, code: 'wrong-passphrase-or-tampered' });
  });

  it('the hash values of another series cannot verify', async () => {
    const { text } = await hidden();
    for (const seed of [6, 7]) {
      const out = await revealV2(text, PASS, makeSeries(N, seed).hashValues, page);
      expect(out).toMatchObject({ ok: false, code: 'cannot-verify' });
      if (!out.ok) expect(out.message).toMatch(/cannot be verified/);
    }
  });

  it('missing slices: another slice count is incompatible; a shifted series cannot verify', async () => {
    const { text } = await hidden();
    // Two slices lost: 298 slices.
    const lost = [...series.hashValues.slice(0, 400), ...series.hashValues.slice(408)];
    const out = await revealV2(text, PASS, lost, { ...page, sliceCount: N - 2 });
    expect(out).toMatchObject({ ok: false, code: 'incompatible' });
    if (!out.ok && out.code === 'incompatible') {
      expect(out.issues.map((i) => i.code)).toEqual(['slice-count']);
      expect(out.message).toContain('The bundle expects 300 slices; this series has 298.');
    }
    // One slice lost in the middle and one duplicated at the end: same count, rows shifted.
    const shifted = [...series.hashValues.slice(0, 400), ...series.hashValues.slice(404), ...series.hashValues.slice(-4)];
    expect(await revealV2(text, PASS, shifted, page)).toMatchObject({ ok: false, code: 'cannot-verify' });
  });

  it('another model or other feature parameters on the page are incompatible (after the passphrase checks)', async () => {
    const { text } = await hidden();
    const out = await revealV2(text, PASS, series.hashValues, { ...page, modelFingerprint: 'ffff0000' + '2'.repeat(56), features: { ...DEFAULT_FEATURE_PARAMS, medianSize: 5 } });
    expect(out).toMatchObject({ ok: false, code: 'incompatible' });
    if (!out.ok && out.code === 'incompatible') expect(out.issues.map((i) => i.code)).toEqual(['model', 'feature-param']);
  });

  it('a few flipped hash values (attacked rows) still give the exact record', async () => {
    const { text } = await hidden();
    const r = rng(42);
    // 10 % of all rows get one bit flipped.
    const attacked = series.hashValues.map((h) => (r() < 0.1 ? h ^ (1 << Math.floor(r() * 9)) : h));
    const changed = attacked.filter((h, i) => h !== series.hashValues[i]).length;
    expect(changed).toBeGreaterThan(90);
    const out = await revealV2(text, PASS, attacked, page);
    expect(out).toMatchObject({ ok: true, record });
    if (out.ok) expect(out.stats.disagreeingRows).toBeGreaterThan(30);
  });

  it('records with empty fields and long text round-trip', async () => {
    const empty: PatientRecord = { name: '', patientId: '', birthDate: '', sex: '', institution: '', note: '', text: '' };
    const big = makeSeries(700, 8);
    const long: PatientRecord = { ...record, note: 'Ünïcödé ✓ '.repeat(12), text: '患者は安定しています。'.repeat(4) };
    for (const [rec, s, n] of [
      [empty, series, N],
      [long, big, 700],
    ] as const) {
      const res = await hideV2(rec, PASS, s.hashValues, s.margins, { ...ctx, sliceCount: n }, FAST);
      if (!res.ok) throw new Error(res.message);
      expect(await revealV2(res.text, PASS, s.hashValues, { ...page, sliceCount: n })).toMatchObject({ ok: true, record: rec });
    }
  });

  it('hide refuses what cannot be hidden, with a reason', async () => {
    expect(await hideV2(record, '', series.hashValues, series.margins, ctx, FAST)).toMatchObject({ ok: false, code: 'no-passphrase' });
    expect(await hideV2({ ...record, name: 'x\uDC00' }, PASS, series.hashValues, series.margins, ctx, FAST)).toMatchObject({
      ok: false,
      code: 'invalid-record',
      field: 'name',
    });
    const tiny = makeSeries(20, 9);
    const res = await hideV2(record, PASS, tiny.hashValues, tiny.margins, { ...ctx, sliceCount: 20 }, FAST);
    expect(res).toMatchObject({ ok: false, code: 'capacity', rowsAvailable: 76 });
    await expect(hideV2(record, PASS, series.hashValues.slice(1), series.margins, ctx, FAST)).rejects.toThrow(RangeError);
  });

  it('invalid files are named as such', async () => {
    const { text } = await hidden();
    expect(await revealV2('not json', PASS, series.hashValues, page)).toMatchObject({ ok: false, code: 'invalid-bundle', error: { code: 'not-json' } });
    const cases: [string, string, string][] = [
      [edit(text, (o) => delete o.kdf), 'missing-field', 'kdf'],
      [edit(text, (o) => (o.extra = 1)), 'unknown-field', 'extra'],
      [edit(text, (o) => (o.kdf.salt = 'AAAA')), 'invalid-field', 'kdf.salt'],
      [edit(text, (o) => (o.kdf.salt = o.kdf.salt.replace('=', ''))), 'invalid-field', 'kdf.salt'],
      [edit(text, (o) => (o.kdf.iterations = 1e9)), 'invalid-field', 'kdf.iterations'],
      [edit(text, (o) => (o.kdf.name = 'scrypt')), 'invalid-field', 'kdf.name'],
      [edit(text, (o) => (o.cipher.iv = 'AAAA')), 'invalid-field', 'cipher.iv'],
      [edit(text, (o) => (o.protection.symbolBits = 3)), 'invalid-field', 'protection.symbolBits'],
      [edit(text, (o) => (o.protection.rows = [1])), 'unknown-field', 'protection.rows'],
      [edit(text, (o) => (o.features.workSize = -1)), 'invalid-field', 'features.workSize'],
      [edit(text, (o) => delete o.ordering.method), 'missing-field', 'ordering.method'],
      [edit(text, (o) => (o.sliceCount = 1)), 'invalid-field', 'sliceCount'],
      [edit(text, (o) => (o.ciphertext = 'not base64!')), 'invalid-field', 'ciphertext'],
    ];
    for (const [t, code, field] of cases) {
      expect(parseBundleV2(t)).toMatchObject({ ok: false, code, field });
      expect(await revealV2(t, PASS, series.hashValues, page)).toMatchObject({ ok: false, code: 'invalid-bundle', error: { code, field } });
    }
  });
});

describe('bundle v2: versions and AAD', () => {
  const v1 = createBundleV1({ coding: 'alphabet62', sliceCount: 115, ordering, features: DEFAULT_FEATURE_PARAMS, rows: [2, 1, 356] });

  it('parseAnyBundle reads versions 1 and 2; parseBundleV2 sends version 1 to the v1 reveal', async () => {
    const { text, bundle } = await hidden();
    expect(parseAnyBundle(text)).toEqual({ ok: true, bundle });
    expect(parseAnyBundle(serializeBundle(v1))).toEqual({ ok: true, bundle: v1 });
    expect(parseBundleV2(serializeBundle(v1))).toMatchObject({ ok: false, code: 'unsupported-version', version: 1 });
    const v3 = edit(text, (o) => (o.version = 3));
    expect(parseAnyBundle(v3)).toMatchObject({
      ok: false,
      code: 'unsupported-version',
      version: 3,
      message: 'This bundle is version 3; this page reads versions 1 and 2 only. It was probably made by a newer version of the app.',
    });
    expect(parseAnyBundle('[]')).toMatchObject({ ok: false, code: 'not-a-bundle' });
    expect(parseAnyBundle('\uFEFF' + text)).toEqual({ ok: true, bundle });
  });

  it('the AAD is canonical: key order in the input does not matter, every header field does', async () => {
    const { bundle } = await hidden();
    const reordered: BundleV2 = JSON.parse(JSON.stringify({ ...bundle, features: Object.fromEntries(Object.entries(bundle.features).reverse()) }));
    expect(headerAad(reordered)).toEqual(headerAad(bundle));
    const aad = new TextDecoder().decode(headerAad(bundle));
    expect(aad.startsWith('coverless-dicom-index v2 header\n{"format":"coverless-dicom-index","version":2,"kdf":')).toBe(true);
    expect(aad).not.toContain(bundle.cipher.iv);
    expect(aad).not.toContain(bundle.ciphertext);
    expect(headerAad({ ...bundle, sliceCount: 301 })).not.toEqual(headerAad(bundle));
  });
});
