/**
 * Bad input gets a clear, specific message and nothing is lost: non-DICOM,
 * truncated and compressed files in a mixed folder, a folder without images,
 * and bundles that are broken, tampered with or meant for another series.
 */
import { test, expect } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encapsulated, identity, imagePixelModule, TS, writeRawDicom } from '../fixtures/rawDicom';
import { SAMPLE_DIR, hideAndDownload, loadFolder, revealWith, statusText, waitUntilIdle } from './helpers';

const sampleFiles = fs.readdirSync(SAMPLE_DIR).filter((n) => n.endsWith('.dcm')).sort();

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

test('a mixed folder: the series is listed, every other file is skipped with its reason', async ({ page }) => {
  const dir = tempDir('mixed-');
  for (const name of sampleFiles) fs.copyFileSync(path.join(SAMPLE_DIR, name), path.join(dir, name));
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'not an image at all');
  const whole = fs.readFileSync(path.join(SAMPLE_DIR, sampleFiles[0]));
  fs.writeFileSync(path.join(dir, 'cut.dcm'), whole.subarray(0, Math.floor(whole.length / 2)));
  const jpeg = writeRawDicom({
    transferSyntaxUid: TS.jpegBaseline,
    sopInstanceUid: '1.2.3.4.5.6',
    elements: [
      ...identity({ sop: '1.2.3.4.5.6', study: '1.2.3.9', series: '1.2.3.10', modality: 'CT' }),
      ...imagePixelModule({ rows: 2, columns: 2, bitsAllocated: 8 }),
      encapsulated([Uint8Array.from([0xff, 0xd8, 0xff, 0xd9])]),
    ],
  });
  fs.writeFileSync(path.join(dir, 'compressed.dcm'), jpeg);

  await page.goto('/');
  await loadFolder(page, dir, sampleFiles.length);
  await expect(page.getByRole('status', { name: 'Status' })).toContainText('3 file(s) skipped');
  const skipped = page.getByRole('list', { name: 'Skipped files' });
  await page.getByText('3 file(s) skipped', { exact: true }).click();
  await expect(skipped.getByRole('listitem').filter({ hasText: 'notes.txt' })).toContainText(/not a DICOM/i);
  await expect(skipped.getByRole('listitem').filter({ hasText: 'cut.dcm' })).toContainText(/truncated|cut short|ends before/i);
  await expect(skipped.getByRole('listitem').filter({ hasText: 'compressed.dcm' })).toContainText(
    'JPEG Baseline (Process 1) (1.2.840.10008.1.2.4.50) is not supported yet',
  );
  await expect(page.getByRole('table', { name: 'Series found' }).getByRole('row')).toHaveCount(2);
});

test('a folder without DICOM images says so', async ({ page }) => {
  const dir = tempDir('empty-');
  fs.writeFileSync(path.join(dir, 'readme.txt'), 'hello');
  fs.writeFileSync(path.join(dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
  await page.goto('/');
  await page.getByLabel('Study folder').setInputFiles(dir);
  await expect(page.getByRole('status', { name: 'Status' })).toContainText('No DICOM image series found');
});

test('broken, tampered and mismatched bundles are refused, never shown as text', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Load sample series' }).click();
  await expect(page.getByRole('status', { name: 'Status' })).toContainText(`(${sampleFiles.length} slices)`);
  const bundlePath = await hideAndDownload(page, 'Za91');
  const bundle = JSON.parse(fs.readFileSync(bundlePath, 'utf8'));
  const recovered = page.getByRole('region', { name: 'Recovered text' });
  const variant = (name: string, content: string) => {
    const file = path.join(tempDir('bad-bundle-'), name);
    fs.writeFileSync(file, content);
    return file;
  };

  await revealWith(page, variant('garbage.json', '{"format": "coverless-dicom-index", "version": 1, "rows": [1, 2'));
  await waitUntilIdle(page);
  expect(await statusText(page)).toContain('This index bundle cannot be used');
  await expect(recovered).toHaveText('');

  await revealWith(page, variant('future.json', JSON.stringify({ ...bundle, version: 99 })));
  await waitUntilIdle(page);
  expect(await statusText(page)).toMatch(/version 99/);
  await expect(recovered).toHaveText('');

  const otherModel = { ...bundle, ordering: { ...bundle.ordering, modelFingerprint: 'f'.repeat(64) } };
  await revealWith(page, variant('model.json', JSON.stringify(otherModel)));
  await waitUntilIdle(page);
  expect(await statusText(page)).toMatch(/model/i);
  await expect(recovered).toHaveText('');

  // The right bundle against another series (fewer slices): refused before any work.
  const partial = tempDir('partial-');
  for (const name of sampleFiles.slice(0, sampleFiles.length - 5)) fs.copyFileSync(path.join(SAMPLE_DIR, name), path.join(partial, name));
  await loadFolder(page, partial, sampleFiles.length - 5);
  await revealWith(page, bundlePath);
  await waitUntilIdle(page);
  expect(await statusText(page)).toContain(`${sampleFiles.length} slices`);
  await expect(recovered).toHaveText('');
});

test('a long stage can be cancelled, and the next run works', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Load sample series' }).click();
  await expect(page.getByRole('status', { name: 'Status' })).toContainText(`(${sampleFiles.length} slices)`);
  await page.getByLabel('Text to hide').fill('Za91');
  await page.getByRole('button', { name: 'Hide', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Status' })).toContainText(/left/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await waitUntilIdle(page, 10_000);
  await expect(page.getByRole('status', { name: 'Status' })).toContainText('Cancelled');
  await expect(page.getByRole('link', { name: 'Download bundle' })).toHaveCount(0);
  await hideAndDownload(page, 'Za91');
});
