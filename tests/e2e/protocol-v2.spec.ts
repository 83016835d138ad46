/**
 * Protocol v2 in the page: structured details with a passphrase, revealed from
 * a renamed and shuffled copy with the right passphrase; refused with a wrong
 * one, with a tampered bundle and with another series; and revealed from the
 * de-identified copy, whose pixel data is byte-identical to the original.
 */
import { test, expect, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { parseDicom } from '../../src/ingest';
import { makePhantomSeries } from '../../src/sample/phantom';
import { phantomToDicomFiles } from '../../src/sample/phantomDicom';
import { SAMPLE_SIZE, SAMPLE_THICKNESS } from '../../src/sample/sample';
import {
  SAMPLE_DIR,
  expectRecovered,
  hideAndDownload,
  loadFolder,
  renamedShuffledCopy,
  revealWith,
  statusText,
  waitUntilIdle,
} from './helpers';

const files = fs.readdirSync(SAMPLE_DIR).filter((n) => n.endsWith('.dcm')).sort();
const N = files.length;
const PASSPHRASE = 'correct horse battery staple';
const DETAILS = {
  'Patient name': 'Zoë Ångström-Núñez',
  'Patient ID': 'PID-4711',
  'Birth date': '1961-02-03',
  Sex: 'F',
  Institution: 'Hôpital Universitaire Genève',
  'Clinical note': 'CTA, suspected dissection',
};
const TEXT = 'Za91 — contact Dr. 李';

async function hideV2(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Load sample series' }).click();
  await expect(page.getByRole('status', { name: 'Status' })).toContainText(`(${N} slices)`);
  for (const [label, value] of Object.entries(DETAILS)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  const bundlePath = await hideAndDownload(page, TEXT);
  expect(await statusText(page)).toContain('protocol v2');
  return bundlePath;
}

async function expectRefused(page: Page, pattern: RegExp): Promise<void> {
  await waitUntilIdle(page);
  expect(await statusText(page)).toMatch(pattern);
  await expect(page.getByRole('region', { name: 'Recovered text' })).toHaveText('');
  await expect(page.getByLabel('Patient name', { exact: true })).toHaveCount(0);
}

test('v2: hide with a passphrase; reveal with it, refuse a wrong one and a tampered bundle', async ({ page }) => {
  const bundlePath = await hideV2(page);
  const bundleText = fs.readFileSync(bundlePath, 'utf8');
  const bundle = JSON.parse(bundleText);
  expect(bundle.version).toBe(2);
  // The base-64 fields are random bytes and may spell anything short: search everything else.
  const clear = JSON.stringify({ ...bundle, ciphertext: '', kdf: { ...bundle.kdf, salt: '' }, cipher: { ...bundle.cipher, iv: '' } });
  for (const value of [...Object.values(DETAILS), TEXT, 'Jane', 'PHANTOM'].filter((v) => v.length > 2)) {
    expect(clear).not.toContain(value);
  }
  expect(bundle).not.toHaveProperty('rows');

  await page.reload();
  await loadFolder(page, renamedShuffledCopy(SAMPLE_DIR, 31), N);
  await page.getByRole('tab', { name: 'Reveal' }).click();

  await page.getByLabel('Passphrase', { exact: true }).fill('wrong horse battery staple');
  await revealWith(page, bundlePath);
  await expectRefused(page, /Cannot verify/);

  const tampered = { ...bundle, ciphertext: (bundle.ciphertext[0] === 'A' ? 'B' : 'A') + bundle.ciphertext.slice(1) };
  const tamperedPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tampered-')), 'index-bundle.json');
  fs.writeFileSync(tamperedPath, JSON.stringify(tampered));
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await revealWith(page, tamperedPath);
  await expectRefused(page, /Cannot verify/);

  const paramsChanged = { ...bundle, features: { ...bundle.features, medianSize: 5 } };
  const paramsChangedPath = path.join(path.dirname(tamperedPath), 'params-changed.json');
  fs.writeFileSync(paramsChangedPath, JSON.stringify(paramsChanged));
  await revealWith(page, paramsChangedPath);
  await expectRefused(page, /Cannot verify/);

  await revealWith(page, bundlePath);
  await expectRecovered(page, TEXT);
  for (const [label, value] of Object.entries(DETAILS)) await expect(page.getByLabel(label, { exact: true })).toHaveText(value);
  await expect(page.getByText('Bundle version 2')).toBeVisible();
  await expect(page.getByText(/Verified \(protocol v2\)/)).toBeVisible();
});

test('v2: a bundle of another series (same slice count, other images) is refused', async ({ page }) => {
  const bundlePath = await hideV2(page);
  // Another patient's series with the same slice count and size: a phantom from another seed.
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'other-'));
  const phantom = makePhantomSeries({ slices: N, size: SAMPLE_SIZE, seed: 4242, modality: 'CT', sliceThickness: SAMPLE_THICKNESS });
  for (const f of phantomToDicomFiles(phantom, { seed: 4242, patient: { name: 'Other^Patient', id: 'OTHER-1', birthDate: '19800101', sex: 'M', age: '040Y' }, institutionName: 'Other Hospital' })) {
    fs.writeFileSync(path.join(other, f.name), f.bytes);
  }
  await page.reload();
  await loadFolder(page, other, N);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await revealWith(page, bundlePath);
  await expectRefused(page, /Cannot verify/);
});

test('v2: the de-identified copy keeps every pixel byte and reveals the details', async ({ page }) => {
  const bundlePath = await hideV2(page);
  await page.getByRole('button', { name: 'Make de-identified copy' }).click();
  const link = page.getByRole('link', { name: 'Download de-identified copy' });
  await expect(link).toBeVisible({ timeout: 120_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const zipPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deid-')), 'copy.zip');
  await download.saveAs(zipPath);

  const entries = unzipSync(new Uint8Array(fs.readFileSync(zipPath)));
  const names = Object.keys(entries).sort();
  expect(names).toHaveLength(N);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-series-'));
  const originalPixels = new Map<string, Buffer>();
  for (const name of files) {
    const bytes = new Uint8Array(fs.readFileSync(path.join(SAMPLE_DIR, name)));
    const parsed = parseDicom(bytes);
    originalPixels.set(parsed.header.imagePosition!.join('\\'), Buffer.from(bytes.subarray(parsed.pixelData!.offset, parsed.pixelData!.offset + parsed.pixelData!.length)));
  }
  for (const name of names) {
    const bytes = entries[name];
    fs.writeFileSync(path.join(dir, name), bytes);
    const parsed = parseDicom(bytes);
    const h = parsed.header;
    expect(h.patientName).not.toContain('Doe');
    expect(h.patientId).not.toBe('PHANTOM-0001');
    expect(h.patientBirthDate).not.toBe('19700101');
    expect(h.institutionName).toBe('');
    expect(parsed.dataSet.string('x00120062')).toBe('YES'); // PatientIdentityRemoved
    const pixels = Buffer.from(bytes.subarray(parsed.pixelData!.offset, parsed.pixelData!.offset + parsed.pixelData!.length));
    expect(Buffer.compare(pixels, originalPixels.get(h.imagePosition!.join('\\'))!)).toBe(0);
  }

  await page.reload();
  await loadFolder(page, dir, N);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await revealWith(page, bundlePath);
  await expectRecovered(page, TEXT);
  await expect(page.getByLabel('Patient name', { exact: true })).toHaveText(DETAILS['Patient name']);
});
