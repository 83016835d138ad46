/**
 * Deterministic numerical head phantom, for tests, benchmarks and the bundled sample series.
 *
 * Why a phantom and not the real MR series: the repository must test itself without data from
 * outside (NOTES section 4), and the phantom can be made at any slice count and size.
 * What it must resemble for the pipeline to be exercised honestly:
 * - an axial series whose neighbouring slices are similar but not identical (the DenseNet
 *   ordering and the slice-difference hashes both depend on that): the head outline, skull,
 *   ventricles, eyes and an enhancing lesion grow, shrink and drift smoothly with the slice
 *   index, and a smooth 3-D texture field gives the brain grey/white-like structure;
 * - independent per-slice acquisition noise (Gaussian for CT, Rician-like magnitude noise for
 *   MR) from the seeded Rng, so no two slices are equal;
 * - burned-in annotation outside the body, as scanners print it: "IM <n>" and "SE 1" in the
 *   top-left corner (the instance number changes every slice) and R / L orientation marks at
 *   the side edges. Each glyph is a small flat bright connected component well under the ROI
 *   step's default area threshold (0.5 % of the slice), so ROI extraction (NOTES step 2)
 *   should remove them.
 *
 * Values are modality values converted to stored integers like a scanner would store them:
 * CT as signed 16-bit with RescaleIntercept -1024 (stored = HU + 1024), MR as unsigned 12-bit.
 * Everything is a pure function of the options: the same seed gives the same bytes everywhere.
 */
import { createRng, type Rng } from '../util/random';
import type { SliceImage } from '../ingest/types';

export type PhantomModality = 'CT' | 'MR';

export interface PhantomOptions {
  slices: number;
  /** Rows = columns. */
  size: number;
  seed: number;
  /** Default 'CT'. */
  modality?: PhantomModality;
  /** Burned-in text and orientation marks outside the body (default true). */
  annotations?: boolean;
  /** Standard deviation of the acquisition noise in modality units (default CT 5 HU, MR 15). */
  noiseSigma?: number;
  /** Slice spacing = thickness in mm (default 3). */
  sliceThickness?: number;
  /** Square field of view in mm (default 240). */
  fieldOfView?: number;
}

export interface PhantomSlice {
  /** 0-based, inferior to superior. */
  index: number;
  width: number;
  height: number;
  /** Stored values, row-major (Int16Array for CT, Uint16Array for MR). */
  stored: Int16Array | Uint16Array;
  /** Image Position (Patient) of the first voxel centre, mm (LPS). */
  imagePosition: [number, number, number];
}

export interface PhantomSeries {
  modality: PhantomModality;
  rows: number;
  columns: number;
  bitsAllocated: 16;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: 0 | 1;
  photometricInterpretation: 'MONOCHROME2';
  rescaleSlope: number;
  rescaleIntercept: number;
  windowCenter: number;
  windowWidth: number;
  /** Row spacing, column spacing (mm). */
  pixelSpacing: [number, number];
  sliceThickness: number;
  imageOrientation: [number, number, number, number, number, number];
  slices: PhantomSlice[];
}

interface TissueTable {
  air: number;
  fat: number;
  bone: number;
  brain: number;
  textureAmplitude: number;
  csf: number;
  lesion: number;
  eye: number;
  annotation: number;
  noise: number;
}

const TISSUE: Record<PhantomModality, TissueTable> = {
  // Hounsfield units.
  CT: { air: -1000, fat: -90, bone: 1000, brain: 35, textureAmplitude: 12, csf: 8, lesion: 70, eye: 10, annotation: 3071, noise: 5 },
  // T1-weighted-like signal, arbitrary units in [0, 4095].
  MR: { air: 0, fat: 1300, bone: 120, brain: 800, textureAmplitude: 120, csf: 220, lesion: 1500, eye: 250, annotation: 4095, noise: 15 },
};

/** 3x5 glyphs, rows top to bottom, '#' = ink. */
const FONT: Record<string, string> = {
  '0': '###|#.#|#.#|#.#|###',
  '1': '.#.|##.|.#.|.#.|###',
  '2': '###|..#|###|#..|###',
  '3': '###|..#|###|..#|###',
  '4': '#.#|#.#|###|..#|..#',
  '5': '###|#..|###|..#|###',
  '6': '###|#..|###|#.#|###',
  '7': '###|..#|..#|..#|..#',
  '8': '###|#.#|###|#.#|###',
  '9': '###|#.#|###|..#|###',
  I: '###|.#.|.#.|.#.|###',
  M: '#.#|###|###|#.#|#.#',
  S: '###|#..|###|..#|###',
  E: '###|#..|###|#..|###',
  R: '##.|#.#|##.|#.#|#.#',
  L: '#..|#..|#..|#..|###',
};

/** Mix a seed and a slice index into an independent Rng stream seed. */
function streamSeed(seed: number, index: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}

interface Wave {
  fu: number;
  fv: number;
  ft: number;
  phase: number;
  amp: number;
}

/** Smooth 3-D texture: random plane waves in (u, v, t), so it changes smoothly along the series. */
function makeTexture(rng: Rng): Wave[] {
  const waves: Wave[] = [];
  let total = 0;
  for (let k = 0; k < 12; k++) {
    const fine = k >= 6; // six broad waves (2-9 cycles across the image), six finer (10-24)
    const angle = rng.next() * 2 * Math.PI;
    const freq = fine ? 10 + rng.next() * 14 : 2 + rng.next() * 7;
    const amp = (0.5 + rng.next()) * (fine ? 0.5 : 1);
    total += amp;
    waves.push({
      fu: 2 * Math.PI * freq * Math.cos(angle),
      fv: 2 * Math.PI * freq * Math.sin(angle),
      ft: 2 * Math.PI * (0.5 + rng.next() * 2.5),
      phase: rng.next() * 2 * Math.PI,
      amp,
    });
  }
  for (const w of waves) w.amp /= total; // field in [-1, 1]
  return waves;
}

function drawText(
  ink: Uint8Array,
  size: number,
  text: string,
  x0: number,
  y0: number,
  scale: number,
): void {
  let x = x0;
  for (const ch of text) {
    const glyph = FONT[ch];
    if (glyph) {
      const rows = glyph.split('|');
      for (let gy = 0; gy < 5; gy++) {
        for (let gx = 0; gx < 3; gx++) {
          if (rows[gy][gx] !== '#') continue;
          for (let dy = 0; dy < scale; dy++) {
            for (let dx = 0; dx < scale; dx++) {
              const px = x + gx * scale + dx;
              const py = y0 + gy * scale + dy;
              if (px >= 0 && py >= 0 && px < size && py < size) ink[py * size + px] = 1;
            }
          }
        }
      }
    }
    x += 4 * scale; // 3 columns of ink + 1 of gap: glyphs never touch, even 8-connected
  }
}

/** Annotation mask of one slice (1 = burned-in ink). */
function annotationMask(size: number, index: number): Uint8Array {
  const ink = new Uint8Array(size * size);
  const s = Math.max(1, Math.floor(size / 128));
  const m = 2 * s;
  drawText(ink, size, `IM ${index + 1}`, m, m, s);
  drawText(ink, size, 'SE 1', m, m + 6 * s, s);
  const mid = Math.floor(size / 2 - 2.5 * s);
  drawText(ink, size, 'R', m, mid, s);
  drawText(ink, size, 'L', size - m - 3 * s, mid, s);
  return ink;
}

function inEllipse(u: number, v: number, cu: number, cv: number, au: number, av: number): boolean {
  if (au <= 0 || av <= 0) return false;
  const x = (u - cu) / au;
  const y = (v - cv) / av;
  return x * x + y * y <= 1;
}

/** Deterministic phantom series (see the module comment). */
export function makePhantomSeries(options: PhantomOptions): PhantomSeries {
  const { slices, size, seed } = options;
  if (!Number.isInteger(slices) || slices < 1) throw new RangeError('slices must be a positive integer');
  if (!Number.isInteger(size) || size < 8) throw new RangeError('size must be an integer >= 8');
  const modality = options.modality ?? 'CT';
  const tissue = TISSUE[modality];
  const sigma = options.noiseSigma ?? tissue.noise;
  const thickness = options.sliceThickness ?? 3;
  const fov = options.fieldOfView ?? 240;
  const spacing = fov / size;
  const ct = modality === 'CT';
  const rescaleIntercept = ct ? -1024 : 0;
  const bitsStored = ct ? 16 : 12;
  const storedMin = ct ? -32768 : 0;
  const storedMax = ct ? 32767 : 4095;

  const structureRng = createRng(seed >>> 0);
  const texture = makeTexture(structureRng);
  // Small per-seed variations of the anatomy so different seeds give different series.
  const lesionU = 0.1 + structureRng.next() * 0.08;
  const lesionV = 0.04 + structureRng.next() * 0.08;
  const lesionT = 0.5 + structureRng.next() * 0.2;
  const headScale = 0.95 + structureRng.next() * 0.05;

  const out: PhantomSlice[] = [];
  const c = (size - 1) / 2;
  for (let i = 0; i < slices; i++) {
    const t = slices > 1 ? i / (slices - 1) : 0.5;
    const rng = createRng(streamSeed(seed, i));
    const prof = headScale * Math.sqrt(Math.max(0, 1 - ((t - 0.4) / 0.8) ** 2));
    const cv = 0.02 * Math.sin(Math.PI * t); // the head drifts slightly
    const au = 0.36 * prof;
    const av = 0.42 * prof;
    const vent = Math.exp(-(((t - 0.55) / 0.18) ** 2));
    const lesionR2 = 0.07 ** 2 - ((t - lesionT) * 0.5) ** 2;
    const lesionR = lesionR2 > 0 ? Math.sqrt(lesionR2) : 0;
    const lesionCu = lesionU + 0.03 * (t - lesionT);
    const eyeR = t < 0.3 ? 0.05 * Math.sqrt(Math.max(0, 1 - ((t - 0.12) / 0.18) ** 2)) : 0;
    const ink = options.annotations === false ? null : annotationMask(size, i);

    const stored = ct ? new Int16Array(size * size) : new Uint16Array(size * size);
    for (let r = 0; r < size; r++) {
      const v = (r - c) / size;
      for (let col = 0; col < size; col++) {
        const p = r * size + col;
        let value: number;
        if (ink && ink[p]) {
          value = tissue.annotation; // flat, noiseless, like burned-in text
        } else {
          const u = (col - c) / size;
          if (!inEllipse(u, v, 0, cv, au, av)) value = tissue.air;
          else if (!inEllipse(u, v, 0, cv, au * 0.95, av * 0.95)) value = tissue.fat;
          else if (eyeR > 0 && (inEllipse(u, v, -0.12, cv - 0.3 * prof, eyeR, eyeR) || inEllipse(u, v, 0.12, cv - 0.3 * prof, eyeR, eyeR)))
            value = tissue.eye;
          else if (!inEllipse(u, v, 0, cv, au * 0.89, av * 0.89)) value = tissue.bone;
          else if (lesionR > 0 && inEllipse(u, v, lesionCu, cv + lesionV, lesionR, lesionR)) value = tissue.lesion;
          else if (
            vent > 0.05 &&
            (inEllipse(u, v, -0.055, cv - 0.02, 0.035 * vent, 0.11 * vent) ||
              inEllipse(u, v, 0.055, cv - 0.02, 0.035 * vent, 0.11 * vent))
          )
            value = tissue.csf;
          else {
            let f = 0;
            for (const w of texture) f += w.amp * Math.sin(w.fu * u + w.fv * v + w.ft * t + w.phase);
            value = tissue.brain + tissue.textureAmplitude * f;
          }
          if (ct) value += sigma * rng.normal();
          else {
            const a = value + sigma * rng.normal();
            const b = sigma * rng.normal();
            value = Math.sqrt(a * a + b * b); // magnitude image: Rician noise
          }
        }
        const s = Math.round(value - rescaleIntercept);
        stored[p] = s < storedMin ? storedMin : s > storedMax ? storedMax : s;
      }
    }
    out.push({
      index: i,
      width: size,
      height: size,
      stored,
      imagePosition: [-c * spacing, -c * spacing, (i - (slices - 1) / 2) * thickness],
    });
  }

  return {
    modality,
    rows: size,
    columns: size,
    bitsAllocated: 16,
    bitsStored,
    highBit: bitsStored - 1,
    pixelRepresentation: ct ? 1 : 0,
    photometricInterpretation: 'MONOCHROME2',
    rescaleSlope: 1,
    rescaleIntercept,
    windowCenter: ct ? 40 : 800,
    windowWidth: ct ? 160 : 1600,
    pixelSpacing: [spacing, spacing],
    sliceThickness: thickness,
    imageOrientation: [1, 0, 0, 0, 1, 0],
    slices: out,
  };
}

/** One phantom slice as the SliceImage decodeSlice would produce (modality values). */
export function phantomSliceImage(series: PhantomSeries, index: number): SliceImage {
  const s = series.slices[index];
  const pixels = new Float32Array(s.stored.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = s.stored[i] * series.rescaleSlope + series.rescaleIntercept;
  return { width: s.width, height: s.height, pixels };
}
