import type { ImagePoint } from '../../../../../src-shared/geometry/points';
import type { Geometry } from '../../../../../src-shared/geometry/schemas';
import { DragCreating, type DragShape } from '../shared/DragCreating';
import { DraggingHandle } from '../shared/DraggingHandle';
import { DrawingIdle } from '../shared/DrawingIdle';
import { StateNode } from '../state-node';

/**
 * Rotated box: drag it upright like a box, then turn it with the handle above its top edge
 * (Shift snaps to 15°) and resize it along its own axes. Stored as cx, cy, width, height, angle.
 */
export class RotatedBboxTool extends StateNode implements DragShape {
  static id = 'rotated_bbox';
  static children = () => [DrawingIdle, DragCreating, DraggingHandle];
  readonly label = 'Draw rotated box';

  fromDrag(start: ImagePoint, end: ImagePoint): Geometry {
    return {
      type: 'rotated_bbox',
      cx: (start[0] + end[0]) / 2,
      cy: (start[1] + end[1]) / 2,
      width: Math.abs(end[0] - start[0]),
      height: Math.abs(end[1] - start[1]),
      angle: 0,
    };
  }
}
