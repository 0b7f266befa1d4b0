/** Geometry helpers the drawing code needs, in image pixel coordinates. */

/** Rotated boxes live in shared geometry; re-exported here for the drawing code. */
export { rotatedBoxCorners } from '../../../src-shared/geometry/rotated-box';

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
