/**
 * The evaluation runner (issue 3): the paper's section 5 on a DICOM series, with the same core
 * code as the page (TensorFlow.js on its WASM or CPU backend in Node).
 *
 *   npm run eval -- --series DIR [--attacks all|ID...] [--order given|recomputed|both]
 *                   [--protocol v1|v2|both] [--text TEXT] [--json FILE] [--write-results]
 *
 * Hides the text in the clean series (sender: DenseNet order, hash rows, v1 and v2 bundles),
 * then for each attack attacks every slice, computes the attacked per-slice results once and
 * derives from them the receiver's figures with the sender's order kept ('given') and with the
 * receiver's own DenseNet order ('recomputed'). Figures: src/evaluation/runner.ts; tables and
 * JSON: src/evaluation/report.ts. Progress on stderr, the Markdown report on stdout.
 * Exit status: 0 done, 1 bad input data (folder, DICOM) or failure, 2 bad arguments.
 */
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, relative, resolve } from 'node:path';
import { getAttack } from '../src/evaluation/attacks/registry';
import {
  documentToJson,
  EVAL_FORMAT,
  EVAL_VERSION,
  type EvalDocument,
  type EvalMeta,
  formatMarkdown,
  makeDocument,
  resultsSection,
  upsertResultsSection,
} from '../src/evaluation/report';
import { attackFigures, DEFAULT_FIG11, fig11Figures, senderSide, type AttackFigures, type RunnerSettings } from '../src/evaluation/runner';
import { DEFAULT_FEATURE_PARAMS } from '../src/features/params';
import type { OrderingParams } from '../src/ordering/params';
import { DEFAULT_INPUT_SIZE, DEFAULT_ORDERING_METHOD } from '../src/pipeline/defaults';
import { PBKDF2_ITERATIONS } from '../src/protocol/v2/keys';
import { toBase64 } from '../src/protocol/v2/bytes';
import { parseEvalArgs, shellQuote, UsageError, USAGE, type EvalArgs } from './lib/evalArgs';

/** Protocol v2 test passphrase and fixed salt: published in the JSON so the v2 reveals can be redone. */
const TEST_PASSPHRASE = 'evaluation passphrase, not secret';
const TEST_SALT = new TextEncoder().encode('coverless-eval-1'); // 16 bytes

function fail(message: string, code: number): never {
  process.stderr.write(`eval: ${message}\n`);
  process.exit(code);
}

function commandLine(argv: readonly string[]): string {
  const args = argv.map(shellQuote).join(' ');
  return process.env.npm_lifecycle_event === 'eval' ? `npm run eval -- ${args}` : `npx tsx scripts/eval.ts ${args}`;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** Progress on stderr: one rewritten line on a terminal, a line every ~15 s otherwise. */
class Progress {
  private readonly tty = process.stderr.isTTY === true;
  private readonly t0 = performance.now();
  private lastPrint = 0;
  private done = 0;
  constructor(private readonly total: number) {}

  /** units done so far in earlier stages + `stageDone` in this one. */
  update(stage: string, stageDone: number, stageTotal: number, base: number, force = false): void {
    this.done = base + stageDone;
    const now = performance.now();
    if (!force && now - this.lastPrint < (this.tty ? 250 : 15000)) return;
    this.lastPrint = now;
    const elapsed = (now - this.t0) / 1000;
    const left = this.done > 0 ? (elapsed / this.done) * (this.total - this.done) : NaN;
    const line = `${stage}: slice ${stageDone}/${stageTotal} · overall ${this.done}/${this.total} · ${duration(elapsed)} elapsed, ${this.done > 0 ? `about ${duration(left)} left` : 'estimating time left'}`;
    if (this.tty) process.stderr.write(`\r\x1b[2K${line}`);
    else process.stderr.write(`${line}\n`);
  }

  note(text: string): void {
    process.stderr.write(`${this.tty ? '\r\x1b[2K' : ''}${text}\n`);
  }
}

/** The report on stdout, and the JSON file and the results section where asked. */
function writeOutputs(doc: EvalDocument, args: EvalArgs, note: (text: string) => void): void {
  process.stdout.write(formatMarkdown(doc));
  if (args.json) {
    writeFileSync(args.json, documentToJson(doc));
    note(`Wrote ${args.json}`);
  }
  if (args.writeResults) {
    const m = doc.meta.series;
    const name = basename(resolve(m.dir));
    const key = args.section ?? name;
    const title = args.title ?? `${name}: ${m.sliceCount} slices of ${m.width} x ${m.height}`;
    const file = resolve(args.resultsFile);
    mkdirSync(dirname(file), { recursive: true });
    const existing = existsSync(file) ? readFileSync(file, 'utf8') : null;
    writeFileSync(file, upsertResultsSection(existing, key, resultsSection(doc, key, title)));
    note(`Wrote section '${key}' of ${args.resultsFile}`);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let args: EvalArgs;
  try {
    args = parseEvalArgs(argv, { workers: Math.max(1, os.availableParallelism()) });
  } catch (e) {
    if (e instanceof UsageError) fail(`${e.message}\n\n${USAGE}`, 2);
    throw e;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (args.fromJson !== null) {
    if (!existsSync(args.fromJson)) fail(`--from-json: ${args.fromJson} does not exist.`, 1);
    let doc: EvalDocument;
    try {
      doc = JSON.parse(readFileSync(args.fromJson, 'utf8')) as EvalDocument;
    } catch (e) {
      fail(`--from-json: ${args.fromJson} is not JSON (${e instanceof Error ? e.message : String(e)}).`, 1);
    }
    if (doc?.format !== EVAL_FORMAT || doc.version !== EVAL_VERSION) fail(`--from-json: ${args.fromJson} is not a '${EVAL_FORMAT}' version ${EVAL_VERSION} document.`, 1);
    doc.meta.reportedBy = commandLine(argv);
    if (args.note) doc.meta.note = args.note;
    writeOutputs(doc, args, (t) => process.stderr.write(`${t}\n`));
    return;
  }
  if (args.json) {
    const dir = dirname(resolve(args.json));
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) fail(`--json: the folder ${dir} does not exist.`, 2);
  }
  if (!existsSync(args.series)) fail(`The series folder ${args.series} does not exist.`, 1);
  if (!statSync(args.series).isDirectory()) fail(`${args.series} is not a folder: --series needs the folder of a DICOM series.`, 1);

  const tStart = performance.now();
  // Heavy modules only once the arguments are known to be good (TF.js takes a while to load).
  const { FeaturePool, loadNodeModel, readSeriesDir, sliceResultsParallel } = await import('./lib/nodeRuntime');

  let series: ReturnType<typeof readSeriesDir>;
  try {
    series = readSeriesDir(args.series);
  } catch (e) {
    fail(`${e instanceof Error ? e.message : String(e)} (looked for DICOM image files, nested folders included).`, 1);
  }
  const total = series.names.length;
  const n = args.slices === null ? total : Math.min(args.slices, total);
  if (n < 2) fail(`The series in ${args.series} has ${total} slice${total === 1 ? '' : 's'}; the hashes need at least 2.`, 1);
  const first = series.slice(0);
  const modality = series.headers[0]?.modality || 'unknown modality';

  let madeBy: string | undefined;
  const manifestPath = resolve(args.series, 'synthetic.json');
  if (existsSync(manifestPath)) {
    try {
      madeBy = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { command?: string }).command;
    } catch {
      // not our manifest: ignored
    }
  }

  const progress = new Progress(n * (1 + args.attacks.length));
  progress.note(
    `Series ${args.series}: ${n}${n < total ? ` of ${total}` : ''} slices of ${first.width} x ${first.height} (${modality}); ` +
      `${args.attacks.length} attack${args.attacks.length === 1 ? '' : 's'}, order ${args.orders.join(' + ')}, protocol ${args.protocols.join(' + ')}.`,
  );
  const model = await loadNodeModel(args.backend);
  const pool = await FeaturePool.start(args.workers);
  const ordering: OrderingParams = { modelFingerprint: model.fingerprint, inputSize: DEFAULT_INPUT_SIZE, ...DEFAULT_ORDERING_METHOD };
  const settings: RunnerSettings = {
    text: args.text,
    protocols: args.protocols,
    orders: args.orders,
    features: DEFAULT_FEATURE_PARAMS,
    ordering,
    passphrase: TEST_PASSPHRASE,
    v2Salt: TEST_SALT,
    v2Iterations: PBKDF2_ITERATIONS,
    v1PickSeed: args.seed,
  };
  const params = { features: DEFAULT_FEATURE_PARAMS, inputSize: DEFAULT_INPUT_SIZE };
  const timing = { workerMs: 0, embedMs: 0, slices: 0 };
  let embedded = 0;
  const stages = 1 + args.attacks.length;

  try {
    const tClean = performance.now();
    const clean = await sliceResultsParallel(series, pool, model, params, {
      count: n,
      timing,
      onProgress: (d) => progress.update(`[1/${stages}] clean series`, d, n, 0),
    });
    embedded += n;
    const sender = await senderSide(clean, settings);
    const cleanSeconds = (performance.now() - tClean) / 1000;
    progress.note(
      `[1/${stages}] clean series: ${sender.hashes.length} rows, ${sender.distinctHashes} distinct hashes, ${duration(cleanSeconds)}` +
        (sender.v1 ? `; v1 ${sender.v1.ok ? `hid ${sender.v1.rows.length} symbols` : `could not hide: ${sender.v1.message}`}` : '') +
        (sender.v2 ? `; v2 ${sender.v2.ok ? `hid ${sender.v2.stats.recordBytes} bytes in ${sender.v2.stats.rowsUsed} rows` : `could not hide: ${sender.v2.message}`}` : ''),
    );
    const fig11 = fig11Figures(sender, clean, { ...DEFAULT_FIG11, trials: args.fig11Trials, seed: args.seed });

    const attacks: AttackFigures[] = [];
    for (let k = 0; k < args.attacks.length; k++) {
      const attack = getAttack(args.attacks[k]);
      const t0 = performance.now();
      const stage = `[${k + 2}/${stages}] ${attack.id}`;
      const attacked = await sliceResultsParallel(series, pool, model, params, {
        count: n,
        attack: { id: attack.id, seed: args.seed },
        embeddings: args.orders.includes('recomputed'),
        timing,
        onProgress: (d) => progress.update(stage, d, n, n * (k + 1)),
      });
      if (args.orders.includes('recomputed')) embedded += n;
      const figures = await attackFigures(sender, attacked, attack, settings);
      figures.seconds = Math.round((performance.now() - t0) / 100) / 10;
      attacks.push(figures);
      const show = (m: 'given' | 'recomputed') => {
        const f = figures[m];
        if (!f) return '';
        const v1 = f.v1 ? `, v1 chars ${f.v1.characterAccuracy.toFixed(3)}` : '';
        const v2 = f.v2 ? `, v2 ${f.v2.outcome}` : '';
        return ` ${m}: bit ${f.bitAccuracy.toFixed(4)} block ${f.blockAccuracy.toFixed(4)}${m === 'recomputed' ? ` order ${f.orderExact ? 'exact' : `τ ${f.kendallTau.toFixed(3)}`}` : ''}${v1}${v2};`;
      };
      progress.note(`${stage} (paper bit ${attack.paper.bit} block ${attack.paper.block}):${show('given')}${show('recomputed')} ${duration(figures.seconds)}`);
    }

    const cpus = os.cpus();
    const meta: EvalMeta = {
      command: commandLine(argv),
      date: new Date().toISOString(),
      machine: {
        cores: cpus.length,
        cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
        node: process.version,
        platform: `${os.platform()} ${os.arch()}`,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      },
      series: {
        dir: args.series,
        sliceCount: n,
        width: first.width,
        height: first.height,
        modality,
        ...(madeBy ? { madeBy } : {}),
        sliceNames: series.names.slice(0, n).map((p) => relative(resolve(args.series), resolve(p))),
      },
      text: args.text,
      protocols: args.protocols,
      orders: args.orders,
      attackSeed: args.seed,
      v2: { passphrase: TEST_PASSPHRASE, iterations: settings.v2Iterations!, salt: toBase64(TEST_SALT) },
      features: DEFAULT_FEATURE_PARAMS,
      ordering,
      backend: args.backend,
      workers: pool.size,
      seconds: { total: Math.round((performance.now() - tStart) / 100) / 10, clean: Math.round(cleanSeconds * 10) / 10 },
      ...(args.note ? { note: args.note } : {}),
      perSlice: {
        workerSeconds: Math.round(timing.workerMs / Math.max(1, timing.slices)) / 1000,
        densenetSeconds: Math.round(timing.embedMs / Math.max(1, embedded)) / 1000,
      },
    };
    const doc = makeDocument(meta, sender, fig11, attacks);
    writeOutputs(doc, args, (t) => progress.note(t));
    progress.note(`Done in ${duration(meta.seconds.total)}.`);
  } finally {
    await pool.close();
  }
}

main().catch((e: unknown) => {
  fail(e instanceof Error ? (e.stack ?? e.message) : String(e), 1);
});
