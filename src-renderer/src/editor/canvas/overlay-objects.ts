import { Circle, Line, Polygon, Polyline, Rect, type FabricObject } from 'fabric';
import { bboxCorners } from '../../../../src-shared/geometry/bbox';
import { isFullCircle } from '../../../../src-shared/geometry/circle-arc';
import type { Vec } from '../../../../src-shared/geometry/points';
import { fromLocal, rotatedBoxCorners } from '../../../../src-shared/geometry/rotated-box';
import type { Geometry } from '../../../../src-shared/geometry/schemas';
import type { Handle } from '../handles';
import { withAlpha } from '../../viewer/shape-geometry';

/**
 * Fabric objects for the overlay, built in screen (CSS pixel) coordinates so handles and strokes
 * keep their size at every zoom. None of them is interactive: the tools own the pointer.
 */
export type ToScreen = (p: Vec) => Vec;

const base = { selectable: false, evented: false, objectCaching: false, strokeUniform: true } as const;
const xy = ([x, y]: Vec) => ({ x, y });

export interface ShapeStyle {
  color: string;
  width: number;
  fillAlpha: number;
  dash?: number[];
}

/** One shape (drawn, being drawn or being edited) as Fabric objects. */
export function shapeObjects(g: Geometry, toScreen: ToScreen, scale: number, style: ShapeStyle): FabricObject[] {
  const stroke = { ...base, stroke: style.color, strokeWidth: style.width, strokeDashArray: style.dash ?? null, strokeLineJoin: 'round' as const, strokeLineCap: 'round' as const };
  const area = (points: readonly Vec[]) => new Polygon(points.map((p) => xy(toScreen(p))), { ...stroke, fill: withAlpha(style.color, style.fillAlpha) });
  switch (g.type) {
    case 'bbox':
      return [area(bboxCorners(g.bbox))];
    case 'rotated_bbox': {
      // A tick on the top edge shows which way is up, i.e. what the angle turns.
      const top = toScreen(fromLocal(g, [0, -g.height / 2]));
      const tick = toScreen(fromLocal(g, [0, -g.height / 2 + Math.min(g.height / 2, 10 / scale)]));
      return [area(rotatedBoxCorners(g)), new Line([top[0], top[1], tick[0], tick[1]], stroke)];
    }
    case 'polygon':
      return [area(g.points), ...(g.holes ?? []).map((h) => new Polygon(h.map((p) => xy(toScreen(p))), { ...stroke, fill: '' }))];
    case 'line':
    case 'polyline': {
      const points = g.type === 'line' ? [g.p1, g.p2] : g.points;
      const width = Math.max(style.width, g.width * scale);
      const Shape = g.type === 'polyline' && g.closed ? Polygon : Polyline;
      return [new Shape(points.map((p) => xy(toScreen(p))), { ...stroke, strokeWidth: width, fill: '' })];
    }
    case 'circle': {
      const [cx, cy] = toScreen(g.center);
      const full = isFullCircle(g);
      return [
        new Circle({
          ...stroke,
          left: cx,
          top: cy,
          originX: 'center',
          originY: 'center',
          radius: g.radius * scale,
          startAngle: full ? 0 : g.start_angle,
          endAngle: full ? 360 : g.end_angle,
          fill: full ? withAlpha(style.color, style.fillAlpha) : '',
        }),
      ];
    }
    case 'points':
      return g.points.map((p) => dot(toScreen(p), 4, style.color, '#ffffff'));
    case 'mask':
      return [];
  }
}

export function dot([x, y]: Vec, radius: number, fill: string, stroke: string, strokeWidth = 1.5): FabricObject {
  return new Circle({ ...base, left: x, top: y, originX: 'center', originY: 'center', radius, fill, stroke, strokeWidth });
}

/** The handles of the shape being edited: squares resize, circles move vertices, the stem turns. */
export function handleObjects(handles: readonly Handle[], toScreen: ToScreen, g: Geometry, color: string): FabricObject[] {
  const out: FabricObject[] = [];
  for (const h of handles) {
    const [x, y] = toScreen(h.point);
    if (h.kind === 'resize') {
      out.push(new Rect({ ...base, left: x, top: y, originX: 'center', originY: 'center', width: 8, height: 8, fill: '#ffffff', stroke: '#1b1d21', strokeWidth: 1 }));
    } else if (h.kind === 'rotate' && g.type === 'rotated_bbox') {
      const [tx, ty] = toScreen(fromLocal(g, [0, -g.height / 2]));
      out.push(new Line([tx, ty, x, y], { ...base, stroke: '#ffffff', strokeWidth: 1 }), dot([x, y], 6, color, '#ffffff', 2));
    } else if (h.kind === 'midpoint') {
      out.push(dot([x, y], 3.5, 'rgba(255,255,255,0.55)', color, 1));
    } else if (h.kind === 'vertex') {
      out.push(dot([x, y], 4.5, '#ffffff', color, 2));
    } else {
      out.push(new Rect({ ...base, left: x, top: y, originX: 'center', originY: 'center', width: 9, height: 9, angle: 45, fill: color, stroke: '#ffffff', strokeWidth: 1.5 }));
    }
  }
  return out;
}

export function marqueeObject(a: Vec, b: Vec): FabricObject {
  return new Rect({
    ...base,
    left: Math.min(a[0], b[0]),
    top: Math.min(a[1], b[1]),
    originX: 'left',
    originY: 'top',
    width: Math.abs(b[0] - a[0]),
    height: Math.abs(b[1] - a[1]),
    fill: 'rgba(76,141,255,0.12)',
    stroke: '#4c8dff',
    strokeWidth: 1,
    strokeDashArray: [4, 3],
  });
}
