import type { Vec } from './points';

/** The Labeler API's circle or arc: degrees clockwise on screen from the +x axis, y down. */
export interface CircleArc {
  center: Vec;
  radius: number;
  start_angle: number;
  end_angle: number;
}

const RAD = Math.PI / 180;

/** The direction from `center` to `p` in degrees, in [0, 360). */
export function angleOf(center: Vec, p: Vec): number {
  const a = Math.atan2(p[1] - center[1], p[0] - center[0]) / RAD;
  return a < 0 ? a + 360 : a;
}

export const isFullCircle = (g: Pick<CircleArc, 'start_angle' | 'end_angle'>): boolean => Math.abs(g.end_angle - g.start_angle) >= 360;

/**
 * A canonical arc: start in [0, 360) and end in (start, start + 360]. The sweep always runs
 * clockwise from start to end, as canvas `arc()` draws it; an empty sweep becomes a full circle.
 */
export function normalizeArc(start: number, end: number): { start_angle: number; end_angle: number } {
  if (Math.abs(end - start) >= 360) {
    const s = ((start % 360) + 360) % 360;
    return { start_angle: s >= 360 ? 0 : s, end_angle: (s >= 360 ? 0 : s) + 360 };
  }
  let s = ((start % 360) + 360) % 360;
  if (s >= 360) s = 0;
  let sweep = (((end - start) % 360) + 360) % 360;
  // An empty sweep, or one a rounding error short of 360°, is the whole circle.
  if (sweep < 1e-9 || sweep > 360 - 1e-9) sweep = 360;
  return { start_angle: s, end_angle: s + sweep };
}

/** The point on the circle at `deg`. */
export function pointOnCircle(center: Vec, radius: number, deg: number): [number, number] {
  return [center[0] + radius * Math.cos(deg * RAD), center[1] + radius * Math.sin(deg * RAD)];
}

/** Whether the direction `deg` lies within the arc's clockwise sweep. */
export function angleInArc(g: Pick<CircleArc, 'start_angle' | 'end_angle'>, deg: number): boolean {
  if (isFullCircle(g)) return true;
  const { start_angle, end_angle } = normalizeArc(g.start_angle, g.end_angle);
  const d = (((deg - start_angle) % 360) + 360) % 360;
  return d <= end_angle - start_angle;
}

/** Inside the sector (the pie slice) the arc bounds: the region its area counts. */
export function pointInSector(g: CircleArc, p: Vec): boolean {
  const r = Math.hypot(p[0] - g.center[0], p[1] - g.center[1]);
  if (r > g.radius) return false;
  return r === 0 || angleInArc(g, angleOf(g.center, p));
}

/** Distance from `p` to the arc's curve (not its radii). */
export function distanceToArc(g: CircleArc, p: Vec): number {
  const r = Math.hypot(p[0] - g.center[0], p[1] - g.center[1]);
  if (r > 0 && angleInArc(g, angleOf(g.center, p))) return Math.abs(r - g.radius);
  const { start_angle, end_angle } = normalizeArc(g.start_angle, g.end_angle);
  const a = pointOnCircle(g.center, g.radius, start_angle);
  const b = pointOnCircle(g.center, g.radius, end_angle);
  return Math.min(Math.hypot(p[0] - a[0], p[1] - a[1]), Math.hypot(p[0] - b[0], p[1] - b[1]));
}
