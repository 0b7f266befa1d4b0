import { boundsUnion, geometryBounds, type Bounds } from '../../../../../../src-shared/geometry/bounds';
import { clampTranslation, translateGeometry } from '../../../../../../src-shared/geometry/translate';
import { diff } from '../../../model/diff';
import type { ShapeRecord } from '../../../model/records';
import { StateNode, type KeyInfo, type PointerInfo } from '../../state-node';

/** Moving the selection with the pointer; it stays within the image. Release commits, Esc puts it back. */
export class Translating extends StateNode {
  static id = 'translating';
  private origin: PointerInfo | null = null;
  private records: ShapeRecord[] = [];
  private bounds: Bounds | null = null;
  private delta: [number, number] = [0, 0];

  override onEnter(info: unknown) {
    this.origin = info as PointerInfo;
    this.records = this.ctx.selection().filter((k) => this.ctx.isEditable(k)).map((k) => this.ctx.record(k)!);
    this.bounds = this.records.map((r) => geometryBounds(r.geometry)).reduce<Bounds | null>((a, b) => (a ? boundsUnion(a, b) : b), null);
    this.delta = [0, 0];
    if (!this.records.length) this.ctx.refuse('Nothing to move: the selection is locked, hidden or a mask.');
  }

  override onPointerMove(e: PointerInfo) {
    if (!this.origin || !this.bounds || !this.records.length) return;
    this.delta = clampTranslation(this.bounds, e.point[0] - this.origin.point[0], e.point[1] - this.origin.point[1], this.ctx.imageSize);
    const [dx, dy] = this.delta;
    this.ctx.setOverlay({ editing: this.records.map((r) => ({ key: r.key, geometry: translateGeometry(r.geometry, dx, dy) })), cursor: 'move' });
  }

  override onPointerUp(e: PointerInfo) {
    this.onPointerMove(e);
    const [dx, dy] = this.delta;
    if (dx || dy) {
      const updated = this.records.map((r) => [r, { ...r, geometry: translateGeometry(r.geometry, dx, dy) }] as const);
      this.ctx.commit(diff({ updated }), updated.length > 1 ? `Move ${updated.length} shapes` : `Move ${this.records[0].geometry.type}`);
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
