/**
 * The two flows end to end on the production build: hide on the sample series,
 * reveal from a renamed and shuffled copy, with the paper's example text and
 * with a name that needs the UTF-8 coding; then the same on the real MR series.
 */
import { test, expect } from '@playwright/test';
import * as fs from 'node:fs';
import {
  REAL_SERIES_DIR,
  SAMPLE_DIR,
  expectRecovered,
  forbidForeignRequests,
  hideAndDownload,
  loadFolder,
  renamedShuffledCopy,
  revealWith,
} from './helpers';

const SAMPLE_SLICES = (JSON.parse(fs.readFileSync(`${SAMPLE_DIR}/manifest.json`, 'utf8')) as { files: string[] }).files.length;

for (const text of ['Za91', 'José Núñez-Ødegård']) {
  test(`sample series: hide "${text}", reveal it from a renamed, shuffled copy`, async ({ page, baseURL }) => {
    const foreign = forbidForeignRequests(page, baseURL!);
    await page.goto('/');
    await page.getByRole('button', { name: 'Load sample series' }).click();
    await expect(page.getByRole('status', { name: 'Status' })).toContainText(`(${SAMPLE_SLICES} slices)`);
    const bundlePath = await hideAndDownload(page, text);

    // The bundle holds row numbers and parameters, never the text.
    const bundle = fs.readFileSync(bundlePath, 'utf8');
    expect(bundle).not.toContain(text);
    expect(bundle).not.toContain('Doe');
    expect(JSON.parse(bundle).rows.length).toBeGreaterThanOrEqual([...text].length);

    await page.reload();
    await loadFolder(page, renamedShuffledCopy(SAMPLE_DIR, 20200121), SAMPLE_SLICES);
    await revealWith(page, bundlePath);
    await expectRecovered(page, text);
    expect(foreign).toEqual([]);
  });
}

test('real MR series (../shared/data/vs-seg-mr): hide and reveal from a renamed, shuffled copy', async ({ page }) => {
  test.skip(!fs.existsSync(REAL_SERIES_DIR), `skipped: the real series is absent at ${REAL_SERIES_DIR}`);
  test.setTimeout(900_000);
  const count = fs.readdirSync(REAL_SERIES_DIR).filter((n) => n.endsWith('.dcm')).length;
  await page.goto('/');
  await loadFolder(page, REAL_SERIES_DIR, count);
  const text = 'Za91 Ångström';
  const bundlePath = await hideAndDownload(page, text);
  await page.reload();
  await loadFolder(page, renamedShuffledCopy(REAL_SERIES_DIR, 7), count);
  await revealWith(page, bundlePath);
  await expectRecovered(page, text);
});
