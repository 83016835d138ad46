/**
 * The committed demo series in public/sample/ is exactly what src/sample/sample.ts generates,
 * stays under the size budget, and reads as one series of a fictitious patient.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSlice } from '../../../src/ingest/decode';
import { groupSeries } from '../../../src/ingest/group';
import { parseDicom } from '../../../src/ingest/parse';
import { makeSampleFiles, SAMPLE_SIZE, SAMPLE_SLICES, type SampleManifest } from '../../../src/sample/sample';

const dir = path.resolve(__dirname, '../../../public/sample');
const manifestPath = path.join(dir, 'manifest.json');

describe('public/sample', () => {
  it('has a manifest listing existing files, under 8 MB in total', () => {
    expect(existsSync(manifestPath), 'run: npx tsx scripts/make-sample.ts').toBe(true);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as SampleManifest;
    expect(manifest.files).toHaveLength(SAMPLE_SLICES);
    const total = manifest.files.reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
    expect(total).toBeLessThan(8 * 1024 * 1024);
  });

  it('matches the generator byte for byte (regenerate with npx tsx scripts/make-sample.ts)', () => {
    const { files, manifest } = makeSampleFiles();
    expect(JSON.parse(readFileSync(manifestPath, 'utf8'))).toEqual(manifest);
    for (const f of files) {
      const onDisk = new Uint8Array(readFileSync(path.join(dir, f.name)));
      expect(onDisk.length, f.name).toBe(f.bytes.length);
      expect(Buffer.compare(Buffer.from(onDisk), Buffer.from(f.bytes)), f.name).toBe(0);
    }
  });

  it('reads as one CT series of Doe^Jane with SAMPLE_SLICES slices of SAMPLE_SIZE x SAMPLE_SIZE', () => {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as SampleManifest;
    const items = manifest.files.map((fileName) => ({
      fileName,
      header: parseDicom(new Uint8Array(readFileSync(path.join(dir, fileName)))).header,
    }));
    const studies = groupSeries(items);
    expect(studies).toHaveLength(1);
    expect(studies[0].patientName).toBe('Doe^Jane');
    expect(studies[0].series).toHaveLength(1);
    const [series] = studies[0].series;
    expect(series).toMatchObject({ modality: 'CT', sliceCount: SAMPLE_SLICES, rows: SAMPLE_SIZE, columns: SAMPLE_SIZE });
    const img = decodeSlice(parseDicom(new Uint8Array(readFileSync(path.join(dir, manifest.files[24])))));
    expect(img.width).toBe(SAMPLE_SIZE);
    expect(Math.min(...img.pixels)).toBeLessThan(-900); // air in HU
    expect(Math.max(...img.pixels)).toBe(3071); // burned-in marks
  });
});
