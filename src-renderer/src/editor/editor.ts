import { createStore, type StoreApi } from 'zustand/vanilla';
import { boundsInside, geometryBounds, type Bounds } from '../../../src-shared/geometry/bounds';
import { clampPoint, keepInImage } from '../../../src-shared/geometry/clip';
import { hitGeometry } from '../../../src-shared/geometry/hit-test';
import { imagePoint, viewportPoint, type ImagePoint, type Vec, type ViewportPoint } from '../../../src-shared/geometry/points';
import { roundGeometry } from '../../../src-shared/geometry/round';
import { geometrySchema, type Geometry } from '../../../src-shared/geometry/schemas';
import { taskRuleProblems } from '../../../src-shared/geometry/task-rules';
import { geometryArea, validateGeometry } from '../../../src-shared/geometry/validate';
import { initialEditorState, type EditorState, type ProjectConfig } from './editor-state';
import { handleAt, handlesOf, type Handle } from './handles';
import { maskHitTester } from './mask-hit';
import { applicablePart, applyDiff, invertDiff, isEmptyDiff, keysOf, type Diff } from './model/diff';
import type { Histories } from './model/history';
import type { IdMap } from './model/ids';
import type { ImageLevel, ShapeRecord } from './model/records';
import { emptyOverlay, type Overlay } from './overlay';
import { SpatialIndex } from './spatial/spatial-index';
import type { SegmentAssist } from './tools/assist';
import type { ToolContext } from './tools/tool-context';
import { RootState, toolById } from './tools/registry';
import type { KeyInfo, PointerInfo } from './tools/state-node';

export interface EditorDeps {
  ids: IdMap;
  histories: Histories;
  /** Hands every committed diff (and every undo/redo) to autosave. */
  persist(imageId: string, diff: Diff): void;
}

export interface View {
  scale: number;
  x: number;
  y: number;
}

/** How near (screen pixels) the pointer must be to a stroke or outline to hit it. */
const HIT_PX = 5;

/**
 * The editor of one image at a time, free of DOM and React: it owns the records (the truth the
 * canvas draws), the selection, the spatial index, the per-image undo history and the tool
 * state chart, and implements the ToolContext the tools work through.
 */
export class Editor implements ToolContext {
  readonly store: StoreApi<EditorState> = createStore<EditorState>()(() => initialEditorState);
  readonly root: RootState;
  index = new SpatialIndex({ width: 1, height: 1 });
  /** Set by the canvas on every view change; tools read the zoom through it. */
  view: View = { scale: 1, x: 0, y: 0 };
  /** The canvas's pan, so tools can pan without knowing the canvas. */
  panHost: ((dx: number, dy: number) => void) | null = null;
  /** Segmentation for the SAM tool, set by the app (session.ts) or a test; tools reach it as ctx.assist. */
  assist: SegmentAssist | null = null;
  private order = new Map<string, number>();
  private byKey = new Map<string, ShapeRecord>();
  private maskAt = maskHitTester();
  private messageId = 0;

  constructor(private readonly deps: EditorDeps) {
    this.root = new RootState(this, null);
    this.root.enter();
  }

  get state(): EditorState {
    return this.store.getState();
  }

  get imageSize() {
    return this.state.imageSize;
  }

  // ── loading ──────────────────────────────────────────────────────────────

  setProject(project: ProjectConfig): void {
    const activeClass = project.classes.some((c) => c.id === this.state.activeClass) ? this.state.activeClass : (project.classes[0]?.id ?? null);
    this.store.setState({ project, activeClass });
  }

  /** Shows an image: its records (z-ordered, as listed by the store) and image-level labels. */
  open(imageId: string, imageSize: { width: number; height: number }, records: readonly ShapeRecord[], imageLevel: ImageLevel): void {
    this.root.current?.handle({ name: 'cancel', key: 'Escape', shift: false, alt: false, ctrl: false, handled: false });
    this.index = new SpatialIndex(imageSize);
    for (const r of records) this.index.set(r.key, geometryBounds(r.geometry));
    this.reindex(records);
    const history = this.deps.histories.of(imageId);
    this.store.setState({ imageId, imageSize, records, imageLevel, selection: [], hovered: null, overlay: emptyOverlay, canUndo: history.canUndo, canRedo: history.canRedo });
  }

  /** Changes made elsewhere (see reconcile): applied without entering the undo history or autosave. */
  applyRemote(d: Diff): void {
    if (!isEmptyDiff(d)) this.apply(d);
  }

  // ── changes ──────────────────────────────────────────────────────────────

  commit(d: Diff, label: string): void {
    const imageId = this.state.imageId;
    if (!imageId || isEmptyDiff(d)) return;
    this.apply(d);
    const history = this.deps.histories.of(imageId);
    history.push({ label, diff: d });
    this.store.setState({ canUndo: history.canUndo, canRedo: history.canRedo });
    this.deps.persist(imageId, d);
  }

  undo(): boolean {
    return this.step('undo');
  }

  redo(): boolean {
    return this.step('redo');
  }

  private step(direction: 'undo' | 'redo'): boolean {
    const imageId = this.state.imageId;
    if (!imageId) return false;
    this.cancelTool();
    const history = this.deps.histories.of(imageId);
    const command = direction === 'undo' ? history.undo() : history.redo();
    this.store.setState({ canUndo: history.canUndo, canRedo: history.canRedo });
    if (!command) return false;
    const d = applicablePart(this.state.records, direction === 'undo' ? invertDiff(command.diff) : command.diff);
    this.apply(d);
    this.deps.persist(imageId, d);
    this.select(keysOf(d).filter((k) => this.byKey.has(k)));
    this.inform(`${direction === 'undo' ? 'Undid' : 'Redid'}: ${command.label}`);
    return true;
  }

  private apply(d: Diff) {
    const records = applyDiff(this.state.records, d);
    for (const r of d.removed) this.index.delete(r.key);
    for (const r of [...d.added, ...d.updated.map(([, to]) => to)]) this.index.set(r.key, geometryBounds(r.geometry));
    this.reindex(records);
    const selection = this.state.selection.filter((k) => this.byKey.has(k));
    this.store.setState({ records, selection, ...(d.image ? { imageLevel: d.image[1] } : {}) });
  }

  private reindex(records: readonly ShapeRecord[]) {
    this.order = new Map(records.map((r, i) => [r.key, i]));
    this.byKey = new Map(records.map((r) => [r.key, r]));
  }

  // ── tools and input ──────────────────────────────────────────────────────

  setTool(id: string): void {
    if (!toolById(id)) return;
    this.store.setState({ overlay: emptyOverlay });
    this.root.transition(id);
    this.store.setState({ tool: id, toolPath: this.root.path });
  }

  pointer(info: PointerInfo): void {
    this.root.handle(info);
    this.syncPath();
  }

  /** A key for the active tool; true when the tool used it (then nothing else should). */
  key(info: Omit<KeyInfo, 'handled' | 'name'> & { name?: KeyInfo['name'] }): boolean {
    const name = info.name ?? (info.key === 'Escape' ? 'cancel' : info.key === 'Enter' ? 'complete' : 'key_down');
    const event: KeyInfo = { ...info, name, handled: false };
    this.root.handle(event);
    this.syncPath();
    return event.handled;
  }

  /** Abandons whatever the tool is in the middle of. */
  cancelTool(): void {
    this.key({ key: 'Escape', shift: false, alt: false, ctrl: false });
  }

  private syncPath() {
    const path = this.root.path;
    if (path !== this.state.toolPath) this.store.setState({ toolPath: path });
  }

  // ── ToolContext ──────────────────────────────────────────────────────────

  scale(): number {
    return this.view.scale;
  }

  toScreen([x, y]: Vec): ViewportPoint {
    return viewportPoint(x * this.view.scale + this.view.x, y * this.view.scale + this.view.y);
  }

  toImage([x, y]: Vec): ImagePoint {
    return imagePoint((x - this.view.x) / this.view.scale, (y - this.view.y) / this.view.scale);
  }

  record(key: string): ShapeRecord | undefined {
    return this.byKey.get(key);
  }

  orderOf(key: string): number {
    return this.order.get(key) ?? -1;
  }

  selection(): readonly string[] {
    return this.state.selection;
  }

  select(keys: readonly string[]): void {
    const next = [...new Set(keys)].filter((k) => this.byKey.has(k));
    const now = this.state.selection;
    if (next.length !== now.length || next.some((k, i) => k !== now[i])) this.store.setState({ selection: next });
  }

  isVisible(key: string): boolean {
    const r = this.byKey.get(key);
    return !!r && !this.state.hidden.has(key) && !this.state.hiddenClasses.has(r.class_id);
  }

  isEditable(key: string): boolean {
    const r = this.byKey.get(key);
    return !!r && this.isVisible(key) && !this.state.locked.has(key) && r.geometry.type !== 'mask';
  }

  hitTest(p: ImagePoint): string | null {
    const tol = HIT_PX / this.view.scale;
    const candidates = this.index.query({ minX: p[0] - tol, minY: p[1] - tol, maxX: p[0] + tol, maxY: p[1] + tol });
    let best: string | null = null;
    let bestScore: [number, number, number] = [Infinity, Infinity, Infinity];
    for (const key of candidates) {
      if (!this.isVisible(key) || this.state.locked.has(key)) continue;
      const r = this.byKey.get(key)!;
      const hit = hitGeometry(r.geometry, p, tol, (x, y) => this.maskAt(r.geometry, x, y));
      if (!hit) continue;
      // Outlines before insides, then the smallest shape (a box inside a big polygon stays reachable), then the topmost.
      const score: [number, number, number] = [hit === 'edge' ? 0 : 1, geometryArea(r.geometry) ?? (r.geometry.type === 'mask' ? Infinity : 0), -this.orderOf(key)];
      if (score[0] < bestScore[0] || (score[0] === bestScore[0] && (score[1] < bestScore[1] || (score[1] === bestScore[1] && score[2] < bestScore[2])))) {
        best = key;
        bestScore = score;
      }
    }
    return best;
  }

  keysInside(area: Bounds): string[] {
    return this.index.query(area).filter((k) => this.isVisible(k) && !this.state.locked.has(k) && boundsInside(this.index.boundsOf(k)!, area));
  }

  selectedHandles(): { key: string; handles: Handle[] } | null {
    const sel = this.state.selection;
    if (sel.length !== 1 || !this.isEditable(sel[0])) return null;
    const live = this.state.overlay.editing.find((e) => e.key === sel[0])?.geometry;
    return { key: sel[0], handles: handlesOf(live ?? this.byKey.get(sel[0])!.geometry, this.view.scale) };
  }

  handleAt(screen: ViewportPoint): { key: string; handle: Handle } | null {
    const selected = this.selectedHandles();
    const handle = selected && handleAt(selected.handles, screen, (p) => this.toScreen(p));
    return selected && handle ? { key: selected.key, handle } : null;
  }

  newRecord(geometry: Geometry, options: { source?: ShapeRecord['source']; confidence?: number | null } = {}): ShapeRecord {
    const { project, activeClass, records } = this.state;
    const defaults = Object.fromEntries(project.attributes.filter((a) => a.default !== undefined && a.default !== null).map((a) => [a.name, a.default]));
    const top = records.reduce((z, r) => Math.max(z, r.z_order), 0);
    return { key: this.deps.ids.newKey(), class_id: activeClass, geometry, attributes: defaults, caption: null, z_order: top, source: options.source ?? 'human', confidence: options.confidence ?? null };
  }

  check(geometry: Geometry): { geometry: Geometry } | { problem: string } {
    const { imageSize, project } = this.state;
    const kept = keepInImage(roundGeometry(geometry), imageSize);
    if (!kept) return { problem: 'the shape lies outside the image' };
    const parsed = geometrySchema.safeParse(kept);
    if (!parsed.success) return { problem: parsed.error.issues[0].message };
    const problems = [...validateGeometry(parsed.data, imageSize), ...taskRuleProblems(parsed.data, project.taskConfig)];
    return problems.length ? { problem: problems[0].message } : { geometry: parsed.data };
  }

  clampToImage(p: ImagePoint): ImagePoint {
    const [x, y] = clampPoint(p, { x: 0, y: 0, ...this.state.imageSize });
    return imagePoint(x, y);
  }

  setOverlay(overlay: Partial<Overlay> | null): void {
    this.store.setState({ overlay: overlay ? { ...this.state.overlay, ...overlay } : { ...emptyOverlay, cursor: this.state.overlay.cursor } });
  }

  setHovered(key: string | null): void {
    if (key !== this.state.hovered) this.store.setState({ hovered: key });
  }

  panBy(dx: number, dy: number): void {
    this.panHost?.(dx, dy);
  }

  refuse(text: string): void {
    this.store.setState({ message: { id: ++this.messageId, text, tone: 'error' } });
  }

  inform(text: string): void {
    this.store.setState({ message: { id: ++this.messageId, text, tone: 'info' } });
  }

  lineWidth(): number {
    return this.state.lineWidth;
  }
}
