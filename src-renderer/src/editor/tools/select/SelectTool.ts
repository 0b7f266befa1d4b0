import { DraggingHandle } from '../shared/DraggingHandle';
import { StateNode } from '../state-node';
import { Brushing } from './childStates/Brushing';
import { Idle } from './childStates/Idle';
import { Panning } from './childStates/Panning';
import { PointingShape } from './childStates/PointingShape';
import { Translating } from './childStates/Translating';

/**
 * Select: click a shape to select it (Shift or Ctrl adds or removes), drag it to move the
 * selection, drag its handles to reshape it, Shift-drag on empty canvas to select by area,
 * drag on empty canvas to pan.
 */
export class SelectTool extends StateNode {
  static id = 'select';
  static children = () => [Idle, PointingShape, Translating, Brushing, Panning, DraggingHandle];
}
