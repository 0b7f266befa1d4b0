import type { Vec } from '../../../../../src-shared/geometry/points';
import type { Geometry } from '../../../../../src-shared/geometry/schemas';
import { ClickCreating, type VertexShape } from '../shared/ClickCreating';
import { DraggingHandle } from '../shared/DraggingHandle';
import { DrawingIdle } from '../shared/DrawingIdle';
import { StateNode } from '../state-node';

/**
 * Polygon: click the vertices; finish on the first vertex, with Enter or a double-click.
 * Edit: drag a vertex, drag an edge's midpoint to insert one, Alt- or right-click a vertex to delete it.
 */
export class PolygonTool extends StateNode implements VertexShape {
  static id = 'polygon';
  static children = () => [DrawingIdle, ClickCreating, DraggingHandle];
  readonly label = 'Draw polygon';
  readonly minVertices = 3;
  readonly closesOnFirst = true;

  fromVertices(vertices: [number, number][]): Geometry {
    return { type: 'polygon', points: vertices };
  }

  preview(vertices: [number, number][], pointer: Vec | null): Geometry {
    const points = pointer ? [...vertices, [pointer[0], pointer[1]] as [number, number]] : vertices;
    return points.length >= 3 ? { type: 'polygon', points } : { type: 'polyline', points: points.length > 1 ? points : [points[0], points[0]], width: 0, closed: false };
  }
}
