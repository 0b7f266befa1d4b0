import type { ImagePoint } from '../../../../../src-shared/geometry/points';
import type { Geometry } from '../../../../../src-shared/geometry/schemas';
import { DragCreating, type DragShape } from '../shared/DragCreating';
import { DraggingHandle } from '../shared/DraggingHandle';
import { DrawingIdle } from '../shared/DrawingIdle';
import { StateNode } from '../state-node';

/**
 * Circle: drag from the centre outwards. It becomes an arc by dragging its end handle around
 * (the start handle then appears); dragging an end back onto the other closes it again.
 */
export class CircleTool extends StateNode implements DragShape {
  static id = 'circle';
  static children = () => [DrawingIdle, DragCreating, DraggingHandle];
  readonly label = 'Draw circle';

  fromDrag(center: ImagePoint, edge: ImagePoint): Geometry {
    return { type: 'circle', center: [center[0], center[1]], radius: Math.hypot(edge[0] - center[0], edge[1] - center[1]), start_angle: 0, end_angle: 360 };
  }
}
