import { expect } from 'vitest';
import { imagePoint, viewportPoint } from '../../../src-shared/geometry/points';
import { Editor, type View } from './editor';
import type { ProjectConfig } from './editor-state';
import type { Diff } from './model/diff';
import { Histories } from './model/history';
import { IdMap } from './model/ids';
import type { ShapeRecord } from './model/records';

type Mods = Partial<{ shift: boolean; alt: boolean; ctrl: boolean; button: number }>;

/**
 * An Editor over a 400×300 image with a fake autosave, driven like the canvas drives it (after
 * tldraw's TestEditor). With the default view, screen and image pixels coincide.
 */
export class TestEditor extends Editor {
  readonly persisted: Diff[] = [];
  panned: [number, number] = [0, 0];

  constructor(records: ShapeRecord[] = [], project: Partial<ProjectConfig> = {}, view: View = { scale: 1, x: 0, y: 0 }) {
    const persisted: Diff[] = [];
    super({ ids: new IdMap(), histories: new Histories(), persist: (_, d) => persisted.push(d) });
    this.persisted = persisted;
    this.view = view;
    this.panHost = (dx, dy) => (this.panned = [this.panned[0] + dx, this.panned[1] + dy]);
    this.setProject({ classes: [{ id: 0, name: 'car', color: '#ff0000', parent_id: null }, { id: 1, name: 'person', color: '#00ff00', parent_id: null }], attributes: [], taskTypes: ['detection'], taskConfig: {}, ...project });
    this.open('img', { width: 400, height: 300 }, records, { classes: [], captions: [] });
  }

  private send(name: 'pointer_down' | 'pointer_move' | 'pointer_up' | 'double_click', x: number, y: number, m: Mods) {
    const [ix, iy] = [(x - this.view.x) / this.view.scale, (y - this.view.y) / this.view.scale];
    this.pointer({ name, point: imagePoint(ix, iy), screen: viewportPoint(x, y), button: m.button ?? 0, shift: !!m.shift, alt: !!m.alt, ctrl: !!m.ctrl });
    return this;
  }

  /** Screen coordinates (equal to image pixels with the default view). */
  down = (x: number, y: number, m: Mods = {}) => this.send('pointer_down', x, y, m);
  move = (x: number, y: number, m: Mods = {}) => this.send('pointer_move', x, y, m);
  up = (x: number, y: number, m: Mods = {}) => this.send('pointer_up', x, y, m);
  click = (x: number, y: number, m: Mods = {}) => this.down(x, y, m).up(x, y, m);
  doubleClick = (x: number, y: number) => this.click(x, y).click(x, y).send('double_click', x, y, {});
  drag = (from: [number, number], to: [number, number], m: Mods = {}) => this.down(...from, m).move((from[0] + to[0]) / 2, (from[1] + to[1]) / 2, m).move(...to, m).up(...to, m);
  press = (key: string, m: Mods = {}) => {
    this.key({ key, shift: !!m.shift, alt: !!m.alt, ctrl: !!m.ctrl });
    return this;
  };

  expectPathToBe(path: string) {
    expect(this.root.path).toBe(path);
    return this;
  }

  get last(): ShapeRecord {
    return this.state.records.at(-1)!;
  }
}
