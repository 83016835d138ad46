/**
 * Sender and receiver on different TF.js backends: hide with DenseNet on
 * WebGPU (Chromium's software adapter here), reveal on WebAssembly. The order,
 * and so the text, must come out the same.
 */
import { test, expect } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SAMPLE_DIR, expectRecovered, hideAndDownload, loadFolder, renamedShuffledCopy, revealWith } from './helpers';

// Chromium's software WebGPU adapter runs DenseNet about 30x slower than WASM,
// so this test uses the first 12 slices of the sample (44 hash rows) and a text
// of early alphabet characters that such a short series covers.
const COUNT = 12;
const TEXT = 'abcd';

test('hide on WebGPU, reveal on WebAssembly', async ({ page }) => {
  const sender = fs.mkdtempSync(path.join(os.tmpdir(), 'webgpu-'));
  for (const name of fs.readdirSync(SAMPLE_DIR).filter((n) => n.endsWith('.dcm')).sort().slice(0, COUNT)) {
    fs.copyFileSync(path.join(SAMPLE_DIR, name), path.join(sender, name));
  }
  await page.goto('/?backend=webgpu');
  await loadFolder(page, sender, COUNT);
  const bundlePath = await hideAndDownload(page, TEXT);
  await expect(page.getByLabel('Backend in use')).toContainText('webgpu');

  await page.goto('/?backend=wasm');
  await loadFolder(page, renamedShuffledCopy(sender, 99), COUNT);
  await revealWith(page, bundlePath);
  await expectRecovered(page, TEXT);
  await expect(page.getByLabel('Backend in use')).toContainText('wasm');
});
