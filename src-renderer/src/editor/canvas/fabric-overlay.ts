import { StaticCanvas, type FabricObject } from 'fabric';
import type { Editor } from '../editor';
import { handleObjects, dot, marqueeObject, shapeObjects, type ToScreen } from './overlay-objects';

/**
 * The Fabric layer over the Canvas2D bulk layer: only what is being drawn or edited right now —
 * the draft shape and its vertices, shapes being moved or reshaped, the hovered outline, the
 * handles of the selected shape and the selection rectangle. A handful of objects, rebuilt from
 * the editor state each time it changes; Fabric never owns annotation state.
 */
export class FabricOverlay {
  private readonly canvas: StaticCanvas;

  constructor(element: HTMLCanvasElement) {
    this.canvas = new StaticCanvas(element, { enableRetinaScaling: true, renderOnAddRemove: false, skipOffscreen: false });
  }

  resize(width: number, height: number): void {
    if (this.canvas.width !== width || this.canvas.height !== height) this.canvas.setDimensions({ width, height });
  }

  render(editor: Editor, colorOf: (classId: number | null) => string): void {
    const st = editor.state;
    const scale = editor.view.scale;
    const toScreen: ToScreen = (p) => editor.toScreen(p);
    const objects: FabricObject[] = [];
    const editing = new Set(st.overlay.editing.map((e) => e.key));

    if (st.hovered && !editing.has(st.hovered) && !st.selection.includes(st.hovered)) {
      const r = editor.record(st.hovered);
      if (r) objects.push(...shapeObjects(r.geometry, toScreen, scale, { color: '#ffffff', width: 1.5, fillAlpha: 0.08 }));
    }
    for (const e of st.overlay.editing) {
      const r = editor.record(e.key);
      objects.push(...shapeObjects(e.geometry, toScreen, scale, { color: colorOf(r?.class_id ?? null), width: 2.5, fillAlpha: 0.3 }));
    }
    const draft = st.overlay.draft;
    if (draft) {
      const color = colorOf(st.activeClass);
      if (draft.geometry) objects.push(...shapeObjects(draft.geometry, toScreen, scale, { color, width: 2, fillAlpha: 0.2, dash: draft.geometry.type === 'points' ? undefined : [6, 4] }));
      draft.vertices.forEach((v, i) => objects.push(dot(toScreen(v), i === 0 && draft.closing ? 7 : 4, i === 0 ? color : '#ffffff', i === 0 ? '#ffffff' : color, 2)));
    }
    const selected = editor.selectedHandles();
    if (selected && !draft) {
      const live = st.overlay.editing.find((e) => e.key === selected.key)?.geometry ?? editor.record(selected.key)!.geometry;
      objects.push(...handleObjects(selected.handles, toScreen, live, colorOf(editor.record(selected.key)!.class_id)));
    }
    if (st.overlay.marquee) {
      const m = st.overlay.marquee;
      objects.push(marqueeObject(toScreen([m.minX, m.minY]), toScreen([m.maxX, m.maxY])));
    }
    this.canvas.clear();
    if (objects.length) this.canvas.add(...objects);
    this.canvas.renderAll();
  }

  dispose(): void {
    void this.canvas.dispose();
  }
}
