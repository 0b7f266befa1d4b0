import type { Vec } from './points';

/** The Labeler API's horizontal box: `[x, y, width, height]` in image pixels. */
export type Bbox = [number, number, number, number];

/** The box spanned by two corners given in any order (a drag from either direction). */
export function bboxFromPoints(a: Vec, b: Vec): Bbox {
  const x = Math.min(a[0], b[0]);
  const y = Math.min(a[1], b[1]);
  return [x, y, Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1])];
}

/**
 * Moves the edges named by a handle (sx, sy ∈ {-1, 0, 1}: left/none/right, top/none/bottom) to
 * `pointer`; the other edges stay. Dragging past the opposite edge flips the box.
 */
export function resizeBbox([x, y, w, h]: Bbox, sx: -1 | 0 | 1, sy: -1 | 0 | 1, pointer: Vec): Bbox {
  let [x0, x1, y0, y1] = [x, x + w, y, y + h];
  if (sx < 0) x0 = pointer[0];
  if (sx > 0) x1 = pointer[0];
  if (sy < 0) y0 = pointer[1];
  if (sy > 0) y1 = pointer[1];
  return bboxFromPoints([x0, y0], [x1, y1]);
}

/** Corners clockwise from the top-left. */
export function bboxCorners([x, y, w, h]: Bbox): [number, number][] {
  return [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h],
  ];
}
