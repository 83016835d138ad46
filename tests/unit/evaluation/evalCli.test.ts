/**
 * The evaluation runner's command line (scripts/eval.ts): argument checks, and clear
 * non-zero exits on bad input (run as a child process, nothing computed).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ATTACK_IDS } from '../../../src/evaluation/attacks/registry';
import { DEFAULT_TEXT, parseEvalArgs, shellQuote, UsageError } from '../../../scripts/lib/evalArgs';

const parse = (...argv: string[]) => parseEvalArgs(argv, { workers: 2 });

describe('eval arguments', () => {
  it('defaults: all attacks in table order, both orders, both protocols', () => {
    const a = parse('--series', 'dir');
    expect(a.series).toBe('dir');
    expect(a.attacks).toEqual([...ATTACK_IDS]);
    expect(a.orders).toEqual(['given', 'recomputed']);
    expect(a.protocols).toEqual(['v1', 'v2']);
    expect(a.text).toBe(DEFAULT_TEXT);
    expect(a.workers).toBe(2);
    expect(a.json).toBeNull();
  });

  it('attack lists (spaces or commas), orders, protocols, numbers', () => {
    const a = parse('--series', 'd', '--attacks', 'median-3', 'gauss-0.01,jpeg-10', '--order', 'given', '--protocol', 'v2', '--slices', '20', '--seed', '0', '--json', 'x.json');
    expect(a.attacks).toEqual(['gauss-0.01', 'median-3', 'jpeg-10']);
    expect(a.orders).toEqual(['given']);
    expect(a.protocols).toEqual(['v2']);
    expect(a.slices).toBe(20);
    expect(a.seed).toBe(0);
    expect(a.json).toBe('x.json');
    expect(parse('--series', 'd', '--attacks', 'all').attacks).toHaveLength(32);
    expect(parse('--series', 'd', '--order', 'recomputed').orders).toEqual(['recomputed']);
  });

  it('refuses bad input with a sentence', () => {
    const bad = (argv: string[], re: RegExp) => {
      expect(() => parse(...argv)).toThrow(UsageError);
      expect(() => parse(...argv)).toThrow(re);
    };
    bad([], /--series DIR is required/);
    bad(['--series', 'd', '--attacks', 'gauss-0.02'], /Unknown attack id: gauss-0\.02\. Valid ids: gauss-0\.01, .*jpeg-50\./);
    bad(['--series', 'd', '--attacks'], /needs 'all' or attack ids/);
    bad(['--series', 'd', '--order', 'sideways'], /--order must be given, recomputed or both/);
    bad(['--series', 'd', '--protocol', 'v3'], /--protocol must be v1, v2 or both/);
    bad(['--series', 'd', '--slices', '1'], /--slices needs an integer >= 2/);
    bad(['--series', 'd', '--workers', 'x'], /--workers needs an integer >= 1/);
    bad(['--series', 'd', '--text', ''], /--text must not be empty/);
    bad(['--series', 'd', '--frobnicate'], /Unknown argument '--frobnicate'/);
    bad(['--from-json', 'x.json', '--series', 'd'], /cannot be combined with --series/);
  });

  it('quotes command lines for the shell', () => {
    expect(shellQuote('../shared/data/vs-seg-mr')).toBe('../shared/data/vs-seg-mr');
    expect(shellQuote('Jane Doe')).toBe("'Jane Doe'");
    expect(shellQuote("O'Hara")).toBe(`'O'\\''Hara'`);
  });
});

const root = resolve(__dirname, '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const temp = mkdtempSync(join(tmpdir(), 'eval-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function runEval(...args: string[]) {
  const r = spawnSync(tsx, ['scripts/eval.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe('eval command line, bad input', () => {
  it('a missing folder: exit 1 and says so', () => {
    const r = runEval('--series', join(temp, 'nowhere'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/The series folder .*nowhere does not exist/);
  });

  it('a folder without DICOM: exit 1 and says so', () => {
    writeFileSync(join(temp, 'notes.txt'), 'not an image');
    const r = runEval('--series', temp);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/No DICOM image series found/);
  });

  it('an unknown attack id: exit 2 and lists the valid ids', () => {
    const r = runEval('--series', temp, '--attacks', 'rotate-15');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Unknown attack id: rotate-15.');
    expect(r.stderr).toContain(ATTACK_IDS.join(', '));
  });
});
