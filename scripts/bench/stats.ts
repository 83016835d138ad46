/**
 * Timing helpers of the benchmark (scripts/bench.ts): every measurement keeps both the wall
 * time and the CPU time of this process, because the machines it runs on are shared and a
 * single-threaded computation's CPU time moves far less than its wall time when other work
 * competes for the cores. Ratios are always taken between figures of the same run.
 */
import os from 'node:os';

export interface Sample {
  wallMs: number;
  cpuMs: number;
}

/** Runs fn once and returns its result with its wall and CPU (user + system) time. */
export function timed<T>(fn: () => T): { value: T; sample: Sample } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, sample: { wallMs, cpuMs: (c.user + c.system) / 1000 } };
}

export async function timedAsync<T>(fn: () => Promise<T>): Promise<{ value: T; sample: Sample }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, sample: { wallMs, cpuMs: (c.user + c.system) / 1000 } };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Median wall and CPU time of a list of samples (each median taken separately). */
export interface Summary {
  wallMs: number;
  cpuMs: number;
  /** number of samples */
  n: number;
  /** 10th and 90th percentile of the wall time */
  wallP10: number;
  wallP90: number;
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))))];
}

export function summarise(samples: readonly Sample[]): Summary {
  const wall = samples.map((s) => s.wallMs);
  return {
    wallMs: median(wall),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    n: samples.length,
    wallP10: percentile(wall, 0.1),
    wallP90: percentile(wall, 0.9),
  };
}

/** Collects samples under stage names. */
export class Recorder {
  readonly samples = new Map<string, Sample[]>();

  add(name: string, sample: Sample): void {
    let list = this.samples.get(name);
    if (!list) this.samples.set(name, (list = []));
    list.push(sample);
  }

  run<T>(name: string, fn: () => T): T {
    const { value, sample } = timed(fn);
    this.add(name, sample);
    return value;
  }

  summary(name: string): Summary {
    return summarise(this.samples.get(name) ?? []);
  }
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

export function fmtS(ms: number): string {
  return Number.isFinite(ms) ? (ms / 1000).toFixed(1) : 'n/a';
}

export function fmtRatio(r: number): string {
  return Number.isFinite(r) ? `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}x` : 'n/a';
}

export function fmtMiB(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(0)} MiB` : 'n/a';
}

/** What the figures were measured on. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  node: string;
  /** 1-minute load average at the start and end of the run (other work on the machine). */
  loadStart: number;
  loadEnd?: number;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 2 ** 30,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadStart: os.loadavg()[0],
  };
}

export function loadAverage(): number {
  return os.loadavg()[0];
}

/** A tolerance as 1e-5 rather than 0.00001. */
export function fmtTol(x: number): string {
  return x < 1e-3 ? x.toExponential() : String(x);
}
