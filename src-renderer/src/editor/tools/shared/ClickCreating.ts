import { distance, plain, type ImagePoint, type Vec } from '../../../../../src-shared/geometry/points';
import type { Geometry } from '../../../../../src-shared/geometry/schemas';
import { diff } from '../../model/diff';
import { StateNode, type KeyInfo, type PointerInfo } from '../state-node';

/** A tool whose shapes are placed vertex by vertex (polygon, polyline, keypoints). */
export interface VertexShape {
  /** The shape from the placed vertices; `closed` when finished on the first vertex. */
  fromVertices(vertices: [number, number][], closed: boolean, options: { lineWidth: number }): Geometry;
  /** How the shape looks while drawing, with the pointer as the next vertex. */
  preview(vertices: [number, number][], pointer: Vec | null, options: { lineWidth: number }): Geometry | null;
  readonly minVertices: number;
  /** Whether a click on the first vertex finishes the shape (closing it). */
  readonly closesOnFirst: boolean;
  readonly label: string;
}

/** Screen pixels within which a click lands on the first vertex, and a second click repeats the last. */
const SNAP_PX = 8;

/**
 * Placing vertices: each click adds one; a click on the first vertex, Enter or a double-click
 * finishes; Backspace takes the last one back; Esc abandons the shape.
 */
export class ClickCreating extends StateNode {
  static id = 'creating';
  private vertices: [number, number][] = [];
  private pointer: Vec | null = null;

  private get shape(): VertexShape {
    return this.parent as unknown as VertexShape;
  }

  override onEnter(info: unknown) {
    const e = info as PointerInfo;
    this.vertices = [plain(this.ctx.clampToImage(e.point))];
    this.pointer = null;
    this.show();
  }

  override onPointerDown(e: PointerInfo) {
    if (e.button !== 0) return;
    if (this.onFirstVertex(e.point) && this.vertices.length >= Math.max(2, this.shape.minVertices)) return this.finish(true);
    this.vertices.push(plain(this.ctx.clampToImage(e.point)));
    this.show();
  }

  override onPointerMove(e: PointerInfo) {
    this.pointer = this.ctx.clampToImage(e.point);
    this.show();
  }

  override onDoubleClick() {
    // The two clicks of a double-click each placed a vertex on the same spot: keep one.
    const tol = SNAP_PX / this.ctx.scale();
    while (this.vertices.length > 1 && distance(this.vertices.at(-1)!, this.vertices.at(-2)!) <= tol) this.vertices.pop();
    this.finish(false);
  }

  override onComplete(e: KeyInfo) {
    e.handled = true;
    this.finish(false);
  }

  override onKeyDown(e: KeyInfo) {
    if (e.key !== 'Backspace' && e.key !== 'Delete') return;
    e.handled = true;
    this.vertices.pop();
    if (!this.vertices.length) return this.abandon();
    this.show();
  }

  override onCancel(e: KeyInfo) {
    e.handled = true;
    this.abandon();
  }

  private onFirstVertex(p: ImagePoint): boolean {
    if (!this.shape.closesOnFirst || this.vertices.length < 2) return false;
    const [sx, sy] = this.ctx.toScreen(this.vertices[0]);
    const [px, py] = this.ctx.toScreen(p);
    return Math.hypot(sx - px, sy - py) <= SNAP_PX;
  }

  private show() {
    const closing = this.pointer !== null && this.onFirstVertex(this.pointer as ImagePoint);
    const geometry = this.shape.preview(this.vertices, closing ? this.vertices[0] : this.pointer, { lineWidth: this.ctx.lineWidth() });
    this.ctx.setOverlay({ draft: { geometry, vertices: this.vertices, closing } });
  }

  private finish(closed: boolean) {
    const { minVertices } = this.shape;
    if (this.vertices.length < minVertices) {
      this.ctx.refuse(`Not drawn: a ${this.shape.label.replace(/^Draw /, '')} needs at least ${minVertices} points (placed ${this.vertices.length}). Keep clicking, or Esc to abandon.`);
      return;
    }
    const geometry = this.shape.fromVertices(this.vertices, closed, { lineWidth: this.ctx.lineWidth() });
    const checked = this.ctx.check(geometry);
    // Keep the vertices: more of them may fix it (min_polygon_vertices); Esc abandons.
    if ('problem' in checked) return this.ctx.refuse(`Not drawn yet: ${checked.problem}. Add vertices, or Esc to abandon.`);
    this.abandon();
    const record = this.ctx.newRecord(checked.geometry);
    this.ctx.commit(diff({ added: [record] }), this.shape.label);
    this.ctx.select([record.key]);
  }

  private abandon() {
    this.vertices = [];
    this.ctx.setOverlay({ draft: null });
    this.parent!.transition('idle');
  }
}
