/**
 * Helpers for the end-to-end tests: they drive the page only through the
 * accessible names of the automation contract (Study folder, Text to hide,
 * Hide, Download bundle, Index bundle, Reveal, Recovered text, Status).
 */
import { expect, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLE_DIR = path.join(REPO_ROOT, 'public/sample');
export const REAL_SERIES_DIR = path.resolve(REPO_ROOT, '../shared/data/vs-seg-mr');

/** Deterministic shuffle (mulberry32), so a failing run can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Copies the DICOM files of `srcDir` into a fresh temporary folder under new,
 * meaningless names in a shuffled order: what a receiver gets after a PACS
 * export or a cloud transfer renamed everything.
 */
export function renamedShuffledCopy(srcDir: string, seed: number, filter: (name: string) => boolean = (n) => n.endsWith('.dcm')): string {
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'received-'));
  const names = fs.readdirSync(srcDir).filter(filter).sort();
  shuffled(names, seed).forEach((name, i) => {
    const newName = `x${((i * 7919 + seed) % 100000).toString(36)}_${i}.img`;
    fs.copyFileSync(path.join(srcDir, name), path.join(dest, newName));
  });
  return dest;
}

export async function loadFolder(page: Page, dir: string, expectedSlices: number): Promise<void> {
  await page.getByLabel('Study folder').setInputFiles(dir);
  await expect(page.getByRole('status', { name: 'Status' })).toContainText(`(${expectedSlices} slices)`, { timeout: 120_000 });
}

export async function hideAndDownload(page: Page, text: string): Promise<string> {
  await page.getByRole('tab', { name: 'Hide' }).click();
  await page.getByLabel('Text to hide').fill(text);
  await page.getByRole('button', { name: 'Hide', exact: true }).click();
  const link = page.getByRole('link', { name: 'Download bundle' });
  await waitUntilIdle(page);
  await expect(link, await statusText(page)).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-')), download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

export async function revealWith(page: Page, bundlePath: string): Promise<void> {
  await page.getByRole('tab', { name: 'Reveal' }).click();
  await page.getByLabel('Index bundle').setInputFiles(bundlePath);
  await page.getByRole('button', { name: 'Reveal' }).click();
}

export async function expectRecovered(page: Page, text: string): Promise<void> {
  await waitUntilIdle(page);
  await expect(page.getByRole('region', { name: 'Recovered text' }), await statusText(page)).toHaveText(text);
}

export async function statusText(page: Page): Promise<string> {
  return (await page.getByRole('status', { name: 'Status' }).textContent()) ?? '';
}

/** Waits until the running task ends (its Cancel button goes away), however it ended. */
export async function waitUntilIdle(page: Page, timeout = 540_000): Promise<void> {
  await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0, { timeout });
}

/** Fails the test if the page ever requests anything outside its own origin. */
export function forbidForeignRequests(page: Page, origin: string): string[] {
  const foreign: string[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:')) foreign.push(url);
  });
  return foreign;
}
