import type { DrawItem } from './draw-annotations';
import { decodeRle } from './rle';

/** RGBA pixels of a decoded mask: the color at `alpha` inside, transparent outside. */
export function maskToRgba(mask: { data: Uint8Array }, color: string, alpha: number): Uint8ClampedArray {
  const n = Number.parseInt(color.slice(1), 16);
  const rgba = new Uint8ClampedArray(mask.data.length * 4);
  const a = Math.round(alpha * 255);
  for (let i = 0; i < mask.data.length; i++) {
    if (!mask.data[i]) continue;
    rgba[i * 4] = (n >> 16) & 255;
    rgba[i * 4 + 1] = (n >> 8) & 255;
    rgba[i * 4 + 2] = n & 255;
    rgba[i * 4 + 3] = a;
  }
  return rgba;
}

/**
 * Decoded masks as offscreen canvases, kept per annotation and color for as long as its geometry
 * object is the same, so a redraw (every pan and zoom frame) never decodes again. A mask that
 * fails to decode is skipped, not fatal.
 */
export function createMaskCache(alpha = 0.45) {
  const cache = new Map<string, { geometry: object; canvas: HTMLCanvasElement | null }>();
  return (item: DrawItem, color: string): HTMLCanvasElement | null => {
    if (item.geometry.type !== 'mask') return null;
    const key = `${item.key}:${color}`;
    const hit = cache.get(key);
    if (hit && hit.geometry === item.geometry) return hit.canvas;
    let canvas: HTMLCanvasElement | null = null;
    try {
      const mask = decodeRle(item.geometry.rle);
      canvas = document.createElement('canvas');
      canvas.width = mask.width;
      canvas.height = mask.height;
      const pixels = maskToRgba(mask, color, alpha);
      canvas.getContext('2d')?.putImageData(new ImageData(pixels as Uint8ClampedArray<ArrayBuffer>, mask.width, mask.height), 0, 0);
    } catch {
      canvas = null;
    }
    cache.set(key, { geometry: item.geometry, canvas });
    return canvas;
  };
}
