import { distance, type ImagePoint, type ViewportPoint } from '../../../../../src-shared/geometry/points';
import type { Geometry } from '../../../../../src-shared/geometry/schemas';
import { diff } from '../../model/diff';
import { StateNode, type KeyInfo, type PointerInfo } from '../state-node';

/** A tool whose shapes come from one drag (box, rotated box, circle, line). */
export interface DragShape {
  /** The shape spanned by a drag from `start` to `end` (both kept within the image). */
  fromDrag(start: ImagePoint, end: ImagePoint, options: { lineWidth: number; shift: boolean }): Geometry;
  /** A label for undo ("Draw box"). */
  readonly label: string;
}

/** Drags shorter than this (screen pixels) are clicks, and draw nothing. */
const MIN_DRAG_PX = 3;

/** Pressing, dragging and releasing draws one shape; Esc abandons it. */
export class DragCreating extends StateNode {
  static id = 'creating';
  private start: { point: ImagePoint; screen: ViewportPoint } | null = null;
  private geometry: Geometry | null = null;

  private get shape(): DragShape {
    return this.parent as unknown as DragShape;
  }

  override onEnter(info: unknown) {
    const e = info as PointerInfo;
    this.start = { point: this.ctx.clampToImage(e.point), screen: e.screen };
    this.geometry = null;
  }

  override onPointerMove(e: PointerInfo) {
    if (!this.start || distance(e.screen, this.start.screen) < MIN_DRAG_PX) return;
    this.geometry = this.shape.fromDrag(this.start.point, this.ctx.clampToImage(e.point), { lineWidth: this.ctx.lineWidth(), shift: e.shift });
    this.ctx.setOverlay({ draft: { geometry: this.geometry, vertices: [], closing: false } });
  }

  override onPointerUp(e: PointerInfo) {
    this.onPointerMove(e);
    const geometry = this.geometry;
    this.ctx.setOverlay({ draft: null });
    this.parent!.transition('idle');
    if (!geometry) return;
    const checked = this.ctx.check(geometry);
    if ('problem' in checked) return this.ctx.refuse(`Not drawn: ${checked.problem}.`);
    const record = this.ctx.newRecord(checked.geometry);
    this.ctx.commit(diff({ added: [record] }), this.shape.label);
    this.ctx.select([record.key]);
  }

  override onCancel(e: KeyInfo) {
    e.handled = true;
    this.ctx.setOverlay({ draft: null });
    this.parent!.transition('idle');
  }
}
