/**
 * The bundled demo series (public/sample/): a fictitious patient and a CT head phantom, small
 * enough to download quickly and to hide/reveal within a minute in a browser (128 slices of
 * 160 x 160, about 6.6 MB), large enough to exercise every pipeline stage and to carry a
 * protocol v2 record of the usual details (508 hash rows).
 *
 * The generator lives here, not in the script, so that a test can regenerate the files and
 * check that what is committed under public/sample/ is exactly what this code produces.
 */
import { makePhantomSeries } from './phantom';
import { phantomToDicomFiles, type GeneratedFile } from './phantomDicom';

export const SAMPLE_SEED = 20200101;
export const SAMPLE_SLICES = 128;
export const SAMPLE_SIZE = 160;
/** mm: 128 slices of 1.5 mm cover the phantom head. */
export const SAMPLE_THICKNESS = 1.5;

/** Clearly fictitious identity: nothing here belongs to a real person or institution. */
export const SAMPLE_PATIENT = {
  name: 'Doe^Jane',
  id: 'PHANTOM-0001',
  birthDate: '19700101',
  sex: 'F',
  age: '050Y',
} as const;
export const SAMPLE_INSTITUTION = 'Example General Hospital';

export interface SampleManifest {
  description: string;
  patientName: string;
  modality: string;
  slices: number;
  rows: number;
  columns: number;
  seed: number;
  /** File names relative to the manifest, in instance-number order. */
  files: string[];
}

export function makeSampleFiles(): { files: GeneratedFile[]; manifest: SampleManifest } {
  const series = makePhantomSeries({
    slices: SAMPLE_SLICES,
    size: SAMPLE_SIZE,
    seed: SAMPLE_SEED,
    modality: 'CT',
    sliceThickness: SAMPLE_THICKNESS,
  });
  const files = phantomToDicomFiles(series, {
    seed: SAMPLE_SEED,
    patient: { ...SAMPLE_PATIENT },
    institutionName: SAMPLE_INSTITUTION,
    studyDate: '20200101',
    studyDescription: 'SYNTHETIC PHANTOM - NOT A REAL PATIENT',
    seriesDescription: 'Head phantom axial 1.5 mm',
    seriesNumber: 1, // matches the burned-in "SE 1"
  });
  const manifest: SampleManifest = {
    description:
      'Synthetic CT head phantom for demonstration. The patient, identifiers and institution are fictitious.',
    patientName: SAMPLE_PATIENT.name,
    modality: series.modality,
    slices: SAMPLE_SLICES,
    rows: SAMPLE_SIZE,
    columns: SAMPLE_SIZE,
    seed: SAMPLE_SEED,
    files: files.map((f) => f.name),
  };
  return { files, manifest };
}
