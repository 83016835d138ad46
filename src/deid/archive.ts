/**
 * A de-identified copy of a whole series as one ZIP archive (DICOM PS3.15 Annex E, Basic
 * Application Level Confidentiality Profile, applied to every instance by deidentify.ts).
 *
 * - One UidMap for the whole series, so that Study, Series and Frame of Reference UIDs stay
 *   the same in every file and references between instances stay valid (PS3.15 E.1.1 item 2
 *   note 3: replacement values must be consistent across the instances protected together).
 * - Neutral file names, IMG0001.dcm, IMG0002.dcm ... in the order the files were given: the
 *   original names (which may hold a patient name or an accession number) are not carried.
 * - Stored without compression by default (fflate zipSync, level 0): native pixel data gains
 *   little from DEFLATE and the archive is built faster; pass a level for e-mail-sized output.
 * - Every entry's modification time is the ZIP epoch (1980-01-01 00:00, local): the archive
 *   says nothing about when the study was made or exported, and the same input and seed give
 *   the same archive bytes.
 *
 * Pure TypeScript with no DOM or Node API: runs in a Web Worker and in Node.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { ProgressMeter, throwIfAborted, type StageProgress } from '../util/progress';
import { DeidentificationError, deidentifyInstanceDetailed, type DeidentifyOptions } from './deidentify';
import { createUidMap, type UidMap } from './uid';

export interface NamedFile {
  name: string;
  bytes: Uint8Array;
}

export interface DeidentifySeriesOptions extends DeidentifyOptions {
  /**
   * Key of the UID map. Default: a random key (new UIDs unlinkable to the old ones). A fixed
   * seed gives the same new UIDs on every run (see uid.ts).
   */
  seed?: string | Uint8Array;
  /** A UID map to use instead of one made from `seed` (to extend a map across calls). */
  uidMap?: UidMap;
  /** ZIP DEFLATE level, 0 (stored, default) to 9. */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** Called after each file. */
  onProgress?: (progress: StageProgress) => void;
  signal?: AbortSignal;
}

/** Stage name reported to onProgress. */
export const DEID_STAGE = 'De-identifying';

/** "IMG0001.dcm" ...; at least 4 digits, more when the series has 10000 files or more. */
export function neutralName(index: number, count: number): string {
  const width = Math.max(4, String(count).length);
  return `IMG${String(index + 1).padStart(width, '0')}.dcm`;
}

/** The DOS epoch: the earliest time a ZIP entry can carry. */
const ZIP_EPOCH = new Date(1980, 0, 1, 0, 0, 0);

/**
 * De-identify every file of a series with one UID map; returns the files with neutral names,
 * in input order, and the warnings of all instances (deduplicated). Throws
 * DeidentificationError naming the file that failed.
 */
export function deidentifySeriesFiles(
  files: readonly NamedFile[],
  options: DeidentifySeriesOptions = {},
): { files: NamedFile[]; warnings: string[] } {
  const uidMap = options.uidMap ?? createUidMap(options.seed);
  const meter = new ProgressMeter(DEID_STAGE, files.length);
  const out: NamedFile[] = [];
  const warnings = new Set<string>();
  files.forEach((file, i) => {
    throwIfAborted(options.signal);
    let result;
    try {
      result = deidentifyInstanceDetailed(file.bytes, uidMap, options);
    } catch (e) {
      if (e instanceof DeidentificationError) {
        throw new DeidentificationError(e.kind, `${file.name}: ${e.message}`, { cause: e });
      }
      throw e;
    }
    for (const w of result.warnings) warnings.add(w);
    out.push({ name: neutralName(i, files.length), bytes: result.bytes });
    options.onProgress?.(meter.at(i + 1));
  });
  return { files: out, warnings: [...warnings] };
}

/** Pack named files into a ZIP (fixed timestamps, see file doc). */
export function zipFiles(files: readonly NamedFile[], level: DeidentifySeriesOptions['level'] = 0): Uint8Array {
  const entries: Zippable = {};
  for (const f of files) {
    if (f.name in entries) throw new Error(`zipFiles: duplicate name ${f.name}`);
    entries[f.name] = [f.bytes, { level, mtime: ZIP_EPOCH }];
  }
  return zipSync(entries, { level, mtime: ZIP_EPOCH });
}

/** De-identify a series and pack it as a ZIP of IMG0001.dcm, IMG0002.dcm ... (see file doc). */
export function deidentifySeries(files: readonly NamedFile[], options: DeidentifySeriesOptions = {}): Uint8Array {
  return zipFiles(deidentifySeriesFiles(files, options).files, options.level ?? 0);
}

/** The files of a ZIP archive (folders skipped), sorted by name. */
export function listZip(zip: Uint8Array): NamedFile[] {
  const entries = unzipSync(zip);
  return Object.keys(entries)
    .filter((name) => !name.endsWith('/'))
    .sort()
    .map((name) => ({ name, bytes: entries[name] }));
}
