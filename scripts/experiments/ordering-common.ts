/** Shared bits of the ordering experiment scripts (docs/ordering.md). */

/** `--name value` from the command line, else `def`. */
export function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}

/** The attacks of the comparison table (registry ids), 'clean' first. */
export const DEFAULT_ATTACKS = [
  'clean', 'gauss-0.01', 'speckle-0.01', 'saltpepper-0.01', 'median-5', 'mean-3', 'gaussfilter-5', 'imadjust-1.3',
  'gamma-0.8', 'crop-10', 'crop-20', 'rotate-10', 'scale-0.3', 'jpeg-10',
];
