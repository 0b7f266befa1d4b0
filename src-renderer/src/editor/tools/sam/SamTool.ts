import { plain, type ImagePoint } from '../../../../../src-shared/geometry/points';
import type { Geometry } from '../../../../../src-shared/geometry/schemas';
import { geometryArea } from '../../../../../src-shared/geometry/validate';
import { diff } from '../../model/diff';
import type { ShapeRecord } from '../../model/records';
import type { SegmentPoint, SegmentPrompt, SegmentResult } from '../assist';
import { DraggingHandle } from '../shared/DraggingHandle';
import { removeVertexUnder } from '../shared/DrawingIdle';
import { StateNode, type KeyInfo, type PointerInfo } from '../state-node';

/** Screen pixels a press must travel before it is a box drag rather than a click. */
const DRAG_PX = 4;
/** Parts of a result smaller than this share of its largest part are left out on accept (specks). */
const MIN_PART_SHARE = 0.1;

interface Job {
  kind: 'hover' | 'prompt';
  session: number;
  /** Built when the job runs, so it refines the latest result. */
  prompt: () => SegmentPrompt;
}

const polygonOf = (p: SegmentResult['polygons'][number]): Geometry => ({ type: 'polygon', points: p.points, ...(p.holes?.length ? { holes: p.holes } : {}) });

/**
 * Segment Anything: hovering previews the object under the pointer; a click adds a positive
 * point, Shift/Alt-click a negative one, a drag gives a box; each prompt refines the previous
 * result. Enter keeps the outline as polygon(s) with source "sam" (an ordinary commit: undo,
 * autosave, editable like any polygon), Esc clears the prompts. The decoder is reached through
 * `ctx.assist`, one call in flight at a time (the latest waiting request wins).
 */
export class SamTool extends StateNode {
  static id = 'sam';
  static children = () => [SamIdle, SamPressing, SamBoxing, DraggingHandle];
  readonly label = 'SAM segment';

  points: SegmentPoint[] = [];
  box: [number, number, number, number] | null = null;
  /** The result of the prompts so far (null before the first answer). */
  result: SegmentResult | null = null;
  /** The preview under the pointer while there are no prompts. */
  hoverResult: SegmentResult | null = null;
  private session = 0;
  private inFlight: Job | null = null;
  private queued: Job | null = null;
  private commitWhenSettled = false;
  /** Resolves when no decoder call is running or waiting (for tests). */
  private idleWaiters: (() => void)[] = [];

  get hasPrompts(): boolean {
    return this.points.length > 0 || this.box !== null;
  }

  get busy(): boolean {
    return this.inFlight !== null || this.queued !== null;
  }

  settled(): Promise<void> {
    return this.busy ? new Promise((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve();
  }

  override onExit() {
    this.clear();
  }

  override onComplete(e: KeyInfo) {
    if (!this.hasPrompts && !this.hoverResult) return;
    e.handled = true;
    if (this.hasPrompts && this.pendingPrompt()) {
      this.commitWhenSettled = true;
      return;
    }
    this.accept();
  }

  override onCancel(e: KeyInfo) {
    if (this.current?.id === 'dragging_handle') return;
    // Used only when there was something to clear; otherwise Esc goes on (selection, Select tool, grid).
    const had = this.hasPrompts || this.current?.id !== 'idle';
    this.clear();
    if (this.current?.id !== 'idle') this.transition('idle');
    if (had) e.handled = true;
  }

  // ── prompts ──────────────────────────────────────────────────────────────

  hover(p: ImagePoint) {
    if (this.hasPrompts) return;
    const [x, y] = plain(this.ctx.clampToImage(p));
    this.request({ kind: 'hover', session: this.session, prompt: () => ({ points: [{ x, y, label: 1 }], box: null, previous: null }) });
  }

  addPoint(p: ImagePoint, negative: boolean) {
    const [x, y] = plain(this.ctx.clampToImage(p));
    this.points.push({ x, y, label: negative ? 0 : 1 });
    this.prompted();
  }

  setBox(box: [number, number, number, number]) {
    this.box = box;
    this.prompted();
  }

  private prompted() {
    this.hoverResult = null;
    this.show();
    this.request({
      kind: 'prompt',
      session: this.session,
      prompt: () => ({ points: [...this.points], box: this.box, previous: this.result?.result_id ?? null }),
    });
  }

  private pendingPrompt(): boolean {
    return this.inFlight?.kind === 'prompt' || this.queued?.kind === 'prompt';
  }

  private request(job: Job) {
    const assist = this.ctx.assist;
    if (!assist) {
      if (job.kind === 'prompt') this.ctx.refuse('SAM is not available here; the manual tools still work.');
      return;
    }
    // One call in flight; of the waiting ones only the latest is kept (a prompt outranks a hover).
    if (this.inFlight) {
      if (!(job.kind === 'hover' && this.queued?.kind === 'prompt')) this.queued = job;
      return;
    }
    this.inFlight = job;
    assist
      .segment(job.prompt())
      .then(
        (r) => this.answered(job, r),
        (error: unknown) => {
          if (job.kind === 'prompt' && job.session === this.session) {
            this.commitWhenSettled = false;
            this.ctx.refuse(`SAM could not segment: ${error instanceof Error ? error.message : String(error)}`);
          }
        },
      )
      .finally(() => {
        this.inFlight = null;
        const next = this.queued;
        this.queued = null;
        if (next && next.session === this.session) this.request(next);
        if (!this.busy) this.idleWaiters.splice(0).forEach((resolve) => resolve());
      });
  }

  private answered(job: Job, r: SegmentResult) {
    if (job.session !== this.session) return;
    if (job.kind === 'hover') {
      if (this.hasPrompts) return;
      this.hoverResult = r;
    } else {
      this.result = r;
    }
    this.show();
    if (this.commitWhenSettled && job.kind === 'prompt' && this.queued?.kind !== 'prompt') {
      this.commitWhenSettled = false;
      this.accept();
    }
  }

  /** The outline as the draft (the overlay draws no mask drafts), the prompt points as its vertices. */
  show(extra: Geometry | null = null) {
    const r = this.hasPrompts ? this.result : this.hoverResult;
    const main = r?.polygons[0];
    const geometry = extra ?? (main && main.points.length >= 3 ? polygonOf(main) : null);
    this.ctx.setOverlay({ draft: geometry || this.points.length ? { geometry, vertices: this.points.map((p) => [p.x, p.y] as [number, number]), closing: false } : null });
  }

  // ── accept / clear ───────────────────────────────────────────────────────

  accept() {
    const r = this.hasPrompts ? this.result : this.hoverResult;
    if (!r || !r.polygons.length) return this.ctx.refuse('Nothing to keep: SAM found no object there. Click elsewhere or drag a box.');
    const parts = r.polygons.filter((p) => p.points.length >= 3).map(polygonOf);
    const areas = parts.map((g) => geometryArea(g) ?? 0);
    const largest = Math.max(0, ...areas);
    const records: ShapeRecord[] = [];
    let problem: string | null = null;
    parts.forEach((g, i) => {
      if (i > 0 && areas[i] < largest * MIN_PART_SHARE) return;
      const checked = this.ctx.check(g);
      if ('problem' in checked) problem ??= checked.problem;
      else records.push(this.ctx.newRecord(checked.geometry, { source: 'sam', confidence: Math.min(1, Math.max(0, r.score)) }));
    });
    if (!records.length) return this.ctx.refuse(`Not kept: ${problem ?? 'the outline is empty'}.`);
    this.clear();
    this.ctx.commit(diff({ added: records }), this.label);
    this.ctx.select(records.map((rec) => rec.key));
    if (this.current?.id !== 'idle') this.transition('idle');
  }

  clear() {
    this.session++;
    this.points = [];
    this.box = null;
    this.result = null;
    this.hoverResult = null;
    this.queued = null;
    this.commitWhenSettled = false;
    this.ctx.setOverlay({ draft: null });
  }
}

const tool = (node: StateNode) => node.parent as SamTool;

/** Waiting for a press: hover previews; a press on a handle of the selected shape reshapes it. */
class SamIdle extends StateNode {
  static id = 'idle';

  override onEnter() {
    this.ctx.setOverlay({ cursor: 'crosshair' });
  }

  override onPointerMove(e: PointerInfo) {
    const handle = this.ctx.handleAt(e.screen);
    this.ctx.setOverlay({ cursor: handle?.handle.cursor ?? 'crosshair' });
    if (!handle) tool(this).hover(e.point);
  }

  override onPointerDown(e: PointerInfo) {
    const hit = this.ctx.handleAt(e.screen);
    if (hit && !tool(this).hasPrompts) {
      if (e.alt || e.button === 2) return removeVertexUnder(this, hit);
      if (e.button === 0) return this.parent!.transition('dragging_handle', hit);
    }
    if (e.button !== 0) return;
    this.parent!.transition('pressing', e);
  }
}

/** A press that becomes a point on release, or a box once it moves. */
class SamPressing extends StateNode {
  static id = 'pressing';
  private start: PointerInfo | null = null;

  override onEnter(info: unknown) {
    this.start = info as PointerInfo;
  }

  override onPointerMove(e: PointerInfo) {
    const s = this.start!;
    if (Math.hypot(e.screen[0] - s.screen[0], e.screen[1] - s.screen[1]) >= DRAG_PX) this.parent!.transition('boxing', { from: s.point, to: e.point });
  }

  override onPointerUp() {
    const s = this.start!;
    this.parent!.transition('idle');
    tool(this).addPoint(s.point, s.shift || s.alt);
  }
}

/** Dragging a box prompt: the rectangle follows the pointer, release segments inside it. */
class SamBoxing extends StateNode {
  static id = 'boxing';
  private from: ImagePoint | null = null;

  override onEnter(info: unknown) {
    const { from, to } = info as { from: ImagePoint; to: ImagePoint };
    this.from = this.ctx.clampToImage(from);
    this.update(to);
  }

  private boxTo(p: ImagePoint): [number, number, number, number] {
    const [ax, ay] = this.from!;
    const [bx, by] = this.ctx.clampToImage(p);
    return [Math.min(ax, bx), Math.min(ay, by), Math.abs(bx - ax), Math.abs(by - ay)];
  }

  private update(p: ImagePoint) {
    const [x, y, w, h] = this.boxTo(p);
    tool(this).show(w > 0 && h > 0 ? { type: 'bbox', bbox: [x, y, w, h] } : null);
  }

  override onPointerMove(e: PointerInfo) {
    this.update(e.point);
  }

  override onPointerUp(e: PointerInfo) {
    const box = this.boxTo(e.point);
    this.parent!.transition('idle');
    if (box[2] >= 1 && box[3] >= 1) tool(this).setBox(box);
    else tool(this).show();
  }

  override onCancel(e: KeyInfo) {
    e.handled = true;
  }
}
