/**
 * The explanatory text of docs/performance.md around the figures. Figures quoted here are taken
 * from the report being written, never typed in.
 */
import { derive, type BenchReport } from './report';
import { fmtMs, fmtRatio } from './stats';

export function prose(r: BenchReport): { intro: string[]; changes: string[]; shortfalls: string[] } {
  const f = r.features;
  const d = f ? derive(f) : null;
  const intro = [
    'Written by `npm run bench -- --write-docs` (scripts/bench.ts) from the figures of that run; rerun it to refresh this page.',
    'The benchmark never fails on a timing: it reports. Goal figures are from issue 5 ("a 600-slice 512 x 512 series hidden in two minutes on two CPU cores").',
  ];
  const changes: string[] = [];
  const shortfalls: string[] = [];
  if (f && d) {
    changes.push(`- Feature stages per slice: ${fmtMs(d.featureSumWall)} ms wall against ${fmtMs(f.exactIalm.wallMs)} ms for the exact IALM alone (${fmtRatio(d.ratioWall)}).`);
  }
  return { intro, changes, shortfalls };
}
