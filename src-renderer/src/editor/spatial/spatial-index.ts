import { boundsIntersect, type Bounds } from '../../../../src-shared/geometry/bounds';

/** Past this many cells a shape goes on a short list checked by every query instead. */
const MAX_CELLS_PER_ENTRY = 256;

/**
 * A uniform grid over the image: each shape is filed under every cell its bounds touch, so a
 * point or rectangle query looks at a few cells instead of every shape. Updates are O(cells of
 * the shape), which suits an editor where one shape changes at a time.
 */
export class SpatialIndex {
  private cells = new Map<number, Set<string>>();
  private entries = new Map<string, { bounds: Bounds; cells: number[] | null }>();
  private large = new Set<string>();
  private readonly cellSize: number;

  /** `extent` is the image size; the grid has about 64 cells along its longer side. */
  constructor(extent: { width: number; height: number }) {
    this.cellSize = Math.max(8, Math.max(extent.width, extent.height) / 64);
  }

  get size(): number {
    return this.entries.size;
  }

  boundsOf(key: string): Bounds | undefined {
    return this.entries.get(key)?.bounds;
  }

  set(key: string, bounds: Bounds): void {
    this.delete(key);
    const [x0, y0, x1, y1] = this.cellRange(bounds);
    const count = (x1 - x0 + 1) * (y1 - y0 + 1);
    if (count > MAX_CELLS_PER_ENTRY) {
      this.large.add(key);
      this.entries.set(key, { bounds, cells: null });
      return;
    }
    const cells: number[] = [];
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const id = cellId(cx, cy);
        let set = this.cells.get(id);
        if (!set) this.cells.set(id, (set = new Set()));
        set.add(key);
        cells.push(id);
      }
    }
    this.entries.set(key, { bounds, cells });
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    if (!entry.cells) this.large.delete(key);
    else for (const id of entry.cells) this.cells.get(id)?.delete(key);
  }

  /** Keys whose bounds intersect `area` (exactly: candidates are checked against their bounds). */
  query(area: Bounds): string[] {
    const [x0, y0, x1, y1] = this.cellRange(area);
    const out = new Set<string>();
    const consider = (key: string) => {
      if (!out.has(key) && boundsIntersect(this.entries.get(key)!.bounds, area)) out.add(key);
    };
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > this.cells.size) {
      for (const key of this.entries.keys()) consider(key);
      return [...out];
    }
    for (let cx = x0; cx <= x1; cx++) for (let cy = y0; cy <= y1; cy++) this.cells.get(cellId(cx, cy))?.forEach(consider);
    this.large.forEach(consider);
    return [...out];
  }

  private cellRange(b: Bounds): [number, number, number, number] {
    const s = this.cellSize;
    return [Math.floor(b.minX / s), Math.floor(b.minY / s), Math.floor(b.maxX / s), Math.floor(b.maxY / s)];
  }
}

/** Cells as one number: (x, y) in ±2^20 packed into a safe integer. */
const cellId = (cx: number, cy: number) => (cx + 1_048_576) * 2_097_152 + (cy + 1_048_576);
