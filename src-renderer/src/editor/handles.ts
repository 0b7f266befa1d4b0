import { resizeBbox } from '../../../src-shared/geometry/bbox';
import { angleOf, isFullCircle, normalizeArc, pointOnCircle } from '../../../src-shared/geometry/circle-arc';
import { insertVertex, moveVertex, removeVertex } from '../../../src-shared/geometry/polygon-edit';
import { plain, type Vec } from '../../../src-shared/geometry/points';
import { fromLocal, resizeRotatedBox, rotateBoxToward } from '../../../src-shared/geometry/rotated-box';
import type { Geometry } from '../../../src-shared/geometry/schemas';

/**
 * The handles of the shape being edited and what dragging each does, as pure functions: the
 * overlay draws `handlesOf`, the tools hit-test the same list and call `dragHandle`.
 */
export type HandleKind = 'resize' | 'rotate' | 'vertex' | 'midpoint' | 'radius' | 'arc-start' | 'arc-end';
type Side = -1 | 0 | 1;

export interface Handle {
  kind: HandleKind;
  /** Where it is drawn, in image pixels. */
  point: [number, number];
  /** Vertex or edge index for vertex and midpoint handles. */
  index: number;
  sx: Side;
  sy: Side;
  cursor: string;
}

/** Screen pixels between a rotated box's top edge and its rotation handle. */
export const ROTATE_HANDLE_OFFSET_PX = 28;
/** How close (screen pixels) the pointer must be to grab a handle. */
export const HANDLE_HIT_PX = 8;

const SIDES: [Side, Side][] = [[-1, -1], [0, -1], [1, -1], [1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0]];
const RESIZE_CURSORS = ['nwse-resize', 'ns-resize', 'nesw-resize', 'ew-resize', 'nwse-resize', 'ns-resize', 'nesw-resize', 'ew-resize'];
const handle = (kind: HandleKind, point: Vec, index = 0, sx: Side = 0, sy: Side = 0, cursor = 'move'): Handle => ({ kind, point: plain(point), index, sx, sy, cursor });

function pathHandles(points: readonly Vec[], closed: boolean, withMidpoints: boolean): Handle[] {
  const out = points.map((p, i) => handle('vertex', p, i));
  if (!withMidpoints) return out;
  const edges = closed ? points.length : points.length - 1;
  for (let i = 0; i < edges; i++) {
    const a = points[i];
    const b = points[(i + 1) % points.length];
    out.push(handle('midpoint', [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], i, 0, 0, 'copy'));
  }
  return out;
}

/** Handles of a shape at the given zoom (the rotation handle keeps a fixed screen distance). */
export function handlesOf(g: Geometry, scale: number): Handle[] {
  switch (g.type) {
    case 'bbox': {
      const [x, y, w, h] = g.bbox;
      return SIDES.map(([sx, sy], i) => handle('resize', [x + ((sx + 1) / 2) * w, y + ((sy + 1) / 2) * h], i, sx, sy, RESIZE_CURSORS[i]));
    }
    case 'rotated_bbox': {
      const hw = g.width / 2;
      const hh = g.height / 2;
      const resize = SIDES.map(([sx, sy], i) => handle('resize', fromLocal(g, [sx * hw, sy * hh]), i, sx, sy, 'crosshair'));
      return [...resize, handle('rotate', fromLocal(g, [0, -hh - ROTATE_HANDLE_OFFSET_PX / scale]), 0, 0, 0, 'grab')];
    }
    case 'polygon':
      return pathHandles(g.points, true, true);
    case 'polyline':
      return pathHandles(g.points, g.closed, true);
    case 'points':
      return pathHandles(g.points, false, false);
    case 'line':
      return pathHandles([g.p1, g.p2], false, false);
    case 'circle': {
      const { start_angle, end_angle } = normalizeArc(g.start_angle, g.end_angle);
      const full = isFullCircle(g);
      const out = [handle('radius', pointOnCircle(g.center, g.radius, full ? start_angle + 180 : (start_angle + end_angle) / 2), 0, 0, 0, 'ew-resize')];
      out.push(handle('arc-end', pointOnCircle(g.center, g.radius, end_angle), 0, 0, 0, 'crosshair'));
      if (!full) out.push(handle('arc-start', pointOnCircle(g.center, g.radius, start_angle), 0, 0, 0, 'crosshair'));
      return out;
    }
    case 'mask':
      return [];
  }
}

/** Arcs within this many degrees of closing snap shut into a full circle. */
const CLOSE_ARC_DEG = 4;

/**
 * The shape with `h` dragged to `p`, computed from the shape as it was when the drag began (so
 * the result never depends on how many move events arrived). `snap` (Shift) rotates in 15° steps.
 */
export function dragHandle(g: Geometry, h: Handle, p: Vec, snap = false): Geometry {
  const q = plain(p);
  switch (g.type) {
    case 'bbox':
      return { ...g, bbox: resizeBbox(g.bbox, h.sx, h.sy, q) };
    case 'rotated_bbox':
      return { ...g, ...(h.kind === 'rotate' ? rotateBoxToward(g, q, snap ? 15 : 0) : resizeRotatedBox(g, h.sx, h.sy, q)) };
    case 'polygon':
    case 'polyline':
    case 'points':
      return { ...g, points: h.kind === 'midpoint' ? insertVertex(g.points, h.index, q) : moveVertex(g.points, h.index, q) };
    case 'line':
      return h.index === 0 ? { ...g, p1: q } : { ...g, p2: q };
    case 'circle': {
      if (h.kind === 'radius') return { ...g, radius: Math.max(0.5, Math.hypot(q[0] - g.center[0], q[1] - g.center[1])) };
      const a = angleOf(g.center, q);
      const arc = h.kind === 'arc-start' ? normalizeArc(a, g.end_angle) : normalizeArc(g.start_angle, a);
      const sweep = arc.end_angle - arc.start_angle;
      return { ...g, ...(sweep < CLOSE_ARC_DEG || sweep > 360 - CLOSE_ARC_DEG ? { start_angle: arc.start_angle, end_angle: arc.start_angle + 360 } : arc) };
    }
    case 'mask':
      return g;
  }
}

/** Fewest vertices each path type keeps when one is deleted. */
const MIN_VERTICES: Partial<Record<Geometry['type'], number>> = { polygon: 3, polyline: 2, points: 1 };

/** The shape without the vertex under `h`, or the reason it cannot lose one. */
export function deleteVertex(g: Geometry, h: Handle): Geometry | string {
  if (h.kind !== 'vertex' || (g.type !== 'polygon' && g.type !== 'polyline' && g.type !== 'points')) return 'only polygon, polyline and keypoint vertices can be deleted';
  const min = MIN_VERTICES[g.type]!;
  if (g.points.length <= min) return `a ${g.type === 'points' ? 'keypoint annotation' : g.type} keeps at least ${min} ${min === 1 ? 'point' : 'points'}; delete the whole shape instead`;
  const visible = g.type === 'points' && g.visible ? { visible: g.visible.filter((_, i) => i !== h.index) } : {};
  const labels = g.type === 'points' && g.labels ? { labels: g.labels.filter((_, i) => i !== h.index) } : {};
  return { ...g, points: removeVertex(g.points, h.index), ...visible, ...labels };
}

/**
 * The handle under a screen point: the nearest within HANDLE_HIT_PX, vertices before the
 * midpoints that may sit close to them on short edges.
 */
export function handleAt(handles: readonly Handle[], screen: Vec, toScreen: (p: Vec) => Vec): Handle | null {
  let best: Handle | null = null;
  let bestScore = Infinity;
  for (const h of handles) {
    const [sx, sy] = toScreen(h.point);
    const d = Math.hypot(sx - screen[0], sy - screen[1]);
    if (d > HANDLE_HIT_PX) continue;
    const score = d + (h.kind === 'midpoint' ? HANDLE_HIT_PX : 0);
    if (score < bestScore) {
      best = h;
      bestScore = score;
    }
  }
  return best;
}
