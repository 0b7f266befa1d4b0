import { deleteVertex, type Handle } from '../../handles';
import { diff } from '../../model/diff';
import { StateNode, type PointerInfo } from '../state-node';

/**
 * Idle in a drawing tool: a press on a handle of the selected shape reshapes it (Alt or right
 * click on a vertex deletes the vertex); any other left press starts a new shape.
 */
export class DrawingIdle extends StateNode {
  static id = 'idle';

  override onEnter() {
    this.ctx.setOverlay({ cursor: 'crosshair' });
  }

  override onPointerMove(e: PointerInfo) {
    this.ctx.setOverlay({ cursor: this.ctx.handleAt(e.screen)?.handle.cursor ?? 'crosshair' });
  }

  override onPointerDown(e: PointerInfo) {
    const hit = this.ctx.handleAt(e.screen);
    if (hit && (e.alt || e.button === 2)) return removeVertexUnder(this, hit);
    if (e.button !== 0) return;
    if (hit) return this.parent!.transition('dragging_handle', hit);
    this.parent!.transition('creating', e);
  }
}

/** Alt-click or right-click on a vertex handle: the vertex goes, unless the shape would become invalid. */
export function removeVertexUnder(node: StateNode, hit: { key: string; handle: Handle }) {
  const record = node.ctx.record(hit.key);
  if (!record || hit.handle.kind !== 'vertex') return;
  const next = deleteVertex(record.geometry, hit.handle);
  if (typeof next === 'string') return node.ctx.refuse(`Vertex kept: ${next}.`);
  const checked = node.ctx.check(next);
  if ('problem' in checked) return node.ctx.refuse(`Vertex kept: ${checked.problem}.`);
  node.ctx.commit(diff({ updated: [[record, { ...record, geometry: checked.geometry }]] }), 'Delete vertex');
}
