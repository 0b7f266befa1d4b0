import type { ViewportPoint } from '../../../../../../src-shared/geometry/points';
import { StateNode, type PointerInfo } from '../../state-node';

/** Dragging empty canvas with the select tool pans the view. */
export class Panning extends StateNode {
  static id = 'panning';
  private last: ViewportPoint | null = null;

  override onEnter(info: unknown) {
    this.last = (info as PointerInfo).screen;
    this.ctx.setOverlay({ cursor: 'grabbing' });
  }

  override onPointerMove(e: PointerInfo) {
    if (!this.last) return;
    this.ctx.panBy(e.screen[0] - this.last[0], e.screen[1] - this.last[1]);
    this.last = e.screen;
  }

  override onPointerUp() {
    this.ctx.setOverlay({ cursor: 'default' });
    this.parent!.transition('idle');
  }
}
