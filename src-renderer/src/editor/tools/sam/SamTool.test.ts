import { describe, expect, it } from 'vitest';
import { TestEditor } from '../../test-editor';
import type { SegmentPrompt, SegmentResult } from '../assist';
import type { SamTool } from './SamTool';

/** A decoder stand-in: each call waits until released; it answers a 40×40 square around the last point (or the box). */
class FakeAssist {
  calls: { prompt: SegmentPrompt; resolve: () => void; reject: (e: Error) => void; done?: boolean }[] = [];
  private n = 0;

  segment = (prompt: SegmentPrompt): Promise<SegmentResult> =>
    new Promise((resolve, reject) => {
      const id = `r${++this.n}`;
      const answer = (): SegmentResult => {
        if (prompt.box) {
          const [x, y, w, h] = prompt.box;
          return { result_id: id, score: 0.9, polygons: [{ points: [[x, y], [x + w, y], [x + w, y + h], [x, y + h]] }] };
        }
        const p = prompt.points.filter((q) => q.label === 1).at(-1)!;
        return { result_id: id, score: 0.95, polygons: [{ points: [[p.x - 20, p.y - 20], [p.x + 20, p.y - 20], [p.x + 20, p.y + 20], [p.x - 20, p.y + 20]] }, { points: [[0, 0], [2, 0], [2, 2]] }] };
      };
      this.calls.push({ prompt, resolve: () => resolve(answer()), reject });
    });

  /** Answers every waiting call, including the ones started by answers, until none is left. */
  async drain(editor: TestEditor) {
    const sam = editor.root.children.get('sam') as SamTool;
    for (let i = 0; i < 20 && sam.busy; i++) {
      for (const c of this.calls.filter((call) => !call.done)) {
        c.done = true;
        c.resolve();
      }
      await Promise.resolve();
      await new Promise((r) => setTimeout(r, 0));
    }
  }
}

function setup(assist: FakeAssist | null = new FakeAssist()) {
  const editor = new TestEditor();
  editor.assist = assist;
  editor.setTool('sam');
  return { editor, assist: assist! };
}

describe('SAM tool', () => {
  it('click gives a preview; Enter commits it as a polygon with source sam, undoable and editable', async () => {
    const { editor, assist } = setup();
    editor.click(100, 100).expectPathToBe('root.sam.idle');
    expect(assist.calls[0].prompt).toEqual({ points: [{ x: 100, y: 100, label: 1 }], box: null, previous: null });
    await assist.drain(editor);
    expect(editor.state.overlay.draft?.geometry).toEqual({ type: 'polygon', points: [[80, 80], [120, 80], [120, 120], [80, 120]] });
    editor.press('Enter');
    expect(editor.state.records).toHaveLength(1);
    expect(editor.last).toMatchObject({ source: 'sam', confidence: 0.95, class_id: 0, geometry: { type: 'polygon', points: [[80, 80], [120, 80], [120, 120], [80, 120]] } });
    expect(editor.persisted).toHaveLength(1);
    expect(editor.state.selection).toEqual([editor.last.key]);
    expect(editor.state.overlay.draft).toBeNull();
    // The speck (second part, far below 10 % of the object) was left out; the vertex drags like any polygon's.
    editor.drag([120, 120], [150, 140]);
    expect(editor.last.geometry).toMatchObject({ points: [[80, 80], [120, 80], [150, 140], [80, 120]] });
    editor.undo();
    editor.undo();
    expect(editor.state.records).toEqual([]);
  });

  it('Shift/Alt-click adds negative points and refines the previous result', async () => {
    const { editor, assist } = setup();
    editor.click(100, 100);
    await assist.drain(editor);
    editor.click(200, 150, { shift: true });
    expect(assist.calls.at(-1)!.prompt).toEqual({ points: [{ x: 100, y: 100, label: 1 }, { x: 200, y: 150, label: 0 }], box: null, previous: 'r1' });
    await assist.drain(editor);
    editor.click(50, 60, { alt: true });
    expect(assist.calls.at(-1)!.prompt.points.at(-1)).toEqual({ x: 50, y: 60, label: 0 });
    expect(assist.calls.at(-1)!.prompt.previous).toBe('r2');
  });

  it('a drag prompts with a box', async () => {
    const { editor, assist } = setup();
    editor.drag([50, 40], [150, 120]);
    editor.expectPathToBe('root.sam.idle');
    expect(assist.calls.at(-1)!.prompt.box).toEqual([50, 40, 100, 80]);
    await assist.drain(editor);
    editor.press('Enter');
    expect(editor.last.geometry).toEqual({ type: 'polygon', points: [[50, 40], [150, 40], [150, 120], [50, 120]] });
  });

  it('hover previews with one call in flight; the latest move wins', async () => {
    const { editor, assist } = setup();
    editor.move(10, 10).move(20, 20).move(30, 30).move(40, 40);
    expect(assist.calls).toHaveLength(1);
    assist.calls[0].resolve();
    await new Promise((r) => setTimeout(r, 0));
    // The first answer is shown, then only the last waiting move is sent.
    expect(assist.calls).toHaveLength(2);
    expect(assist.calls[1].prompt.points).toEqual([{ x: 40, y: 40, label: 1 }]);
    await assist.drain(editor);
    expect(editor.state.overlay.draft?.geometry).toMatchObject({ points: [[20, 20], [60, 20], [60, 60], [20, 60]] });
  });

  it('a hover answer arriving after a click does not replace the click result', async () => {
    const { editor, assist } = setup();
    editor.move(300, 200);
    editor.click(100, 100);
    await assist.drain(editor);
    expect(assist.calls.map((c) => c.prompt.points[0].x)).toEqual([300, 100]);
    expect(editor.state.overlay.draft?.geometry).toMatchObject({ points: [[80, 80], [120, 80], [120, 120], [80, 120]] });
  });

  it('Enter before the answer commits once the answer arrives', async () => {
    const { editor, assist } = setup();
    editor.click(100, 100).press('Enter');
    expect(editor.state.records).toEqual([]);
    await assist.drain(editor);
    expect(editor.state.records).toHaveLength(1);
  });

  it('Esc clears the prompts and a late answer stays dropped; a second Esc is left to the app', async () => {
    const { editor, assist } = setup();
    editor.click(100, 100);
    expect(editor.key({ key: 'Escape', shift: false, alt: false, ctrl: false })).toBe(true);
    await assist.drain(editor);
    expect(editor.state.overlay.draft).toBeNull();
    editor.press('Enter');
    expect(editor.state.records).toEqual([]);
    expect(editor.key({ key: 'Escape', shift: false, alt: false, ctrl: false })).toBe(false);
  });

  it('says so when segmentation is unavailable or fails', async () => {
    const none = setup(null).editor;
    none.click(100, 100);
    expect(none.state.message?.text).toMatch(/not available/);
    const { editor, assist } = setup();
    editor.click(100, 100);
    assist.calls[0].reject(new Error('MODEL_MISSING: no model files'));
    await new Promise((r) => setTimeout(r, 0));
    expect(editor.state.message).toMatchObject({ tone: 'error', text: expect.stringMatching(/MODEL_MISSING/) });
  });

  it('is refused by task rules like any polygon', async () => {
    const editor = new TestEditor([], { taskConfig: { segmentation: { min_polygon_vertices: 5 } } });
    const assist = new FakeAssist();
    editor.assist = assist;
    editor.setTool('sam');
    editor.click(100, 100);
    await assist.drain(editor);
    editor.press('Enter');
    expect(editor.state.records).toEqual([]);
    expect(editor.state.message?.text).toMatch(/min_polygon_vertices/);
  });
});
