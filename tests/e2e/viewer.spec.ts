/** The viewer: cornerstone draws the slice; wheel and slider page; window and level change the picture. */
import { test, expect, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import { SAMPLE_DIR } from './helpers';

const N = (JSON.parse(fs.readFileSync(`${SAMPLE_DIR}/manifest.json`, 'utf8')) as { files: string[] }).files.length;
const MIDDLE = Math.floor(N / 2) + 1;

async function canvasStats(page: Page): Promise<{ mean: number; lit: number }> {
  return page.locator('.viewport canvas').evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d')!;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    let lit = 0;
    for (let i = 0; i < data.length; i += 4) {
      sum += data[i];
      if (data[i] > 20) lit++;
    }
    return { mean: sum / (data.length / 4), lit };
  });
}

test('the sample series is shown, paged and windowed', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Load sample series' }).click();
  await expect(page.getByText(`Slice ${MIDDLE} / ${N}`)).toBeVisible();
  await expect.poll(async () => (await canvasStats(page)).lit).toBeGreaterThan(1000);

  await page.getByRole('img', { name: 'Slice image' }).hover();
  await page.mouse.wheel(0, 100);
  await expect(page.getByText(`Slice ${MIDDLE + 1} / ${N}`)).toBeVisible();
  await page.getByLabel('Slice', { exact: true }).fill('3');
  await expect(page.getByText(`Slice 4 / ${N}`)).toBeVisible();

  const before = await canvasStats(page);
  await page.getByLabel('Window width').fill('4000');
  await expect.poll(async () => Math.abs((await canvasStats(page)).mean - before.mean)).toBeGreaterThan(5);
});
