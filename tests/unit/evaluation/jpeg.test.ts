import { describe, expect, it } from 'vitest';
import { encodeJpeg, jpegCompress } from '../../../src/evaluation/attacks/jpeg';
import { psnr } from '../../../src/evaluation/metrics';
import { img } from './helpers';

const smooth = img(64, 48, (x, y) => 0.5 + 0.3 * Math.sin(x / 10) * Math.cos(y / 13));
const quantised = Float32Array.from(smooth.pixels, (v) => Math.round(v * 255) / 255);

describe('JPEG (jpeg-js encode/decode of the 8-bit image)', () => {
  it('produces a real JPEG stream', () => {
    const bytes = encodeJpeg(smooth, 50);
    expect(bytes[0]).toBe(0xff);
    expect(bytes[1]).toBe(0xd8); // SOI
    expect(bytes[bytes.length - 2]).toBe(0xff);
    expect(bytes[bytes.length - 1]).toBe(0xd9); // EOI
  });
  it('q = 50 on a smooth image: PSNR > 30 dB, output differs from input, 8-bit values', () => {
    const out = jpegCompress(smooth, 50);
    expect(out.width).toBe(64);
    expect(out.height).toBe(48);
    expect(psnr(quantised, out.pixels)).toBeGreaterThan(30);
    let differ = 0;
    for (let i = 0; i < out.pixels.length; i++) {
      if (Math.abs(out.pixels[i] - quantised[i]) > 1e-6) differ++;
      expect(Math.round(out.pixels[i] * 255)).toBeCloseTo(out.pixels[i] * 255, 3);
    }
    expect(differ).toBeGreaterThan(0);
  });
  it('q = 10 loses more than q = 50, q = 100 is nearly lossless', () => {
    const p10 = psnr(quantised, jpegCompress(smooth, 10).pixels);
    const p50 = psnr(quantised, jpegCompress(smooth, 50).pixels);
    const p100 = psnr(quantised, jpegCompress(smooth, 100).pixels);
    expect(p10).toBeLessThan(p50);
    expect(p50).toBeLessThan(p100);
    expect(p100).toBeGreaterThan(45);
  });
  it('works where Buffer is not defined (browser / worker)', () => {
    const g = globalThis as { Buffer?: unknown };
    const saved = g.Buffer;
    const withBuffer = jpegCompress(smooth, 50).pixels;
    delete g.Buffer;
    try {
      expect(typeof g.Buffer).toBe('undefined');
      const out = jpegCompress(smooth, 50).pixels;
      expect(Array.from(out)).toEqual(Array.from(withBuffer));
      expect(typeof g.Buffer).toBe('undefined');
    } finally {
      g.Buffer = saved;
    }
  });
});
