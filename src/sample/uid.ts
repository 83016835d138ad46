/**
 * Deterministic DICOM UIDs for generated data.
 *
 * UIDs under the "2.25" root are a UUID written as one decimal integer (PS3.5 B.2, ISO/IEC
 * 9834-8), which needs no registered organisation root. Here the 128 bits come from the
 * seeded Rng instead of a random UUID, so the same seed and label always give the same UID
 * (reproducible sample files and test fixtures) while different labels never collide in
 * practice. The result is at most 44 characters (limit 64) and has no leading zero.
 */
import { createRng } from '../util/random';

/** FNV-1a 32-bit hash of a string, to fold a label into the seed. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** "2.25.<decimal>" from (seed, label). */
export function uidFromSeed(seed: number, label: string): string {
  const rng = createRng((hashString(label) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0);
  let value = 0n;
  for (let i = 0; i < 4; i++) value = (value << 32n) | BigInt(Math.floor(rng.next() * 4294967296));
  if (value === 0n) value = 1n;
  return `2.25.${value.toString(10)}`;
}
