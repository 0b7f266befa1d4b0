import type { Geometry } from '../../../../../src-shared/geometry/schemas';
import { ClickCreating, type VertexShape } from '../shared/ClickCreating';
import { DraggingHandle } from '../shared/DraggingHandle';
import { DrawingIdle } from '../shared/DrawingIdle';
import { StateNode } from '../state-node';

/** Keypoints: click one or more points of one object; Enter or a double-click finishes the set. */
export class PointsTool extends StateNode implements VertexShape {
  static id = 'points';
  static children = () => [DrawingIdle, ClickCreating, DraggingHandle];
  readonly label = 'Draw keypoints';
  readonly minVertices = 1;
  readonly closesOnFirst = false;

  fromVertices(vertices: [number, number][]): Geometry {
    return { type: 'points', points: vertices };
  }

  preview(vertices: [number, number][]): Geometry {
    return { type: 'points', points: vertices };
  }
}
