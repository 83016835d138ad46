/**
 * The real MR series (NOTES section 4: ../shared/data/vs-seg-mr, TCIA Vestibular-Schwannoma-SEG,
 * 120 axial T1 slices of 512 x 512, implicit VR little endian). Not part of the repository:
 * the test is skipped, with a warning, where the folder is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSlice } from '../../../src/ingest/decode';
import { groupSeries, sliceNormal } from '../../../src/ingest/group';
import { parseDicom } from '../../../src/ingest/parse';

const dataDir = path.resolve(__dirname, '../../../../shared/data/vs-seg-mr');
const present = existsSync(dataDir);
if (!present) {
  console.warn(
    `[ingest] real-series test skipped: ${dataDir} not found (the de-identified MR series is ` +
      'shared beside the repository, not committed to it).',
  );
}

describe('real MR series vs-seg-mr', () => {
  it.skipIf(!present)('parses 120 slices of 512 x 512 into one spatially ordered series', () => {
    const names = readdirSync(dataDir).filter((n) => n.endsWith('.dcm'));
    expect(names).toHaveLength(120);
    const items = names.map((fileName) => {
      const parsed = parseDicom(new Uint8Array(readFileSync(path.join(dataDir, fileName))));
      return { fileName, parsed, header: parsed.header };
    });
    const studies = groupSeries(items);
    expect(studies).toHaveLength(1);
    expect(studies[0].series).toHaveLength(1);
    const [series] = studies[0].series;
    expect(series).toMatchObject({ sliceCount: 120, rows: 512, columns: 512, modality: 'MR', duplicateCount: 0 });
    expect(series.items[0].header.transferSyntaxUid).toBe('1.2.840.10008.1.2');

    const normal = sliceNormal(series.items[0].header.imageOrientation!)!;
    const along = series.items.map((it) => {
      const p = it.header.imagePosition!;
      return p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2];
    });
    for (let i = 1; i < along.length; i++) expect(along[i]).toBeGreaterThan(along[i - 1]);

    const middle = decodeSlice(series.items[60].parsed);
    expect(middle.width).toBe(512);
    expect(middle.height).toBe(512);
    let max = -Infinity;
    let min = Infinity;
    for (const v of middle.pixels) {
      if (v > max) max = v;
      if (v < min) min = v;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeGreaterThan(100);
  });
});
