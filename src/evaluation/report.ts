/**
 * The evaluation's outputs: the JSON document (every figure plus, for each attack, the
 * sender's and the receiver's slice order and hash rows, so that anyone can recompute the
 * metrics), the Markdown tables in the layout of the paper's Table 1 with the paper's figures
 * beside ours, the Fig. 11 tables, a plain statement of where we fall short of the paper, and
 * the sections of docs/results.md.
 *
 * Pure (no DOM, no Node API): the command-line runner and the page's Evaluate panel share it.
 */
import type { FeatureParams } from '../features/params';
import type { OrderingParams } from '../ordering/params';
import {
  type AttackFigures,
  belowAtPrintPrecision,
  type Fig11Figures,
  ORDER_MODES,
  type OrderMode,
  type OrderSummary,
  type ProtocolId,
  type ReceiverFigures,
  type SenderSide,
  summarise,
} from './runner';

export const EVAL_FORMAT = 'coverless-dicom-eval';
export const EVAL_VERSION = 1;

/** How to read the JSON document (written into it, for whoever recomputes the figures). */
export const EVAL_FIELDS_DOC = [
  'Slices are identified by their 0-based index in meta.series.sliceNames (the series in spatial order as read).',
  'An order lists slice indices, first = position 1. sender.order is the clean series ordered by DenseNet (NOTES step 1).',
  'hashes[r] is the 9-bit hash of row r+1 of W (Eq. 14-15) as an integer, first bit most significant ("000000101" = 5).',
  'Bit accuracy (Eq. 16) = 1 - (differing bits over all rows) / (9 x rows); block accuracy (Eq. 17-18) = rows with all 9 bits equal / rows; both compare attacks[i].<mode>.hashes with sender.hashes row by row.',
  "Mode 'given': the receiver keeps sender.order (hash failures only); 'recomputed': the receiver orders the attacked slices with DenseNet itself (the full receiver).",
  'Used-rows block accuracy: block accuracy over the 1-based rows sender.v1.rows (each use counted) or sender.v2.rows flattened.',
  'Character accuracy: position-wise equal characters / max(length hidden, length revealed); v2 counts a record that cannot be verified as 0 characters right.',
  'Kendall tau: tau-a between sender.order and the receiver order.',
].join(' ');

export interface EvalMeta {
  /** The command line that produced the document, as typed (e.g. 'npm run eval -- --series ...'). */
  command: string;
  /** ISO 8601. */
  date: string;
  machine: { cores: number; cpu: string; node: string; platform: string; memoryGiB?: number };
  series: {
    dir: string;
    sliceCount: number;
    width: number;
    height: number;
    modality: string;
    /** How a synthetic series was made (the generator's command), where known. */
    madeBy?: string;
    /** File names (relative to dir), index = slice identity. */
    sliceNames: string[];
  };
  text: string;
  protocols: ProtocolId[];
  orders: OrderMode[];
  /** Seed of the random attacks (per slice: sliceSeed(seed, index)), of the v1 row choice and of the Fig. 11 draws. */
  attackSeed: number;
  /** Protocol v2 test passphrase, PBKDF2 iterations and salt (base64): published so the v2 reveals can be redone. */
  v2: { passphrase: string; iterations: number; salt: string };
  features: FeatureParams;
  ordering: OrderingParams;
  /** TF.js backend of the DenseNet and the number of feature worker threads. */
  backend: string;
  workers: number;
  /** Wall-clock seconds: whole run and clean series. */
  seconds: { total: number; clean: number };
  /**
   * Mean time per slice: in a worker thread (read, attack, ROI, median, low-rank, LBP, DenseNet
   * input) and on the main thread (DenseNet forward pass, per slice embedded).
   */
  perSlice?: { workerSeconds: number; densenetSeconds: number };
  /** A note given on the command line (--note), e.g. why only a subset of attacks was run. */
  note?: string;
  /** Where the report was printed later from the run's JSON (--from-json): that command. */
  reportedBy?: string;
}

export interface EvalDocument {
  format: typeof EVAL_FORMAT;
  version: typeof EVAL_VERSION;
  fields: string;
  meta: EvalMeta;
  sender: SenderSide;
  fig11: Fig11Figures | null;
  attacks: AttackFigures[];
  summary: OrderSummary[];
}

export function makeDocument(meta: EvalMeta, sender: SenderSide, fig11: Fig11Figures | null, attacks: AttackFigures[]): EvalDocument {
  const summary = ORDER_MODES.map((m) => summarise(attacks, m)).filter((s): s is OrderSummary => s !== null);
  return { format: EVAL_FORMAT, version: EVAL_VERSION, fields: EVAL_FIELDS_DOC, meta, sender, fig11, attacks, summary };
}

/** The JSON file: pretty, hash and order arrays on one line each. NaN becomes null. */
export function documentToJson(doc: EvalDocument): string {
  const json = JSON.stringify(doc, null, 2);
  // Arrays of plain numbers (orders, hashes, rows) on one line: the file stays readable.
  return json.replace(/\[\n\s+(-?[\d.e+-]+(?:,\n\s+-?[\d.e+-]+)*)\n\s+\]/g, (_, body: string) => `[${body.split(/,\n\s+/).join(', ')}]`) + '\n';
}

// ---------------------------------------------------------------------------------------
// Markdown.

/** 4 decimals; '—' for a missing figure or NaN. */
export function fmt(x: number | undefined | null, digits = 4): string {
  return x === undefined || x === null || !Number.isFinite(x) ? '—' : x.toFixed(digits);
}

/** A difference with its sign ('+0.0123', '−0.4567'); '—' for NaN. */
export function signed(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return '—';
  const r = Number(x.toFixed(digits));
  return r === 0 ? (0).toFixed(digits) : r > 0 ? `+${r.toFixed(digits)}` : `−${(-r).toFixed(digits)}`;
}

function pct(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)} %`;
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const sep = header.map((_, i) => ((align?.[i] ?? (i === 0 ? 'l' : 'r')) === 'r' ? '---:' : '---'));
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(sep), ...rows.map(line)].join('\n');
}

const MODE_LABEL: Record<OrderMode, string> = { given: 'order given', recomputed: 'order recomputed' };

function modesOf(doc: EvalDocument): OrderMode[] {
  return ORDER_MODES.filter((m) => doc.attacks.some((a) => a[m]));
}

/** Table 1: bit and block accuracy, the paper's beside ours for every order mode evaluated. */
export function table1(doc: EvalDocument): string {
  const modes = modesOf(doc);
  const header = [
    'Attack',
    'Bit, paper',
    ...modes.map((m) => `Bit, ours (${MODE_LABEL[m]})`),
    'Block, paper',
    ...modes.map((m) => `Block, ours (${MODE_LABEL[m]})`),
    ...modes.map((m) => `Block, ours − paper (${MODE_LABEL[m]})`),
  ];
  const delta = (ours: number | undefined, paper: number) => (ours === undefined ? '—' : signed(ours - paper));
  const rows = doc.attacks.map((a) => [
    a.label,
    fmt(a.paper.bit),
    ...modes.map((m) => fmt(a[m]?.bitAccuracy)),
    fmt(a.paper.block),
    ...modes.map((m) => fmt(a[m]?.blockAccuracy)),
    ...modes.map((m) => delta(a[m]?.blockAccuracy, a.paper.block)),
  ]);
  const sums = modes.map((m) => doc.summary.find((s) => s.mode === m));
  if (doc.attacks.length > 1 && sums.every(Boolean)) {
    rows.push([
      '**Mean**',
      fmt(sums[0]!.meanPaperBit),
      ...sums.map((s) => fmt(s!.meanBit)),
      fmt(sums[0]!.meanPaperBlock),
      ...sums.map((s) => fmt(s!.meanBlock)),
      ...sums.map((s) => signed(s!.meanBlock - s!.meanPaperBlock)),
    ]);
  }
  return markdownTable(header, rows);
}

function v2Cell(f: ReceiverFigures): string {
  if (!f.v2) return '—';
  if (f.v2.outcome === 'verified') return f.v2.recordEqual ? `verified, ${fmt(f.v2.characterAccuracy, 2)}` : `verified (record differs), ${fmt(f.v2.characterAccuracy, 2)}`;
  return `${f.v2.outcome.replace('cannot-verify:', 'not verified: ')}, 0`;
}

/** What a user feels, per order mode: order agreement, used rows, character accuracy of a full reveal. */
export function revealTable(doc: EvalDocument, mode: OrderMode): string {
  const withOrder = mode === 'recomputed';
  // A protocol whose hide failed has no reveal figures: its columns are left out (shortfallText says why).
  const protocols = doc.meta.protocols.filter((p) => doc.sender[p]?.ok);
  const header = [
    'Attack',
    ...(withOrder ? ['Order exact', 'Kendall τ'] : []),
    ...(protocols.includes('v1') ? ['v1 used-rows block', 'v1 characters'] : []),
    ...(protocols.includes('v2') ? ['v2 used-rows block', 'v2 record, characters'] : []),
  ];
  const rows = doc.attacks
    .filter((a) => a[mode])
    .map((a) => {
      const f = a[mode]!;
      return [
        a.label,
        ...(withOrder ? [f.orderExact ? 'yes' : 'no', fmt(f.kendallTau, 3)] : []),
        ...(protocols.includes('v1') ? [fmt(f.v1?.usedRowsBlockAccuracy), fmt(f.v1?.characterAccuracy)] : []),
        ...(protocols.includes('v2') ? [fmt(f.v2?.usedRowsBlockAccuracy), v2Cell(f)] : []),
      ];
    });
  const s = doc.summary.find((x) => x.mode === mode);
  if (s && rows.length > 1) {
    const meanOf = (pick: (f: ReceiverFigures) => number | undefined) => {
      const xs = doc.attacks.map((a) => (a[mode] ? pick(a[mode]!) : undefined)).filter((x): x is number => x !== undefined);
      return xs.length ? xs.reduce((p, q) => p + q, 0) / xs.length : undefined;
    };
    rows.push([
      '**Mean / count**',
      ...(withOrder ? [`${s.orderExact} of ${s.attacks}`, fmt(s.meanKendallTau, 3)] : []),
      ...(protocols.includes('v1') ? [fmt(meanOf((f) => f.v1?.usedRowsBlockAccuracy)), fmt(s.v1MeanCharacterAccuracy)] : []),
      ...(protocols.includes('v2')
        ? [fmt(meanOf((f) => f.v2?.usedRowsBlockAccuracy)), s.v2Verified === undefined ? '—' : `${s.v2Verified} of ${s.attacks} verified`]
        : []),
    ]);
  }
  return markdownTable(header, rows);
}

export function fig11Tables(fig: Fig11Figures): { successRate: string; sliceLoss: string } {
  return {
    successRate: markdownTable(
      ['Slices used', 'Rows of W', 'Distinct hashes', 'R_suc (Eq. 19)'],
      fig.successRate.map((p) => [String(p.slices), String(p.rows), String(p.distinct), pct(p.rate)]),
    ),
    sliceLoss: markdownTable(
      ['Slices lost', 'Fraction', 'Block accuracy (by row number)', 'Rows whose slice pair survived'],
      fig.sliceLoss.map((p) => [String(p.lost), pct(p.lostFraction), fmt(p.blockAccuracy), fmt(p.samePairFraction)]),
    ),
  };
}

function list(xs: readonly string[]): string {
  if (xs.length === 0) return 'none';
  if (xs.length === 1) return xs[0];
  return `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** Where we fall short of the paper, per order mode and per attack, in plain sentences. */
export function shortfallText(doc: EvalDocument): string {
  const out: string[] = [];
  for (const s of doc.summary) {
    const mode = s.mode;
    const rows = doc.attacks.filter((a) => a[mode]);
    const blockBelow = rows.filter((a) => belowAtPrintPrecision(a[mode]!.blockAccuracy, a.paper.block));
    const bitBelow = rows.filter((a) => belowAtPrintPrecision(a[mode]!.bitAccuracy, a.paper.bit));
    const atOrAbove = rows.filter((a) => !belowAtPrintPrecision(a[mode]!.blockAccuracy, a.paper.block));
    const gaps = blockBelow
      .map((a) => ({ a, gap: a.paper.block - a[mode]!.blockAccuracy }))
      .sort((p, q) => q.gap - p.gap)
      .slice(0, 5)
      .map(({ a, gap }) => `${a.label} (${fmt(a[mode]!.blockAccuracy)} against ${fmt(a.paper.block)}, ${(gap * 100).toFixed(1)} points lower)`);
    let text =
      `- **${MODE_LABEL[mode]}**: block accuracy is below the paper's for ${s.blockBelowPaper} of ${s.attacks} attacks ` +
      `(mean ${fmt(s.meanBlock)} against the paper's ${fmt(s.meanPaperBlock)}), bit accuracy for ${s.bitBelowPaper} of ${s.attacks} ` +
      `(mean ${fmt(s.meanBit)} against ${fmt(s.meanPaperBit)}).`;
    if (blockBelow.length > 0) text += ` Largest block-accuracy gaps: ${list(gaps)}.`;
    text += ` At or above the paper's block accuracy: ${list(atOrAbove.map((a) => a.label))}.`;
    if (bitBelow.length < blockBelow.length) {
      text += ` Bit accuracy at or above the paper's: ${list(rows.filter((a) => !belowAtPrintPrecision(a[mode]!.bitAccuracy, a.paper.bit)).map((a) => a.label))}.`;
    }
    if (mode === 'recomputed') {
      text += ` The receiver's DenseNet order equals the sender's for ${s.orderExact} of ${s.attacks} attacks (mean Kendall τ ${fmt(s.meanKendallTau, 3)}).`;
      const reversed = rows.filter((a) => a[mode]!.kendallTau < -0.5);
      if (reversed.length > 0) {
        text +=
          ` For ${reversed.length} of them (${list(reversed.map((a) => a.label))}) the order comes out close to reversed (τ < −0.5): the attacked series' largest distance sum falls on the other end, the receiver starts there, and every row of W changes sign, so most hash bits flip. The order-given figures show what the hashes alone would give.`;
      }
    }
    if (s.v1Exact !== undefined) {
      text += ` Protocol v1 (the paper's scheme) gives the hidden text back exactly for ${s.v1Exact} of ${s.attacks} attacks (mean character accuracy ${fmt(s.v1MeanCharacterAccuracy)}); the paper does not report a character accuracy.`;
      const used = rows.map((a) => a[mode]!.v1?.usedRowsBlockAccuracy).filter((x): x is number => x !== undefined);
      const meanUsed = used.length ? used.reduce((p, q) => p + q, 0) / used.length : NaN;
      if (s.v1MeanCharacterAccuracy !== undefined && meanUsed - s.v1MeanCharacterAccuracy > 0.1) {
        text +=
          ` Its characters come back far less often than its rows stay intact (mean used-rows block accuracy ${fmt(meanUsed)}): in the paper's index table (Fig. 8) a character is the rank of its hash among the series' distinct hashes, so one hash that appears or vanishes anywhere in the series shifts the character of every larger hash, intact rows included.`;
      }
    }
    if (s.v2Verified !== undefined) {
      text += ` Protocol v2 verifies the record for ${s.v2Verified} of ${s.attacks} attacks; otherwise it refuses (it never shows unverified text).`;
    }
    out.push(text);
  }
  if (doc.fig11 && doc.fig11.successRate.length > 0) {
    const full = doc.fig11.successRate.find((p) => p.rate >= 1);
    const last = doc.fig11.successRate[doc.fig11.successRate.length - 1];
    out.push(
      full
        ? `- **Fig. 11, hiding success rate**: not short of the paper: R_suc reaches 100 % with the first ${full.slices} slices (${full.distinct} distinct hashes, 62 needed), where the paper needs more than 550.`
        : `- **Fig. 11, hiding success rate**: R_suc stays below 100 % (${pct(last.rate)} with all ${last.slices} slices, ${last.distinct} distinct hashes of the 62 needed); the paper reaches 100 % above 550 slices.`,
    );
  }
  const v1 = doc.sender.v1;
  const v2 = doc.sender.v2;
  if (v1 && !v1.ok) out.push(`- Protocol v1 could not hide the text in the clean series: ${v1.message}`);
  if (v2 && !v2.ok) out.push(`- Protocol v2 could not hide the text in the clean series: ${v2.message}`);
  return out.join('\n');
}

function describeSender(doc: EvalDocument): string {
  const s = doc.sender;
  const parts = [
    `${s.sliceCount} slices give ${s.hashes.length} rows of W with ${s.distinctHashes} distinct hashes (hiding success rate R_suc = ${pct(s.successRate)}).`,
  ];
  const text = `"${doc.meta.text}" (${[...doc.meta.text].length} characters)`;
  if (s.v1?.ok) parts.push(`Protocol v1 hides ${text} as ${s.v1.rows.length} row numbers (coding ${s.v1.coding}).`);
  if (s.v2?.ok) {
    const st = s.v2.stats;
    const copies = Math.max(...s.v2.rows.map((r) => r.length));
    const each = st.minCopies === copies ? `${copies} rows each` : `${st.minCopies} to ${copies} rows each`;
    parts.push(
      `Protocol v2 hides the same text as a record of ${st.recordBytes} bytes in ${st.rowsUsed} rows (${st.symbols} symbols, ${each}, Reed-Solomon parity and a keyed check; PBKDF2 with ${doc.meta.v2.iterations} iterations).`,
    );
  }
  return parts.join(' ');
}

export interface MarkdownOptions {
  /** Level of the report's own headings (default 3: '###'). */
  headingLevel?: number;
}

/** The whole report: Table 1, reveal tables, Fig. 11, shortfall. */
export function formatMarkdown(doc: EvalDocument, options: MarkdownOptions = {}): string {
  const h = '#'.repeat(options.headingLevel ?? 3);
  const parts: string[] = [];
  parts.push(`${h} Bit and block accuracy (paper's Table 1, the paper's figures beside ours)`);
  parts.push(
    `${describeSender(doc)} Every slice is attacked (on the slice scaled to [0, 1], then mapped back), and the receiver's pipeline runs in full. ` +
      `With the order given the receiver keeps the sender's slice order (only the hashes can fail); with the order recomputed it orders the attacked slices with DenseNet itself, as a real receiver must. ` +
      `The paper's figures come from 10 private CTA series of 500-700 slices and do not say whether the order was given.`,
  );
  parts.push(table1(doc));
  for (const mode of modesOf(doc)) {
    parts.push(`${h} Full reveal, ${MODE_LABEL[mode]}`);
    parts.push(revealTable(doc, mode));
  }
  if (doc.fig11) {
    const t = fig11Tables(doc.fig11);
    parts.push(`${h} Fig. 11 (first): hiding success rate against the number of slices used`);
    parts.push(
      `The first n slices of the sender's order, n in steps of ${doc.fig11.settings.sliceStep}. The paper reports 100 % once a series has more than 550 slices (CTA, 512 x 512).`,
    );
    parts.push(t.successRate);
    parts.push(`${h} Fig. 11 (second): block accuracy against the fraction of lost slices`);
    parts.push(
      `Random slices removed from the clean series (${doc.fig11.settings.trials} draws per fraction, seed ${doc.fig11.settings.seed}); the survivors keep their order and W is recomputed; a row counts when its hash at the same row number is unchanged. The paper shows the accuracy falling quickly with the fraction lost (no figures given).`,
    );
    parts.push(t.sliceLoss);
  }
  parts.push(`${h} Where our figures fall short of the paper's`);
  parts.push(shortfallText(doc));
  return parts.join('\n\n') + '\n';
}

// ---------------------------------------------------------------------------------------
// docs/results.md

export const RESULTS_HEADER = `# Results: the paper's section 5 on our implementation

This file is written by the evaluation runner (\`npm run eval -- ... --write-results\`), never by hand:
each section below is replaced as a whole when its command is run again, and states the exact command,
the machine and the date that produced it. The measurement follows NOTES section 3; the runner's JSON
output (\`--json FILE\`) holds every figure and, for each attack, the sender's and the receiver's slice
order and hash rows, so that the metrics can be recomputed independently.

Protocol v1 is the paper's scheme (row numbers in the clear, the paper's 62-character alphabet);
protocol v2 is ours (passphrase, keyed symbol table, three rows per symbol chosen by margin,
Reed-Solomon code and a keyed check: it gives the record back verified, or refuses).
Both are read here with the receiver ordering the slices blindly from its own DenseNet features
(ordering method 'ascending-distance-to-benchmark', the paper's reading), the only method hideV2 and
revealV2 run so far; the "order given" columns show what the hashes alone would give.
`;

const BEGIN = (key: string) => `<!-- results:${key} begin -->`;
const END = (key: string) => `<!-- results:${key} end -->`;

export function sectionKeyOk(key: string): boolean {
  return /^[A-Za-z0-9._-]+$/.test(key);
}

/** One section of docs/results.md: title, command, machine, date, timings, the report. */
export function resultsSection(doc: EvalDocument, key: string, title: string): string {
  if (!sectionKeyOk(key)) throw new RangeError(`section key '${key}' may only hold letters, digits, '.', '_' and '-'`);
  const m = doc.meta;
  const minutes = (s: number) => (s < 90 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`);
  const lines: string[] = [BEGIN(key), `## ${title}`, ''];
  lines.push('Produced by:', '', '```sh', m.command, '```', '');
  if (m.reportedBy) lines.push("Section written from that run's JSON output by:", '', '```sh', m.reportedBy, '```', '');
  if (m.series.madeBy) lines.push('The series was made by:', '', '```sh', m.series.madeBy, '```', '');
  lines.push(
    `- Series: \`${m.series.dir}\`, ${m.series.sliceCount} slices of ${m.series.width} x ${m.series.height} (${m.series.modality}).`,
    `- Machine: ${m.machine.cores} cores (${m.machine.cpu}), ${m.machine.platform}, Node ${m.machine.node}; DenseNet on TF.js ${m.backend}, features on ${m.workers} worker thread${m.workers === 1 ? '' : 's'}.`,
    `- Date: ${m.date}. Run time: ${minutes(m.seconds.total)} (clean series ${minutes(m.seconds.clean)})` +
      (m.perSlice
        ? `; per slice ${m.perSlice.workerSeconds.toFixed(2)} s in a worker (read, attack, features) and ${m.perSlice.densenetSeconds.toFixed(2)} s of DenseNet, on a machine shared with other jobs.`
        : '.'),
    `- Attacks: ${doc.attacks.length} of the paper's 32 settings; orders: ${m.orders.join(', ')}; protocols: ${m.protocols.join(', ')}; attack seed ${m.attackSeed}; DenseNet input ${m.ordering.inputSize} x ${m.ordering.inputSize}, feature work size ${m.features.workSize}; model ${m.ordering.modelFingerprint.slice(0, 12)}….`,
    '',
  );
  if (m.note) lines.push(`Note: ${m.note}`, '');
  lines.push(formatMarkdown(doc, { headingLevel: 3 }).trimEnd(), END(key));
  return lines.join('\n');
}

/** Extract the sections (key -> text, in file order) of an existing results file. */
export function parseResultsSections(existing: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /<!-- results:([A-Za-z0-9._-]+) begin -->[\s\S]*?<!-- results:\1 end -->/g;
  for (const m of existing.matchAll(re)) out.set(m[1], m[0]);
  return out;
}

/**
 * The results file with one section added or replaced (others kept, in their order; a new
 * section goes last). Anything outside the sections is rewritten from RESULTS_HEADER.
 */
export function upsertResultsSection(existing: string | null, key: string, section: string): string {
  const sections = existing ? parseResultsSections(existing) : new Map<string, string>();
  sections.set(key, section);
  return `${RESULTS_HEADER}\n${[...sections.values()].join('\n\n')}\n`;
}
