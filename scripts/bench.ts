/**
 * Performance benchmark (issue 5: "a 600-slice 512 x 512 series hidden in two minutes on two CPU
 * cores"). A benchmark, never a test: it prints figures and fails only when it cannot measure.
 *
 *   npm run bench                      Node part + browser part (150, 300, 600 slices, 3 runs each)
 *   npm run bench -- --quick           a short run: 30 real slices, 1 browser run of 150 slices
 *   npm run bench -- --write-docs      also writes docs/performance.md from this run's output
 *
 * Options: --sizes 150,300,600  --runs N (browser runs per size)  --reps N (passes over the slices)
 *          --slices N (real slices used, from the first)  --no-node  --no-browser  --no-densenet
 *          --no-alternatives / --alternatives (solver variants and attacks, on by default but in --quick)
 *          --json FILE (the raw figures)  --from-json FILE (no measuring: print / write the docs from saved figures)
 *          --cache DIR (synthetic series and the build; default /tmp/coverless-bench)
 *          --chromium PATH (default $CHROMIUM_PATH or /usr/bin/chromium)  --real DIR
 *
 * Node part (scripts/bench/featureStages.ts, densenet.ts): per-stage medians on the real series
 * ../shared/data/vs-seg-mr (phantom slices when it is absent), the exact full-SVD IALM baseline
 * interleaved with them, the hash-bit agreement of the two, the DenseNet per backend, input size
 * and batch. Browser part (scripts/bench/browser.ts): the production build in headless Chromium,
 * hide and reveal of synthetic series, with long tasks and memory.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchAlternatives } from './bench/alternatives';
import { benchDenseNet, type DenseNetPlan } from './bench/densenet';
import { benchFeatureStages } from './bench/featureStages';
import { ensureBuild, launchChromium, MemorySampler, runSeries, startPreview, tracedLongTasks, CHROMIUM_ARGS } from './bench/browser';
import { prose } from './bench/prose';
import { formatReport, type BenchReport, type BrowserResult } from './bench/report';
import { loadAverage, machineInfo } from './bench/stats';
import { ensureSynthetic } from './bench/synthetic';
import { REAL_SERIES_DIR, REPO_ROOT, readSeriesDir } from './lib/nodeRuntime';

interface Args {
  quick: boolean;
  writeDocs: boolean;
  json: string | null;
  sizes: number[];
  runs: number;
  reps: number;
  slices: number | undefined;
  node: boolean;
  browser: boolean;
  densenet: boolean;
  alternatives: boolean;
  cache: string;
  chromium: string;
  real: string;
  fromJson: string | null;
}

function parseArgs(argv: string[]): Args {
  const quick = argv.includes('--quick');
  const a: Args = {
    quick,
    writeDocs: false,
    json: null,
    sizes: quick ? [150] : [150, 300, 600],
    runs: quick ? 1 : 3,
    reps: quick ? 1 : 2,
    slices: quick ? 30 : undefined,
    node: true,
    browser: true,
    densenet: true,
    alternatives: !quick,
    cache: '/tmp/coverless-bench',
    chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    real: REAL_SERIES_DIR,
    fromJson: null,
  };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`${flag} needs a value`);
    return v;
  };
  const posInt = (v: string, flag: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`${flag} needs a positive integer, got '${v}'`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    switch (f) {
      case '--quick':
        break;
      case '--write-docs':
        a.writeDocs = true;
        break;
      case '--json':
        a.json = value(i++, f);
        break;
      case '--sizes':
        a.sizes = value(i++, f).split(',').map((s) => posInt(s, f));
        break;
      case '--runs':
        a.runs = posInt(value(i++, f), f);
        break;
      case '--reps':
        a.reps = posInt(value(i++, f), f);
        break;
      case '--slices':
        a.slices = posInt(value(i++, f), f);
        break;
      case '--no-node':
        a.node = false;
        a.densenet = false;
        a.alternatives = false;
        break;
      case '--no-alternatives':
        a.alternatives = false;
        break;
      case '--alternatives':
        a.alternatives = true;
        break;
      case '--no-densenet':
        a.densenet = false;
        break;
      case '--no-browser':
        a.browser = false;
        break;
      case '--cache':
        a.cache = path.resolve(value(i++, f));
        break;
      case '--chromium':
        a.chromium = value(i++, f);
        break;
      case '--from-json':
        a.fromJson = path.resolve(value(i++, f));
        break;
      case '--real':
        a.real = path.resolve(value(i++, f));
        break;
      default:
        throw new Error(`unknown option '${f}' (see the header of scripts/bench.ts)`);
    }
  }
  return a;
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function densenetPlans(quick: boolean): DenseNetPlan[] {
  if (quick) {
    return [
      { backend: 'wasm', inputSize: 128, batches: [1, 8], runs: 2 },
      { backend: 'cpu', inputSize: 128, batches: [1], runs: 1 },
    ];
  }
  return [
    { backend: 'wasm', inputSize: 128, batches: [1, 4, 8, 16], runs: 3 },
    { backend: 'wasm', inputSize: 224, batches: [1, 8], runs: 3 },
    { backend: 'cpu', inputSize: 128, batches: [1], runs: 1 },
    { backend: 'cpu', inputSize: 224, batches: [1], runs: 1 },
  ];
}

async function browserPart(args: Args, skipped: string[]): Promise<BrowserResult | null> {
  log('Browser part');
  const build = ensureBuild(path.join(args.cache, 'dist'), log);
  if (build.built) log(`  built in ${(build.ms / 1000).toFixed(0)} s`);
  const series = args.sizes.map((n) => ensureSynthetic(n, 512, args.cache, log));
  const server = await startPreview(build.outDir);
  const memory = new MemorySampler();
  memory.start();
  let browser: Awaited<ReturnType<typeof launchChromium>> | null = null;
  try {
    browser = await launchChromium(args.chromium);
    const result: BrowserResult = { chromium: `Chromium ${browser.version()}`, args: CHROMIUM_ARGS, buildDir: build.outDir, url: server.url, series: [] };
    for (const s of series) {
      const runs = [];
      for (let r = 0; r < args.runs; r++) {
        log(`  ${s.slices} slices, run ${r + 1}/${args.runs} (load average ${loadAverage().toFixed(1)})`);
        const run = await runSeries(browser, {
          url: server.url,
          dir: s.dir,
          slices: s.slices,
          text: 'Za91 Ångström',
          timeoutMs: 1_800_000,
          memory,
          log,
        });
        if (run.ok) {
          log(
            `    scan ${(run.scan!.ms / 1000).toFixed(1)} s, hide ${(run.hide!.ms / 1000).toFixed(1)} s, reveal ${(run.reveal!.ms / 1000).toFixed(1)} s, ` +
              `longest task ${Math.max(run.scan!.longTasks.maxMs, run.hide!.longTasks.maxMs, run.reveal!.longTasks.maxMs).toFixed(0)} ms, ` +
              `page RSS ${(Math.max(run.hide!.memory.rendererRss, run.reveal!.memory.rendererRss) / 2 ** 20).toFixed(0)} MiB`,
          );
        }
        runs.push(run);
      }
      result.series.push({ slices: s.slices, size: s.size, dir: s.dir, command: s.command, runs });
    }
    const largest = series.reduce((a, s) => (s.slices > a.slices ? s : a));
    log(`  ${largest.slices} slices, one more scan + hide with Chromium's tracing (main-thread CPU time of the long tasks)`);
    try {
      result.traced = await tracedLongTasks(browser, { url: server.url, dir: largest.dir, slices: largest.slices, text: 'Za91 Ångström', timeoutMs: 1_800_000, log });
    } catch (error) {
      skipped.push(`traced run: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
    return result;
  } catch (error) {
    skipped.push(`browser part: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    log(`  browser part failed: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  } finally {
    memory.stop();
    await browser?.close().catch(() => undefined);
    server.stop();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  if (args.fromJson) {
    const saved = JSON.parse(readFileSync(args.fromJson, 'utf8')) as BenchReport;
    output(saved, args);
    process.exit(0);
  }
  const t0 = performance.now();
  const machine = machineInfo();
  const skipped: string[] = [];
  const report: BenchReport = {
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    durationS: 0,
    machine,
    quick: args.quick,
    features: null,
    alternatives: null,
    densenet: null,
    browser: null,
    skipped,
  };

  if (args.node) {
    log(`Node part: feature stages (load average ${loadAverage().toFixed(1)})`);
    report.features = benchFeatureStages({ dir: args.real, limit: args.slices, reps: args.reps, log });
    if (!report.features.real) skipped.push(`hash-bit agreement: the real series is absent at ${args.real}`);
  }
  if (args.alternatives) {
    log('Node part: solver variants and the low-rank mask under attacks');
    try {
      report.alternatives = benchAlternatives(args.real, 40, ['gauss-0.001', 'median-3', 'jpeg-50'], log);
    } catch (error) {
      skipped.push(`solver variants: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (args.densenet) {
    log('Node part: DenseNet');
    let slices;
    try {
      const s = readSeriesDir(args.real);
      slices = Array.from({ length: Math.min(16, s.names.length) }, (_, i) => s.slice(i));
    } catch {
      const { makePhantomSeries, phantomSliceImage } = await import('../src/sample/phantom');
      const p = makePhantomSeries({ slices: 16, size: 512, seed: 1, modality: 'MR' });
      slices = Array.from({ length: 16 }, (_, i) => phantomSliceImage(p, i));
    }
    report.densenet = await benchDenseNet(slices, densenetPlans(args.quick), log);
  }
  if (args.browser) report.browser = await browserPart(args, skipped);

  machine.loadEnd = loadAverage();
  report.durationS = (performance.now() - t0) / 1000;
  if (args.json) {
    writeFileSync(args.json, JSON.stringify(report, null, 2));
    log(`Wrote ${args.json}`);
  }
  output(report, args);
  process.exit(0);
}

function output(report: BenchReport, args: Args): void {
  const markdown = formatReport(report, prose(report));
  process.stdout.write(markdown);
  if (args.writeDocs) {
    const file = path.join(REPO_ROOT, 'docs', 'performance.md');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, markdown);
    log(`Wrote ${path.relative(REPO_ROOT, file)}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
