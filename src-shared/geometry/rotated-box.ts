import type { Vec } from './points';

/** The Labeler API's rotated bbox: centre, size and angle in degrees (clockwise on screen, y down). */
export interface RotatedBox {
  cx: number;
  cy: number;
  width: number;
  height: number;
  angle: number;
}

const RAD = Math.PI / 180;

/** An angle in degrees folded into (-180, 180]. */
export function normalizeAngle(deg: number): number {
  let a = deg % 360;
  if (a <= -180) a += 360;
  if (a > 180) a -= 360;
  return a === 0 ? 0 : a;
}

/** A box-frame offset (x along the box's width, y along its height) turned into image pixels. */
export function fromLocal(b: RotatedBox, [lx, ly]: Vec): [number, number] {
  const cos = Math.cos(b.angle * RAD);
  const sin = Math.sin(b.angle * RAD);
  return [b.cx + lx * cos - ly * sin, b.cy + lx * sin + ly * cos];
}

/** An image point as an offset in the box's own frame (centre at 0, axes along width and height). */
export function toLocal(b: RotatedBox, [x, y]: Vec): [number, number] {
  const cos = Math.cos(b.angle * RAD);
  const sin = Math.sin(b.angle * RAD);
  const dx = x - b.cx;
  const dy = y - b.cy;
  return [dx * cos + dy * sin, -dx * sin + dy * cos];
}

/**
 * Corners clockwise from the top-left before rotation. A positive angle turns clockwise on screen
 * (image y points down), the same sense as canvas `rotate()` and Fabric's angle.
 */
export function rotatedBoxCorners(b: RotatedBox): [number, number][] {
  const hw = b.width / 2;
  const hh = b.height / 2;
  return [
    fromLocal(b, [-hw, -hh]),
    fromLocal(b, [hw, -hh]),
    fromLocal(b, [hw, hh]),
    fromLocal(b, [-hw, hh]),
  ];
}

/** The box whose corners (as rotatedBoxCorners orders them) are given; the inverse of it. */
export function rotatedBoxFromCorners(corners: readonly Vec[]): RotatedBox {
  const [tl, tr, br] = corners;
  const width = Math.hypot(tr[0] - tl[0], tr[1] - tl[1]);
  const height = Math.hypot(br[0] - tr[0], br[1] - tr[1]);
  const angle = width > 0 ? Math.atan2(tr[1] - tl[1], tr[0] - tl[0]) / RAD : Math.atan2(br[1] - tr[1], br[0] - tr[0]) / RAD - 90;
  return { cx: (tl[0] + br[0]) / 2, cy: (tl[1] + br[1]) / 2, width, height, angle: normalizeAngle(angle) };
}

/**
 * The box turned so that its rotation handle (above the middle of the top edge) points at
 * `pointer`. With `snapDeg`, the angle snaps to multiples of it (Shift while rotating).
 */
export function rotateBoxToward(b: RotatedBox, pointer: Vec, snapDeg = 0): RotatedBox {
  let angle = Math.atan2(pointer[1] - b.cy, pointer[0] - b.cx) / RAD + 90;
  if (snapDeg > 0) angle = Math.round(angle / snapDeg) * snapDeg;
  return { ...b, angle: normalizeAngle(angle) };
}

/**
 * Moves the edges named by a handle (sx, sy ∈ {-1, 0, 1}: which side along width and height) to
 * `pointer`, keeping the opposite edges fixed in the image. Dragging past the opposite edge
 * flips the box instead of giving it a negative size.
 */
export function resizeRotatedBox(b: RotatedBox, sx: -1 | 0 | 1, sy: -1 | 0 | 1, pointer: Vec): RotatedBox {
  const [px, py] = toLocal(b, pointer);
  const hw = b.width / 2;
  const hh = b.height / 2;
  let [x0, x1] = [-hw, hw];
  let [y0, y1] = [-hh, hh];
  if (sx < 0) x0 = px;
  if (sx > 0) x1 = px;
  if (sy < 0) y0 = py;
  if (sy > 0) y1 = py;
  const [cx, cy] = fromLocal(b, [(x0 + x1) / 2, (y0 + y1) / 2]);
  return { cx, cy, width: Math.abs(x1 - x0), height: Math.abs(y1 - y0), angle: b.angle };
}
