/** Geometry helpers the drawing code needs, in image pixel coordinates. */

type Pt = readonly [number, number];

/**
 * Corners of a rotated box, clockwise from the top-left before rotation. A positive angle turns
 * clockwise on screen (image y points down), the same sense as canvas `rotate()` and Fabric's angle.
 */
export function rotatedBoxCorners(g: { cx: number; cy: number; width: number; height: number; angle: number }): [number, number][] {
  const t = (g.angle * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const hw = g.width / 2;
  const hh = g.height / 2;
  const local: Pt[] = [
    [-hw, -hh],
    [hw, -hh],
    [hw, hh],
    [-hw, hh],
  ];
  return local.map(([x, y]) => [g.cx + x * cos - y * sin, g.cy + x * sin + y * cos]);
}

/** Start and end in radians for canvas `arc()`; a span of 360° or more is the full circle. */
export function arcRadians(startDeg: number, endDeg: number): { start: number; end: number; full: boolean } {
  const full = Math.abs(endDeg - startDeg) >= 360;
  const start = (startDeg * Math.PI) / 180;
  return { start, end: full ? start + 2 * Math.PI : (endDeg * Math.PI) / 180, full };
}

/** #RRGGBB with an alpha, as rgba() for canvas styles. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  if (!/^#[0-9a-fA-F]{6}$/.test(hex) || Number.isNaN(n)) return `rgba(255,255,255,${alpha})`;
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}
