/**
 * Grouping of dropped files into studies and series, and spatial slice order for the viewer.
 *
 * A dropped folder may hold several studies and series (localisers, reformats, other
 * patients). The user picks one series; the list shows patient, study date, series
 * description, modality and slice count. Identity follows the DICOM information model
 * (PS3.3 Annex A): Study Instance UID, then Series Instance UID. Files of one series with
 * different image sizes (a localiser sharing the series UID, for instance) are split into
 * separate entries, because the pipeline needs one size per series.
 *
 * The spatial order is for display only: the hide/reveal pipeline orders slices by its own
 * DenseNet features (NOTES section 2, step 1), precisely because file names, instance numbers
 * and positions may change on the way to the receiver.
 */
import type { DicomHeader } from './types';

export interface IngestItem {
  header: DicomHeader;
  fileName: string;
}

export interface SeriesGroup<T extends IngestItem = IngestItem> {
  /** Unique within one grouping: series UID, plus "#RxC" when split by image size. */
  key: string;
  seriesInstanceUid: string;
  seriesNumber: number | null;
  seriesDescription: string;
  modality: string;
  rows: number;
  columns: number;
  sliceCount: number;
  /** Items sharing an SOP Instance UID with an earlier item (copies of the same slice). */
  duplicateCount: number;
  /** In spatial order (sortSlicesSpatially). */
  items: T[];
}

export interface StudyGroup<T extends IngestItem = IngestItem> {
  studyInstanceUid: string;
  patientName: string;
  patientId: string;
  studyDate: string;
  studyDescription: string;
  series: SeriesGroup<T>[];
}

/**
 * Natural, locale-independent file-name comparison ("2.dcm" < "10.dcm"), so that the order is
 * the same in every browser and in Node.
 */
export function compareFileNames(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d < 0 ? -1 : 1;
      if (x.length !== y.length) return x.length - y.length; // "01" after "1"
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Slice normal: row direction x column direction (PS3.3 C.7.6.2.1.1). Null when unusable. */
export function sliceNormal(orientation: readonly number[]): [number, number, number] | null {
  if (orientation.length < 6) return null;
  const [rx, ry, rz, cx, cy, cz] = orientation;
  const n: [number, number, number] = [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
  const len = Math.hypot(n[0], n[1], n[2]);
  if (!(len > 1e-6)) return null;
  return [n[0] / len, n[1] / len, n[2] / len];
}

/**
 * Items in spatial order: by Image Position (Patient) projected on the slice normal from Image
 * Orientation (Patient) when every item has both (ascending: for an axial series in the
 * patient-based LPS system, feet to head); otherwise by Instance Number when every item has
 * one; otherwise by file name. Ties fall back to the next criterion. Returns a new array.
 */
export function sortSlicesSpatially<T extends IngestItem>(items: readonly T[]): T[] {
  const first = items.find((it) => it.header.imageOrientation)?.header.imageOrientation ?? null;
  const normal = first ? sliceNormal(first) : null;
  const useGeometry =
    normal !== null && items.every((it) => it.header.imagePosition && it.header.imageOrientation);
  const useInstance = items.every((it) => it.header.instanceNumber !== null);
  const keyed = items.map((item) => {
    const p = item.header.imagePosition;
    const along = useGeometry && p && normal ? p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2] : 0;
    return { item, along };
  });
  keyed.sort((a, b) => {
    if (useGeometry && Math.abs(a.along - b.along) > 1e-4) return a.along - b.along;
    if (useInstance) {
      const d = (a.item.header.instanceNumber ?? 0) - (b.item.header.instanceNumber ?? 0);
      if (d !== 0) return d;
    }
    return compareFileNames(a.item.fileName, b.item.fileName);
  });
  return keyed.map((k) => k.item);
}

/**
 * Studies (by date, then patient name) -> series (by series number, then description), each
 * series sorted spatially.
 */
export function groupSeries<T extends IngestItem>(items: readonly T[]): StudyGroup<T>[] {
  const studies = new Map<string, { study: StudyGroup<T>; series: Map<string, T[]> }>();
  for (const item of items) {
    const h = item.header;
    const studyKey = h.studyInstanceUid || `(no study UID) ${h.patientId} ${h.studyDate}`;
    let entry = studies.get(studyKey);
    if (!entry) {
      entry = {
        study: {
          studyInstanceUid: h.studyInstanceUid,
          patientName: h.patientName,
          patientId: h.patientId,
          studyDate: h.studyDate,
          studyDescription: h.studyDescription,
          series: [],
        },
        series: new Map(),
      };
      studies.set(studyKey, entry);
    }
    const seriesKey = `${h.seriesInstanceUid || '(no series UID)'}#${h.rows}x${h.columns}`;
    const list = entry.series.get(seriesKey) ?? [];
    list.push(item);
    entry.series.set(seriesKey, list);
  }

  const out: StudyGroup<T>[] = [];
  for (const { study, series } of studies.values()) {
    const uidsWithManySizes = new Set<string>();
    const sizesByUid = new Map<string, number>();
    for (const key of series.keys()) {
      const uid = key.slice(0, key.lastIndexOf('#'));
      sizesByUid.set(uid, (sizesByUid.get(uid) ?? 0) + 1);
      if ((sizesByUid.get(uid) ?? 0) > 1) uidsWithManySizes.add(uid);
    }
    for (const [key, list] of series) {
      const h = list[0].header;
      const uid = key.slice(0, key.lastIndexOf('#'));
      const seen = new Set<string>();
      let duplicateCount = 0;
      for (const it of list) {
        const sop = it.header.sopInstanceUid;
        if (sop && seen.has(sop)) duplicateCount++;
        else if (sop) seen.add(sop);
      }
      study.series.push({
        key: uidsWithManySizes.has(uid) ? key : uid,
        seriesInstanceUid: h.seriesInstanceUid,
        seriesNumber: h.seriesNumber ?? null,
        seriesDescription: h.seriesDescription,
        modality: h.modality,
        rows: h.rows,
        columns: h.columns,
        sliceCount: list.length,
        duplicateCount,
        items: sortSlicesSpatially(list),
      });
    }
    study.series.sort(
      (a, b) =>
        (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity) ||
        compareFileNames(a.seriesDescription, b.seriesDescription) ||
        compareFileNames(a.key, b.key),
    );
    out.push(study);
  }
  out.sort(
    (a, b) =>
      compareFileNames(a.studyDate, b.studyDate) ||
      compareFileNames(a.patientName, b.patientName) ||
      compareFileNames(a.studyInstanceUid, b.studyInstanceUid),
  );
  return out;
}
