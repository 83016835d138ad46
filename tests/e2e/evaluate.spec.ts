/** The Evaluate panel on the sample series: two attacks, the Table 1 layout and both Fig. 11 plots. */
import { test, expect } from '@playwright/test';
import * as fs from 'node:fs';
import { SAMPLE_DIR, statusText, waitUntilIdle } from './helpers';

const N = (JSON.parse(fs.readFileSync(`${SAMPLE_DIR}/manifest.json`, 'utf8')) as { files: string[] }).files.length;

test('Evaluate: two attacks give a results table and the two Fig. 11 plots', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Load sample series' }).click();
  await expect(page.getByRole('status', { name: 'Status' })).toContainText(`(${N} slices)`);
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  // Default choice: Gauss 0.01 and JPEG Q=50; add Median 3x3, remove JPEG.
  await page.getByLabel('Median 3x3').check();
  await page.getByLabel('JPEG Q=50').uncheck();
  await page.getByLabel('Slice order').selectOption('both');
  await page.getByRole('button', { name: 'Run evaluation' }).click();
  await waitUntilIdle(page);
  expect(await statusText(page)).toContain('Evaluated 2 attack(s)');

  const table = page.getByRole('table', { name: 'Evaluation results' });
  const rows = table.getByRole('row');
  await expect(rows).toHaveCount(1 + 2 * 2);
  const gauss = rows.filter({ hasText: 'Gauss 0.01' }).filter({ hasText: 'given' });
  await expect(gauss).toContainText('0.9863'); // the paper's bit accuracy beside ours
  const cells = await gauss.getByRole('cell').allTextContents();
  const bit = Number(cells[4]);
  const block = Number(cells[5]);
  expect(bit).toBeGreaterThan(0.4);
  expect(bit).toBeLessThanOrEqual(1);
  expect(block).toBeLessThanOrEqual(bit);
  await expect(page.getByRole('img', { name: /Hiding success rate against slices used/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Block accuracy against the fraction of lost slices/ })).toBeVisible();
  expect(await page.getByRole('img', { name: /Hiding success rate/ }).locator('circle').count()).toBeGreaterThanOrEqual(2);
});
