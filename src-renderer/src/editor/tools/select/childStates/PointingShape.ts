import { distance } from '../../../../../../src-shared/geometry/points';
import { StateNode, type PointerInfo } from '../../state-node';

const DRAG_PX = 3;

/** Pressed on a shape: a drag moves the selection, a release is a click. */
export class PointingShape extends StateNode {
  static id = 'pointing_shape';
  private down: (PointerInfo & { key: string }) | null = null;

  override onEnter(info: unknown) {
    this.down = info as PointerInfo & { key: string };
  }

  override onPointerMove(e: PointerInfo) {
    if (this.down && distance(e.screen, this.down.screen) >= DRAG_PX) this.parent!.transition('translating', this.down);
  }

  override onPointerUp(e: PointerInfo) {
    // A plain click on a shape of a multi-selection narrows the selection to it.
    if (this.down && !e.shift && !e.ctrl && this.ctx.selection().length > 1) this.ctx.select([this.down.key]);
    this.parent!.transition('idle');
  }

  override onCancel() {
    this.parent!.transition('idle');
  }
}
