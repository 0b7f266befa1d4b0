import type { ImagePoint } from '../../../../../src-shared/geometry/points';
import type { Geometry } from '../../../../../src-shared/geometry/schemas';
import { DragCreating, type DragShape } from '../shared/DragCreating';
import { DraggingHandle } from '../shared/DraggingHandle';
import { DrawingIdle } from '../shared/DrawingIdle';
import { StateNode } from '../state-node';

/** Straight line: drag from p1 to p2 (Shift keeps it horizontal, vertical or at 45°); width from the tool options. */
export class LineTool extends StateNode implements DragShape {
  static id = 'line';
  static children = () => [DrawingIdle, DragCreating, DraggingHandle];
  readonly label = 'Draw line';

  fromDrag(p1: ImagePoint, p2: ImagePoint, { lineWidth, shift }: { lineWidth: number; shift: boolean }): Geometry {
    let end: [number, number] = [p2[0], p2[1]];
    if (shift) {
      const step = Math.PI / 4;
      const angle = Math.round(Math.atan2(p2[1] - p1[1], p2[0] - p1[0]) / step) * step;
      const length = Math.hypot(p2[0] - p1[0], p2[1] - p1[1]);
      end = [p1[0] + length * Math.cos(angle), p1[1] + length * Math.sin(angle)];
    }
    return { type: 'line', p1: [p1[0], p1[1]], p2: end, width: lineWidth };
  }
}
