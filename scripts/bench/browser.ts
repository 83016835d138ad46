/**
 * Browser part of the benchmark: the production build served by `vite preview`, driven in
 * headless Chromium through the page's automation contract (tests/e2e/helpers.ts: 'Study folder',
 * 'Text to hide', 'Hide', 'Download bundle', 'Index bundle', 'Reveal', 'Recovered text', 'Status',
 * the Cancel button while busy), on synthetic series of any size.
 *
 * Per run, on a fresh browser context (a cold page, as a user who opens the app):
 *   scan    folder chosen -> the series is listed (headers read in the workers, grouping);
 *   hide    'Hide' clicked -> 'Download bundle' shown (decode, DenseNet ordering, features, index,
 *           bundle; the model load and the backend choice of a cold page included);
 *   reveal  on another fresh context: folder scanned, bundle opened, 'Reveal' clicked -> the text
 *           is shown.
 * Measured meanwhile: main-thread long tasks (a PerformanceObserver('longtask') installed before
 * any script of the page runs) and the memory of the Chromium processes, sampled from /proc.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { REPO_ROOT } from '../lib/nodeRuntime';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// ---------------------------------------------------------------------------------------
// Build and server

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const st = statSync(target);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, name)));
  return newest;
}

/**
 * Builds the page into outDir with `vite build` when outDir is missing or older than any source
 * (src/, public/, index.html, vite.config.ts, package.json). A folder of the bench's own is used
 * so that rebuilding never replaces the dist/ that someone's end-to-end run may be serving.
 */
export function ensureBuild(outDir: string, log: (line: string) => void): { outDir: string; built: boolean; ms: number } {
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => path.join(REPO_ROOT, p));
  const newestSource = Math.max(...sources.map(newestMtime));
  const index = path.join(outDir, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource) return { outDir, built: false, ms: 0 };
  log(`  building the page into ${outDir} (npx vite build)`);
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', outDir, '--emptyOutDir'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (run.status !== 0) throw new Error(`vite build failed (exit ${run.status})`);
  return { outDir, built: true, ms: performance.now() - t0 };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface PreviewServer {
  url: string;
  stop(): void;
}

/** `vite preview` of outDir on a free port (with the project's headers from vite.config.ts). */
export async function startPreview(outDir: string): Promise<PreviewServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1', '--outDir', outDir],
    { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite preview exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(url);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`vite preview did not answer on ${url} within 60 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: () => {
      if (child.exitCode === null) child.kill();
    },
  };
}

// ---------------------------------------------------------------------------------------
// Memory of the Chromium processes

interface ProcInfo {
  pid: number;
  ppid: number;
}

function readProcTable(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(name), ppid: Number(rest[1]) });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

function descendants(root: number, table: ProcInfo[]): number[] {
  const children = new Map<number, number[]>();
  for (const p of table) {
    let list = children.get(p.ppid);
    if (!list) children.set(p.ppid, (list = []));
    list.push(p.pid);
  }
  const out: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

function kbField(text: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : 0;
}

export interface MemoryPeak {
  /** Largest RSS of one renderer process (the page: its main thread and all its workers). */
  rendererRss: number;
  /** Largest sum of the proportional set sizes (PSS) of all Chromium processes. */
  chromiumPss: number;
}

/**
 * Samples, every `intervalMs`, the memory of the Chromium processes that descend from this
 * Node process (Playwright starts the browser as a child), and keeps the peaks per phase.
 */
export class MemorySampler {
  private timer: NodeJS.Timeout | null = null;
  private phase: MemoryPeak | null = null;
  private pids: number[] = [];
  private lastScan = 0;

  constructor(private readonly intervalMs = 250) {}

  start(): void {
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Starts a new phase; returns the peaks of the one that ends. */
  begin(): void {
    this.phase = { rendererRss: 0, chromiumPss: 0 };
    this.sample();
  }

  end(): MemoryPeak {
    this.sample();
    const p = this.phase ?? { rendererRss: NaN, chromiumPss: NaN };
    this.phase = null;
    return p;
  }

  private sample(): void {
    if (!this.phase) return;
    const now = Date.now();
    if (now - this.lastScan > 2000 || this.pids.length === 0) {
      this.pids = descendants(process.pid, readProcTable()).filter((pid) => {
        try {
          return /chrom/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
        } catch {
          return false;
        }
      });
      this.lastScan = now;
    }
    let pss = 0;
    let renderer = 0;
    for (const pid of this.pids) {
      try {
        const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
        pss += kbField(rollup, 'Pss');
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) {
          renderer = Math.max(renderer, kbField(rollup, 'Rss'));
        }
      } catch {
        // exited meanwhile
      }
    }
    this.phase.chromiumPss = Math.max(this.phase.chromiumPss, pss);
    this.phase.rendererRss = Math.max(this.phase.rendererRss, renderer);
  }
}

// ---------------------------------------------------------------------------------------
// Driving the page

/** Installed before the page's own scripts: records every main-thread long task (>= 50 ms). */
const LONG_TASK_OBSERVER = `
  window.__benchLongTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__benchLongTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {
    window.__benchLongTasks = null;
  }
`;

export interface LongTaskStats {
  /** Long tasks (>= 50 ms, the API's threshold) during the phase. */
  count: number;
  /** Those over 100 ms. */
  over100: number;
  maxMs: number;
}

export interface PhaseResult {
  ms: number;
  longTasks: LongTaskStats;
  memory: MemoryPeak;
}

export interface SeriesRun {
  ok: boolean;
  error?: string;
  scan?: PhaseResult;
  hide?: PhaseResult;
  revealScan?: PhaseResult;
  reveal?: PhaseResult;
  backend?: string;
  status?: string;
}

async function nowInPage(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

async function longTasksSince(page: Page, since: number): Promise<LongTaskStats> {
  const tasks = await page.evaluate(() => (window as unknown as { __benchLongTasks: [number, number][] | null }).__benchLongTasks);
  if (tasks === null) return { count: NaN, over100: NaN, maxMs: NaN };
  const mine = tasks.filter(([start]) => start >= since);
  return {
    count: mine.length,
    over100: mine.filter(([, d]) => d > 100).length,
    maxMs: mine.reduce((m, [, d]) => Math.max(m, d), 0),
  };
}

async function statusText(page: Page): Promise<string> {
  return ((await page.getByRole('status', { name: 'Status' }).textContent().catch(() => '')) ?? '').trim();
}

/**
 * Waits until `done` resolves, or fails with the page's status when the task ended (no Cancel
 * button) without it.
 */
async function waitForOutcome(page: Page, done: Promise<unknown>, timeoutMs: number): Promise<void> {
  const failed = (async () => {
    // Give the task time to start before reading "no Cancel button" as "ended".
    await page.getByRole('button', { name: 'Cancel' }).waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
    await page.getByRole('button', { name: 'Cancel' }).waitFor({ state: 'detached', timeout: timeoutMs });
    await new Promise((r) => setTimeout(r, 2000));
    throw new Error(`the task ended without its result: ${await statusText(page)}`);
  })();
  failed.catch(() => undefined);
  await Promise.race([done, failed]);
}

async function phase<T>(page: Page, memory: MemorySampler, fn: () => Promise<T>): Promise<{ value: T; result: PhaseResult }> {
  const since = await nowInPage(page);
  memory.begin();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const mem = memory.end();
  return { value, result: { ms, longTasks: await longTasksSince(page, since), memory: mem } };
}

async function loadFolder(page: Page, dir: string, slices: number, timeoutMs: number): Promise<void> {
  await page.getByLabel('Study folder').setInputFiles(dir);
  await page.getByRole('status', { name: 'Status' }).filter({ hasText: `(${slices} slices)` }).waitFor({ timeout: timeoutMs });
}

export interface RunOptions {
  url: string;
  dir: string;
  slices: number;
  text: string;
  timeoutMs: number;
  memory: MemorySampler;
  log: (line: string) => void;
}

/** One hide and one reveal of a series, each on a fresh browser context. */
export async function runSeries(browser: Browser, o: RunOptions): Promise<SeriesRun> {
  const run: SeriesRun = { ok: false };
  const bundleDir = mkdtempSync(path.join(os.tmpdir(), 'bench-bundle-'));
  let bundlePath = '';
  try {
    {
      const context = await browser.newContext({ acceptDownloads: true });
      await context.addInitScript(LONG_TASK_OBSERVER);
      const page = await context.newPage();
      await page.goto(o.url);
      run.scan = (await phase(page, o.memory, () => loadFolder(page, o.dir, o.slices, o.timeoutMs))).result;
      await page.getByRole('tab', { name: 'Hide' }).click();
      await page.getByLabel('Text to hide').fill(o.text);
      const link = page.getByRole('link', { name: 'Download bundle' });
      run.hide = (
        await phase(page, o.memory, async () => {
          await page.getByRole('button', { name: 'Hide', exact: true }).click();
          await waitForOutcome(page, link.waitFor({ state: 'visible', timeout: o.timeoutMs }), o.timeoutMs);
        })
      ).result;
      run.backend = ((await page.getByLabel('Backend in use').textContent().catch(() => '')) ?? '').trim();
      run.status = await statusText(page);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      bundlePath = path.join(bundleDir, download.suggestedFilename());
      await download.saveAs(bundlePath);
      await context.close();
    }
    {
      const context = await browser.newContext();
      await context.addInitScript(LONG_TASK_OBSERVER);
      const page = await context.newPage();
      await page.goto(o.url);
      run.revealScan = (await phase(page, o.memory, () => loadFolder(page, o.dir, o.slices, o.timeoutMs))).result;
      await page.getByRole('tab', { name: 'Reveal' }).click();
      await page.getByLabel('Index bundle').setInputFiles(bundlePath);
      const recovered = page.getByRole('region', { name: 'Recovered text' }).filter({ hasText: o.text });
      run.reveal = (
        await phase(page, o.memory, async () => {
          await page.getByRole('button', { name: 'Reveal' }).click();
          await waitForOutcome(page, recovered.waitFor({ state: 'visible', timeout: o.timeoutMs }), o.timeoutMs);
        })
      ).result;
      await context.close();
    }
    run.ok = true;
  } catch (error) {
    run.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
    o.log(`  run failed: ${run.error}`);
  }
  return run;
}

export interface TracedTasks {
  slices: number;
  /** Main-thread tasks (RunTask on CrRendererMain) of >= 50 ms wall during scan + hide. */
  over50: number;
  /** The longest main-thread task (wall). */
  longestWallMs: number;
  /** Thread (CPU) time of the longest task, and the largest thread time of any task. */
  longestWallThreadMs: number;
  maxThreadMs: number;
  /** Tasks whose own thread time exceeds 50 / 100 ms. */
  threadOver50: number;
  threadOver100: number;
}

/**
 * One extra scan + hide with Chromium's tracing on, to tell the main thread's own work from the
 * time it waited for a core: a task's wall duration (what the longtask API reports) counts the
 * time the thread was descheduled, its thread time does not.
 */
export async function tracedLongTasks(browser: Browser, o: Omit<RunOptions, 'memory'>): Promise<TracedTasks> {
  const context = await browser.newContext({ acceptDownloads: true });
  try {
    const page = await context.newPage();
    await page.goto(o.url);
    await browser.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline'] });
    await loadFolder(page, o.dir, o.slices, o.timeoutMs);
    await page.getByRole('tab', { name: 'Hide' }).click();
    await page.getByLabel('Text to hide').fill(o.text);
    await page.getByRole('button', { name: 'Hide', exact: true }).click();
    const link = page.getByRole('link', { name: 'Download bundle' });
    await waitForOutcome(page, link.waitFor({ state: 'visible', timeout: o.timeoutMs }), o.timeoutMs);
    const raw = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents?: TraceEvent[] } | TraceEvent[];
    const events = Array.isArray(raw) ? raw : (raw.traceEvents ?? []);
    const mainThreads = new Set(
      events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
    );
    const tasks = events.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && mainThreads.has(`${e.pid}:${e.tid}`));
    const long = tasks.filter((e) => (e.dur ?? 0) >= 50_000);
    const longest = tasks.reduce<TraceEvent | null>((a, e) => (!a || (e.dur ?? 0) > (a.dur ?? 0) ? e : a), null);
    const threadMs = (e: TraceEvent) => (e.tdur ?? 0) / 1000;
    return {
      slices: o.slices,
      over50: long.length,
      longestWallMs: longest ? (longest.dur ?? 0) / 1000 : 0,
      longestWallThreadMs: longest ? threadMs(longest) : 0,
      maxThreadMs: tasks.reduce((m, e) => Math.max(m, threadMs(e)), 0),
      threadOver50: tasks.filter((e) => threadMs(e) > 50).length,
      threadOver100: tasks.filter((e) => threadMs(e) > 100).length,
    };
  } finally {
    await context.close();
  }
}

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}
