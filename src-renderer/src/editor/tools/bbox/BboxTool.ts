import { bboxFromPoints } from '../../../../../src-shared/geometry/bbox';
import type { ImagePoint } from '../../../../../src-shared/geometry/points';
import type { Geometry } from '../../../../../src-shared/geometry/schemas';
import { DragCreating, type DragShape } from '../shared/DragCreating';
import { DraggingHandle } from '../shared/DraggingHandle';
import { DrawingIdle } from '../shared/DrawingIdle';
import { StateNode } from '../state-node';

/** Horizontal box: drag from one corner to the opposite one; edit with its eight handles. */
export class BboxTool extends StateNode implements DragShape {
  static id = 'bbox';
  static children = () => [DrawingIdle, DragCreating, DraggingHandle];
  readonly label = 'Draw box';

  fromDrag(start: ImagePoint, end: ImagePoint): Geometry {
    return { type: 'bbox', bbox: bboxFromPoints(start, end) };
  }
}
