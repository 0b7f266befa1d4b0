import { useEffect, useState } from 'react';
import type { Size, View } from './view-transform';

/** Past this many pixels on a side, a downscaled copy is made for zoomed-out views. */
const PREVIEW_MAX_SIDE = 4096;

/**
 * A 10,000 × 10,000 photo drawn whole on every pan frame is ~100 M pixels of resampling. A
 * downscaled copy (made once, off the main thread by createImageBitmap) serves every zoom at
 * which it has enough pixels; past that, only the visible part of the full image is drawn.
 */
export function useImageLevels(bitmap: HTMLImageElement | null): { full: HTMLImageElement | null; preview: ImageBitmap | null } {
  const [preview, setPreview] = useState<ImageBitmap | null>(null);
  useEffect(() => {
    setPreview(null);
    if (!bitmap) return;
    const w = bitmap.naturalWidth;
    const h = bitmap.naturalHeight;
    if (Math.max(w, h) <= PREVIEW_MAX_SIDE) return;
    const k = PREVIEW_MAX_SIDE / Math.max(w, h);
    let live = true;
    let made: ImageBitmap | null = null;
    createImageBitmap(bitmap, { resizeWidth: Math.round(w * k), resizeHeight: Math.round(h * k), resizeQuality: 'medium' })
      .then((b) => {
        made = b;
        if (live) setPreview(b);
        else b.close();
      })
      .catch(() => undefined);
    return () => {
      live = false;
      made?.close();
    };
  }, [bitmap]);
  return { full: bitmap, preview };
}

/**
 * Draws the part of the image inside `area` (CSS pixels of the canvas) onto a context already
 * transformed to image pixels, from the preview when it holds enough pixels for this zoom. The
 * source rectangle reaches a little past the area so resampling at its edges matches a full draw
 * (pan strips must join the pixels already on screen without a seam).
 */
export function drawImageLayer(ctx: CanvasRenderingContext2D, levels: { full: HTMLImageElement | null; preview: ImageBitmap | null }, image: Size, view: View, area: { x: number; y: number; width: number; height: number }, dpr: number): void {
  const { full, preview } = levels;
  if (!full) return;
  const onScreen = view.scale * dpr * image.width;
  const source: CanvasImageSource = preview && onScreen <= preview.width ? preview : full;
  const sw = source === preview ? preview.width : full.naturalWidth;
  const sh = source === preview ? preview.height : full.naturalHeight;
  const margin = Math.max(2, 4 / view.scale);
  const x0 = Math.max(0, Math.floor((area.x - view.x) / view.scale - margin));
  const y0 = Math.max(0, Math.floor((area.y - view.y) / view.scale - margin));
  const x1 = Math.min(image.width, Math.ceil((area.x + area.width - view.x) / view.scale + margin));
  const y1 = Math.min(image.height, Math.ceil((area.y + area.height - view.y) / view.scale + margin));
  if (x1 <= x0 || y1 <= y0) return;
  const kx = sw / image.width;
  const ky = sh / image.height;
  ctx.drawImage(source, x0 * kx, y0 * ky, (x1 - x0) * kx, (y1 - y0) * ky, x0, y0, x1 - x0, y1 - y0);
}
