import type { Bounds } from '../../../../src-shared/geometry/bounds';
import type { ImagePoint, Vec, ViewportPoint } from '../../../../src-shared/geometry/points';
import type { Geometry } from '../../../../src-shared/geometry/schemas';
import type { Handle } from '../handles';
import type { Diff } from '../model/diff';
import type { ShapeRecord } from '../model/records';
import type { SegmentAssist } from './assist';
import type { Overlay } from '../overlay';

/**
 * Everything a tool may read or do. Tools never touch the canvas, Fabric or the API: they read
 * records and the view, show work in progress through the overlay, and change the image only by
 * committing a diff (which is undoable and autosaved).
 */
export interface ToolContext {
  readonly imageSize: { width: number; height: number };
  /** Screen pixels per image pixel. */
  scale(): number;
  toScreen(p: Vec): ViewportPoint;
  record(key: string): ShapeRecord | undefined;
  selection(): readonly string[];
  select(keys: readonly string[]): void;
  /** The visible, unlocked shape under an image point (smallest and topmost first), or null. */
  hitTest(p: ImagePoint): string | null;
  /** Visible, unlocked shapes whose bounds lie inside `area`. */
  keysInside(area: Bounds): string[];
  /** Shapes that can be moved or reshaped now (visible, unlocked, not masks). */
  isEditable(key: string): boolean;
  /** The handles of the single selected editable shape, or null. */
  selectedHandles(): { key: string; handles: Handle[] } | null;
  handleAt(screen: ViewportPoint): { key: string; handle: Handle } | null;
  /** A new record with the active class, default attributes and a z-order on top (source 'human' unless given). */
  newRecord(geometry: Geometry, options?: { source?: ShapeRecord['source']; confidence?: number | null }): ShapeRecord;
  /** Model-assisted segmentation of the open image (SAM), injected by the app; null when there is none. */
  readonly assist: SegmentAssist | null;
  /** The geometry kept within the image and checked against the API's and the project's rules. */
  check(geometry: Geometry): { geometry: Geometry } | { problem: string };
  clampToImage(p: ImagePoint): ImagePoint;
  commit(diff: Diff, label: string): void;
  setOverlay(overlay: Partial<Overlay> | null): void;
  setHovered(key: string | null): void;
  panBy(dx: number, dy: number): void;
  /** Shows why an edit was not made. */
  refuse(message: string): void;
  /** Width in image pixels for new lines and polylines. */
  lineWidth(): number;
  setTool(id: string): void;
}
