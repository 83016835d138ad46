/**
 * Writes the demo series to public/sample/ (run: npx tsx scripts/make-sample.ts).
 * Deterministic: running it again produces byte-identical files (tests/unit/ingest/sample.test.ts
 * checks the committed files against the generator).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeSampleFiles } from '../src/sample/sample';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'public', 'sample');
mkdirSync(outDir, { recursive: true });
for (const name of readdirSync(outDir)) {
  if (name.endsWith('.dcm') || name === 'manifest.json') rmSync(path.join(outDir, name));
}

const { files, manifest } = makeSampleFiles();
let total = 0;
for (const f of files) {
  writeFileSync(path.join(outDir, f.name), f.bytes);
  total += f.bytes.length;
}
writeFileSync(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote ${files.length} files, ${(total / 1048576).toFixed(2)} MiB, to ${path.relative(root, outDir)}/`);
