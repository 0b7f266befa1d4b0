import { boundsOfCorners } from '../../../../../../src-shared/geometry/bounds';
import { StateNode, type KeyInfo, type PointerInfo } from '../../state-node';

/** Shift-drag on empty canvas: shapes wholly inside the rectangle join the selection. */
export class Brushing extends StateNode {
  static id = 'brushing';
  private origin: PointerInfo | null = null;
  private before: readonly string[] = [];

  override onEnter(info: unknown) {
    this.origin = info as PointerInfo;
    this.before = this.ctx.selection();
  }

  override onPointerMove(e: PointerInfo) {
    if (!this.origin) return;
    const area = boundsOfCorners(this.origin.point, e.point);
    this.ctx.setOverlay({ marquee: area });
    const inside = this.ctx.keysInside(area);
    this.ctx.select([...new Set([...this.before, ...inside])]);
  }

  override onPointerUp() {
    this.ctx.setOverlay(null);
    this.parent!.transition('idle');
  }

  override onCancel(e: KeyInfo) {
    e.handled = true;
    this.ctx.select(this.before);
    this.onPointerUp();
  }
}
