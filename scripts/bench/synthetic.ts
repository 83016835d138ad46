/**
 * Synthetic series for the browser part of the benchmark: the project's phantom written as DICOM
 * (scripts/make-synthetic.ts, or the same src/sample functions directly when that script is
 * absent), cached outside the repository so that each size is generated once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makePhantomSeries } from '../../src/sample/phantom';
import { phantomToDicomFiles } from '../../src/sample/phantomDicom';
import { REPO_ROOT } from '../lib/nodeRuntime';

export interface SyntheticSeries {
  dir: string;
  slices: number;
  size: number;
  /** How it was made (the command, for the report). */
  command: string;
  cached: boolean;
}

function isComplete(dir: string, slices: number, size: number): boolean {
  const manifest = path.join(dir, 'synthetic.json');
  if (!existsSync(manifest)) return false;
  try {
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as { slices?: number; size?: number };
    if (m.slices !== slices || m.size !== size) return false;
    return readdirSync(dir).filter((n) => n.endsWith('.dcm')).length === slices;
  } catch {
    return false;
  }
}

export function ensureSynthetic(slices: number, size: number, cacheDir: string, log: (line: string) => void): SyntheticSeries {
  const dir = path.join(cacheDir, `synthetic-${slices}x${size}`);
  const script = path.join(REPO_ROOT, 'scripts', 'make-synthetic.ts');
  const command = existsSync(script)
    ? `npm run make:synthetic -- --slices ${slices} --size ${size} --out ${dir}`
    : `phantom via src/sample (makePhantomSeries + phantomToDicomFiles), ${slices} x ${size}`;
  if (isComplete(dir, slices, size)) return { dir, slices, size, command, cached: true };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  log(`  generating ${slices} slices of ${size} x ${size} into ${dir} (once; cached afterwards)`);
  if (existsSync(script)) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', script, '--slices', String(slices), '--size', String(size), '--out', dir], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (run.status !== 0) throw new Error(`make-synthetic failed (exit ${run.status})`);
  } else {
    const series = makePhantomSeries({ slices, size, seed: 20200101, modality: 'CT' });
    const files = phantomToDicomFiles(series, {
      seed: 20200101,
      patient: { name: 'Phantom^Bench', id: `BENCH-${slices}`, birthDate: '19700101', sex: 'O', age: '050Y' },
      institutionName: 'Synthetic Phantom Institute',
      fileName: (i) => `IM${String(i + 1).padStart(5, '0')}.dcm`,
    });
    mkdirSync(dir, { recursive: true });
    for (const f of files) writeFileSync(path.join(dir, f.name), f.bytes);
    writeFileSync(path.join(dir, 'synthetic.json'), JSON.stringify({ slices, size, seed: 20200101, modality: 'CT', command }, null, 2));
  }
  if (!isComplete(dir, slices, size)) throw new Error(`synthetic series in ${dir} is incomplete`);
  return { dir, slices, size, command, cached: false };
}
