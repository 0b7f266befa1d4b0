/**
 * The viewer's camera: screen = image * scale + offset, in CSS pixels of the canvas box.
 * Pure functions so zoom and pan can be tested without a DOM; the canvas multiplies by
 * devicePixelRatio only when it draws.
 */
export interface View {
  scale: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export const MIN_SCALE = 0.01;
export const MAX_SCALE = 64;

export const clampScale = (scale: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));

/** The whole image centred in the viewport with `padding` CSS pixels around it. */
export function fitView(image: Size, viewport: Size, padding = 16): View {
  const availW = Math.max(1, viewport.width - 2 * padding);
  const availH = Math.max(1, viewport.height - 2 * padding);
  const scale = clampScale(Math.min(availW / image.width, availH / image.height));
  return centred(image, viewport, scale);
}

/** The image at `scale`, centred in the viewport. */
export function centred(image: Size, viewport: Size, scale: number): View {
  return { scale, x: (viewport.width - image.width * scale) / 2, y: (viewport.height - image.height * scale) / 2 };
}

/** Zooms by `factor` keeping the image point under the screen point (sx, sy) fixed. */
export function zoomAt(view: View, factor: number, sx: number, sy: number): View {
  const scale = clampScale(view.scale * factor);
  const k = scale / view.scale;
  return { scale, x: sx - (sx - view.x) * k, y: sy - (sy - view.y) * k };
}

/** Zooms to an absolute scale (e.g. 1 for 100%) around a screen point. */
export function zoomTo(view: View, scale: number, sx: number, sy: number): View {
  return zoomAt(view, scale / view.scale, sx, sy);
}

export function panBy(view: View, dx: number, dy: number): View {
  return { ...view, x: view.x + dx, y: view.y + dy };
}

export function screenToImage(view: View, sx: number, sy: number): [number, number] {
  return [(sx - view.x) / view.scale, (sy - view.y) / view.scale];
}

export function imageToScreen(view: View, ix: number, iy: number): [number, number] {
  return [ix * view.scale + view.x, iy * view.scale + view.y];
}

/** Wheel delta to a zoom factor; trackpads send many small deltas, mice fewer large ones. */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(-Math.max(-200, Math.min(200, pixels)) * 0.0015);
}
