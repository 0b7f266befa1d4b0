import type { Geometry } from '../../../../../src-shared/geometry/schemas';
import { dragHandle, type Handle } from '../../handles';
import { diff } from '../../model/diff';
import { StateNode, type KeyInfo, type PointerInfo } from '../state-node';

export interface HandleDragInfo {
  key: string;
  handle: Handle;
}

/**
 * Dragging one handle of the selected shape (resize, rotate, vertex, radius, arc end). Shared by
 * the select tool and every drawing tool, so the shape just drawn can be adjusted at once. The
 * live shape is shown in the overlay; release commits it, Esc puts it back.
 */
export class DraggingHandle extends StateNode {
  static id = 'dragging_handle';
  private info: HandleDragInfo | null = null;
  private live: Geometry | null = null;

  override onEnter(info: unknown) {
    this.info = info as HandleDragInfo;
    this.live = null;
    this.ctx.setOverlay({ cursor: this.info.handle.cursor });
  }

  override onPointerMove(e: PointerInfo) {
    const record = this.info && this.ctx.record(this.info.key);
    if (!record || !this.info) return;
    const target = this.info.handle.kind === 'rotate' ? e.point : this.ctx.clampToImage(e.point);
    this.live = dragHandle(record.geometry, this.info.handle, target, e.shift);
    this.ctx.setOverlay({ editing: [{ key: record.key, geometry: this.live }], cursor: this.info.handle.cursor });
  }

  override onPointerUp() {
    const record = this.info && this.ctx.record(this.info.key);
    if (record && this.live) {
      const checked = this.ctx.check(this.live);
      if ('problem' in checked) this.ctx.refuse(`Edit not applied: ${checked.problem}.`);
      else this.ctx.commit(diff({ updated: [[record, { ...record, geometry: checked.geometry }]] }), `Reshape ${record.geometry.type}`);
    }
    this.done();
  }

  override onCancel(e: KeyInfo) {
    e.handled = true;
    this.done();
  }

  private done() {
    this.ctx.setOverlay(null);
    this.parent!.transition('idle');
  }
}
