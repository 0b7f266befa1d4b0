import { insertVertex, nearestEdge } from '../../../../../../src-shared/geometry/polygon-edit';
import { diff } from '../../../model/diff';
import { removeVertexUnder } from '../../shared/DrawingIdle';
import { StateNode, type PointerInfo } from '../../state-node';

/** Nothing pressed: hovering highlights; a press decides between handle, shape, area and pan. */
export class Idle extends StateNode {
  static id = 'idle';

  override onEnter() {
    this.ctx.setOverlay({ cursor: 'default' });
  }

  override onPointerMove(e: PointerInfo) {
    const handle = this.ctx.handleAt(e.screen);
    const key = handle ? null : this.ctx.hitTest(e.point);
    this.ctx.setHovered(key);
    this.ctx.setOverlay({ cursor: handle?.handle.cursor ?? (key ? 'move' : 'default') });
  }

  override onPointerDown(e: PointerInfo) {
    const handle = this.ctx.handleAt(e.screen);
    if (handle && (e.alt || e.button === 2)) return removeVertexUnder(this, handle);
    if (e.button !== 0) return;
    if (handle) return this.parent!.transition('dragging_handle', handle);
    const key = this.ctx.hitTest(e.point);
    const selection = this.ctx.selection();
    if (key) {
      if (e.shift || e.ctrl) this.ctx.select(selection.includes(key) ? selection.filter((k) => k !== key) : [...selection, key]);
      else if (!selection.includes(key)) this.ctx.select([key]);
      return this.parent!.transition('pointing_shape', { ...e, key });
    }
    if (e.shift) return this.parent!.transition('brushing', e);
    if (!e.ctrl) this.ctx.select([]);
    this.parent!.transition('panning', e);
  }

  /** A double-click on an edge of the selected polygon or polyline inserts a vertex there. */
  override onDoubleClick(e: PointerInfo) {
    const selected = this.ctx.selectedHandles();
    const record = selected && this.ctx.record(selected.key);
    const g = record?.geometry;
    if (!record || !g || (g.type !== 'polygon' && g.type !== 'polyline')) return;
    const edge = nearestEdge(g.points, e.point, g.type === 'polygon' || g.closed);
    if (!edge || edge.distance * this.ctx.scale() > 6) return;
    const next = { ...g, points: insertVertex(g.points, edge.index, edge.point) };
    this.ctx.commit(diff({ updated: [[record, { ...record, geometry: next }]] }), 'Insert vertex');
  }
}
