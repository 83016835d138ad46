/**
 * The series viewer: cornerstone-core draws the slice; the wheel or the slider
 * moves through slices; dragging with the mouse (or the two number boxes)
 * changes window and level. Slices are decoded one at a time, on demand.
 */
import { useEffect, useRef, useState } from 'react';
import * as cornerstone from 'cornerstone-core';
import { useAppStore } from '../state/store';
import { decodeForViewer, type SeriesFile } from '../workers/engine';

let loaderRegistered = false;
const filesById = new Map<string, SeriesFile>();

function registerLoader(): void {
  if (loaderRegistered) return;
  loaderRegistered = true;
  // Our own loader: cornerstone hands us "coverless:<n>", we decode that file.
  cornerstone.registerImageLoader('coverless', (imageId) => ({
    promise: (async () => {
      const file = filesById.get(imageId);
      if (!file) throw new Error(`Unknown image ${imageId}`);
      const { slice, windowCenter, windowWidth } = await decodeForViewer(file);
      // cornerstone's LUT is indexed by integer stored values: round the modality values.
      const pixels = new Int32Array(slice.pixels.length);
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < pixels.length; i++) {
        const v = Math.round(slice.pixels[i]);
        pixels[i] = v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      return {
        imageId,
        minPixelValue: min,
        maxPixelValue: max,
        slope: 1,
        intercept: 0,
        windowCenter: windowCenter ?? (min + max) / 2,
        windowWidth: windowWidth ?? Math.max(1, max - min),
        getPixelData: () => pixels,
        rows: slice.height,
        columns: slice.width,
        height: slice.height,
        width: slice.width,
        color: false,
        columnPixelSpacing: 1,
        rowPixelSpacing: 1,
        invert: false,
        sizeInBytes: pixels.byteLength,
      };
    })(),
  }));
}

let seriesCounter = 0;

export function Viewer() {
  const series = useAppStore((s) => s.series.find((x) => x.uid === s.selectedUid));
  const element = useRef<HTMLDivElement>(null);
  const [index, setIndex] = useState(0);
  const [voi, setVoi] = useState<{ windowWidth: number; windowCenter: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ids, setIds] = useState<string[]>([]);

  useEffect(() => {
    registerLoader();
    const el = element.current;
    if (!el) return;
    cornerstone.enable(el);
    const onResize = () => cornerstone.resize(el, true);
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      cornerstone.disable(el);
    };
  }, []);

  useEffect(() => {
    if (!series) {
      setIds([]);
      return;
    }
    const tag = ++seriesCounter;
    const next = series.files.map((file, i) => {
      const id = `coverless:${tag}/${i}`;
      filesById.set(id, file);
      return id;
    });
    setIds(next);
    setIndex(Math.floor(series.files.length / 2));
    setVoi(null);
    return () => next.forEach((id) => filesById.delete(id));
  }, [series]);

  useEffect(() => {
    const el = element.current;
    const id = ids[index];
    if (!el || !id) return;
    let stale = false;
    cornerstone
      .loadImage(id)
      .then((image) => {
        if (stale) return;
        cornerstone.displayImage(el, image, voi ? { voi } : undefined);
        if (!voi) {
          // First image of a series: the element may have been hidden (size 0) when it was enabled.
          cornerstone.resize(el, true);
          const vp = cornerstone.getViewport(el);
          if (vp) setVoi({ ...vp.voi });
        }
        setError(null);
      })
      .catch((e: unknown) => !stale && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      stale = true;
    };
    // voi changes are applied by the effect below without reloading the image
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ids, index]);

  useEffect(() => {
    const el = element.current;
    if (!el || !voi) return;
    try {
      if (cornerstone.getViewport(el)) cornerstone.setViewport(el, { voi });
    } catch {
      /* no image displayed yet */
    }
  }, [voi]);

  const count = ids.length;
  const step = (delta: number) => setIndex((i) => Math.min(count - 1, Math.max(0, i + delta)));

  const onMouseDown = (down: React.MouseEvent) => {
    if (!voi) return;
    const start = { x: down.clientX, y: down.clientY, ...voi };
    const move = (e: MouseEvent) => {
      setVoi({
        windowWidth: Math.max(1, start.windowWidth + (e.clientX - start.x) * 4),
        windowCenter: start.windowCenter + (e.clientY - start.y) * 2,
      });
    };
    const up = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };

  return (
    <div className="viewer" hidden={!series}>
      <div
        ref={element}
        className="viewport"
        aria-label="Slice image"
        role="img"
        onWheel={(e) => step(e.deltaY > 0 ? 1 : -1)}
        onMouseDown={onMouseDown}
      />
      {error && <p className="error">This slice cannot be shown: {error}</p>}
      <div className="viewer-controls">
        <label>
          Slice {count > 0 ? index + 1 : 0} / {count}
          <input
            type="range"
            aria-label="Slice"
            min={0}
            max={Math.max(0, count - 1)}
            value={index}
            onChange={(e) => setIndex(Number(e.currentTarget.value))}
          />
        </label>
        <label>
          Window
          <input
            type="number"
            aria-label="Window width"
            value={voi ? Math.round(voi.windowWidth) : ''}
            onChange={(e) => voi && setVoi({ ...voi, windowWidth: Math.max(1, Number(e.currentTarget.value)) })}
          />
        </label>
        <label>
          Level
          <input
            type="number"
            aria-label="Window level"
            value={voi ? Math.round(voi.windowCenter) : ''}
            onChange={(e) => voi && setVoi({ ...voi, windowCenter: Number(e.currentTarget.value) })}
          />
        </label>
      </div>
    </div>
  );
}
