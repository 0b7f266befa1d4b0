import type { Vec } from '../../../../../src-shared/geometry/points';
import type { Geometry } from '../../../../../src-shared/geometry/schemas';
import { ClickCreating, type VertexShape } from '../shared/ClickCreating';
import { DraggingHandle } from '../shared/DraggingHandle';
import { DrawingIdle } from '../shared/DrawingIdle';
import { StateNode } from '../state-node';

/** Polyline: click the points; Enter or double-click finishes it open, a click on the first point closes it. */
export class PolylineTool extends StateNode implements VertexShape {
  static id = 'polyline';
  static children = () => [DrawingIdle, ClickCreating, DraggingHandle];
  readonly label = 'Draw polyline';
  readonly minVertices = 2;
  readonly closesOnFirst = true;

  fromVertices(vertices: [number, number][], closed: boolean, { lineWidth }: { lineWidth: number }): Geometry {
    return { type: 'polyline', points: vertices, width: lineWidth, closed };
  }

  preview(vertices: [number, number][], pointer: Vec | null, { lineWidth }: { lineWidth: number }): Geometry {
    const points = pointer ? [...vertices, [pointer[0], pointer[1]] as [number, number]] : vertices;
    return { type: 'polyline', points: points.length > 1 ? points : [points[0], points[0]], width: lineWidth, closed: false };
  }
}
