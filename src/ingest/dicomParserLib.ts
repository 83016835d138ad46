/**
 * The dicom-parser library object, whichever way the bundler hands it over.
 *
 * dicom-parser ships a UMD bundle only. Node's ESM loader (vitest, tsx) exposes it as the
 * namespace's `default`; Vite's esbuild pre-bundling exposes the named exports (and usually a
 * default too). Resolving it once here keeps every other module on plain typed calls.
 */
import * as dicomParserNamespace from 'dicom-parser';

type DicomParserModule = typeof dicomParserNamespace;

function resolve(): DicomParserModule {
  const ns = dicomParserNamespace as unknown as Record<string, unknown>;
  if (typeof ns.parseDicom === 'function') return dicomParserNamespace;
  const fallback = ns.default as DicomParserModule | undefined;
  if (fallback && typeof fallback.parseDicom === 'function') return fallback;
  throw new Error('dicom-parser could not be loaded (no parseDicom export)');
}

export const dicomParser: DicomParserModule = resolve();

export type { DataSet, Element } from 'dicom-parser';
