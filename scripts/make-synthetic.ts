/**
 * A synthetic DICOM series of any size from the project's phantom generator (src/sample/),
 * for benchmarks and the evaluation runner (docs/results.md):
 *
 *   npm run make:synthetic -- --slices 600 --size 512 --out /tmp/synthetic-600 [--seed N] [--modality CT|MR]
 *
 * Writes one Part 10 file per slice (dcmjs writer, Explicit VR Little Endian) and a
 * synthetic.json manifest holding the command that made it (the runner quotes it). The
 * output is deterministic: the same options give byte-identical files. Write it outside the
 * repository (e.g. /tmp): it is hundreds of megabytes and must never be committed.
 * Exit status: 0 done, 2 bad arguments, 1 failure.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makePhantomSeries, type PhantomModality } from '../src/sample/phantom';
import { phantomToDicomFiles } from '../src/sample/phantomDicom';

const USAGE = `Usage: npm run make:synthetic -- --slices N --size S --out DIR [--seed N] [--modality CT|MR]

  --slices N       number of slices (>= 2)
  --size S         rows = columns (>= 16)
  --out DIR        output folder (created; must be empty or absent; outside the repository)
  --seed N         phantom seed (default 20200101)
  --modality M     CT (default) or MR
`;

function fail(message: string, code = 2): never {
  process.stderr.write(`make:synthetic: ${message}\n${code === 2 ? `\n${USAGE}` : ''}`);
  process.exit(code);
}

function int(flag: string, v: string | undefined, min: number): number {
  if (v === undefined || !/^\d+$/.test(v) || Number(v) < min) fail(`${flag} needs an integer >= ${min}, got ${v === undefined ? 'nothing' : `'${v}'`}.`);
  return Number(v);
}

const argv = process.argv.slice(2);
let slices: number | null = null;
let size: number | null = null;
let out: string | null = null;
let seed = 20200101;
let modality: PhantomModality = 'CT';
for (let i = 0; i < argv.length; i++) {
  const flag = argv[i];
  switch (flag) {
    case '--slices':
      slices = int(flag, argv[++i], 2);
      break;
    case '--size':
      size = int(flag, argv[++i], 16);
      break;
    case '--out':
      out = argv[++i] ?? fail('--out needs a folder.');
      break;
    case '--seed':
      seed = int(flag, argv[++i], 0);
      break;
    case '--modality': {
      const m = argv[++i];
      if (m !== 'CT' && m !== 'MR') fail(`--modality must be CT or MR, got '${m ?? ''}'.`);
      modality = m;
      break;
    }
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      process.exit(0);
    // falls through (never reached)
    default:
      fail(`Unknown argument '${flag}'.`);
  }
}
if (slices === null || size === null || out === null) fail('--slices, --size and --out are required.');

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(out);
if (outDir === repoRoot || outDir.startsWith(repoRoot + path.sep)) {
  fail(`--out ${out} is inside the repository; write the series elsewhere (e.g. /tmp/synthetic-${slices}) so it is never committed.`);
}
if (existsSync(outDir) && readdirSync(outDir).length > 0) fail(`--out ${out} exists and is not empty.`);

const command = `npm run make:synthetic -- --slices ${slices} --size ${size} --out ${out}${seed !== 20200101 ? ` --seed ${seed}` : ''}${modality !== 'CT' ? ` --modality ${modality}` : ''}`;
const t0 = performance.now();
process.stderr.write(`Making a ${modality} phantom of ${slices} slices of ${size} x ${size} (seed ${seed})...\n`);
const series = makePhantomSeries({ slices, size, seed, modality });
const files = phantomToDicomFiles(series, {
  seed,
  patient: { name: 'Phantom^Synthetic', id: `SYNTH-${slices}-${size}`, birthDate: '19700101', sex: 'O', age: '050Y' },
  institutionName: 'Synthetic Phantom Institute',
  studyDescription: 'SYNTHETIC PHANTOM - NOT A REAL PATIENT',
  seriesDescription: `${modality} head phantom ${slices} x ${size}`,
  seriesNumber: 1,
  fileName: (i) => `IM${String(i + 1).padStart(5, '0')}.dcm`,
});
mkdirSync(outDir, { recursive: true });
let bytes = 0;
files.forEach((f, i) => {
  writeFileSync(path.join(outDir, f.name), f.bytes);
  bytes += f.bytes.length;
  if ((i + 1) % 100 === 0 || i + 1 === files.length) process.stderr.write(`  wrote ${i + 1}/${files.length}\n`);
});
writeFileSync(
  path.join(outDir, 'synthetic.json'),
  `${JSON.stringify({ description: 'Synthetic phantom series (src/sample/phantom.ts); fictitious patient.', command, slices, size, seed, modality }, null, 2)}\n`,
);
process.stderr.write(`Wrote ${files.length} files, ${(bytes / 2 ** 20).toFixed(0)} MiB, to ${outDir} in ${((performance.now() - t0) / 1000).toFixed(0)} s.\n`);
