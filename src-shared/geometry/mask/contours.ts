import { maskBounds, type BinaryMask, type PixelBounds } from './binary-mask';

/** A closed ring of vertices on pixel corners, in image coordinates; the last vertex joins the first. */
export type Ring = [number, number][];

/** One 4-connected component: its outer boundary and the boundaries of its holes. */
export interface Contour {
  outer: Ring;
  holes: Ring[];
  /** Set pixels of the component (outer area minus hole areas), exact. */
  area: number;
}

// Directions along pixel edges: east, south, west, north (y grows downwards).
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

/**
 * Traces the boundaries of a mask along pixel edges ("crack following"), so that a pixel is
 * inside the returned polygon exactly when its centre is: rasterising the contours gives the mask
 * back, which is what makes polygons and RLE of one SAM result agree.
 *
 * Set pixels are 4-connected (pixels touching only at a corner are separate components), the
 * background 8-connected, which keeps every ring simple. Outer rings run clockwise on screen,
 * holes counter-clockwise. `within` limits the work to bounds known to hold every set pixel;
 * `origin` is added to every vertex, for a mask that is a crop of a larger image.
 */
export function traceContours(mask: BinaryMask, within?: PixelBounds | null, origin: { x: number; y: number } = { x: 0, y: 0 }): Contour[] {
  const bounds = within === null ? null : maskBounds(mask, within ?? undefined);
  if (!bounds) return [];
  const w = bounds.x1 - bounds.x0 + 1;
  const h = bounds.y1 - bounds.y0 + 1;
  // A one-pixel frame of background lets every neighbour lookup skip bounds checks.
  const pw = w + 2;
  const grid = new Uint8Array(pw * (h + 2));
  for (let y = 0; y < h; y++) {
    const src = (y + bounds.y0) * mask.width + bounds.x0;
    grid.set(mask.data.subarray(src, src + w), (y + 1) * pw + 1);
  }
  const vw = pw + 1;
  const visited = new Uint8Array(vw * (h + 3));

  // Is there a boundary edge leaving vertex (x, y) in direction d with the object on its right?
  const edge = (x: number, y: number, d: number): boolean => {
    switch (d) {
      case 0:
        return grid[y * pw + x] === 1 && grid[(y - 1) * pw + x] === 0;
      case 1:
        return grid[y * pw + x - 1] === 1 && grid[y * pw + x] === 0;
      case 2:
        return grid[(y - 1) * pw + x - 1] === 1 && grid[y * pw + x - 1] === 0;
      default:
        return grid[(y - 1) * pw + x] === 1 && grid[(y - 1) * pw + x - 1] === 0;
    }
  };

  const loops: { ring: number[]; area2: number; sx: number; sy: number }[] = [];
  for (let sy = 1; sy <= h; sy++) {
    const row = sy * pw;
    for (let sx = 1; sx <= w; sx++) {
      // An eastward edge starts here when this pixel is set and the one above is not.
      if (grid[row + sx] !== 1 || grid[row - pw + sx] !== 0 || visited[sy * vw + sx] & 1) continue;
      const ring: number[] = [];
      let area2 = 0;
      let x = sx;
      let y = sy;
      let d = 0;
      do {
        visited[y * vw + x] |= 1 << d;
        const nx = x + DX[d];
        const ny = y + DY[d];
        area2 += x * ny - nx * y;
        x = nx;
        y = ny;
        // Right turn first: at a corner-touching pair of pixels that keeps them apart (4-connectivity).
        let next = (d + 1) & 3;
        if (!edge(x, y, next)) {
          next = d;
          if (!edge(x, y, next)) next = (d + 3) & 3;
        }
        if (next !== d) ring.push(x, y);
        d = next;
      } while (x !== sx || y !== sy || d !== 0);
      loops.push({ ring, area2, sx, sy });
    }
  }
  return groupLoops(loops, grid, pw, h, { x: bounds.x0 + origin.x, y: bounds.y0 + origin.y });
}

/** Pairs every hole with the component around it and converts rings to image coordinates. */
function groupLoops(loops: { ring: number[]; area2: number; sx: number; sy: number }[], grid: Uint8Array, pw: number, h: number, corner: { x: number; y: number }): Contour[] {
  const toRing = (flat: number[]): Ring => {
    const ring: Ring = new Array(flat.length / 2);
    for (let i = 0; i < flat.length; i += 2) ring[i / 2] = [flat[i] - 1 + corner.x, flat[i + 1] - 1 + corner.y];
    return ring;
  };
  const outers = loops.filter((l) => l.area2 > 0);
  const holes = loops.filter((l) => l.area2 < 0);
  const contours: Contour[] = outers.map((l) => ({ outer: toRing(l.ring), holes: [], area: l.area2 / 2 }));
  if (!holes.length) return contours;
  // With one component every hole is its own; otherwise label the components to pair them.
  let owner: (sx: number, sy: number) => number = () => 0;
  if (outers.length > 1) {
    const componentOf = labelRuns(grid, pw, h + 2);
    const byLabel = new Map<number, number>();
    outers.forEach((l, i) => byLabel.set(componentOf(l.sx, l.sy), i));
    owner = (sx, sy) => byLabel.get(componentOf(sx, sy))!;
  }
  for (const hole of holes) {
    // The pixel below a loop's first (eastward) edge is a pixel of the component it bounds.
    const contour = contours[owner(hole.sx, hole.sy)];
    contour.holes.push(toRing(hole.ring));
    contour.area += hole.area2 / 2;
  }
  return contours;
}

/**
 * 4-connected components of a framed grid, labelled by runs of set pixels rather than pixel by
 * pixel: a union-find over runs that share a column with a run of the row above. Returns the
 * component of a set pixel (x, y) as a number.
 */
function labelRuns(grid: Uint8Array, pw: number, ph: number): (x: number, y: number) => number {
  const starts: number[] = [];
  const ends: number[] = [];
  const rowFirst = new Int32Array(ph + 1);
  const parent: number[] = [];
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (let y = 0; y < ph; y++) {
    rowFirst[y] = starts.length;
    const row = y * pw;
    for (let x = 0; x < pw; x++) {
      if (grid[row + x] !== 1) continue;
      const start = x;
      while (x + 1 < pw && grid[row + x + 1] === 1) x++;
      starts.push(start);
      ends.push(x);
      parent.push(parent.length);
    }
  }
  rowFirst[ph] = starts.length;
  for (let y = 1; y < ph; y++) {
    let above = rowFirst[y - 1];
    for (let r = rowFirst[y]; r < rowFirst[y + 1]; r++) {
      // Runs of the row above that share a column with run r; both lists are sorted by x.
      while (above < rowFirst[y] && ends[above] < starts[r]) above++;
      for (let a = above; a < rowFirst[y] && starts[a] <= ends[r]; a++) {
        const ra = find(a);
        const rr = find(r);
        if (ra !== rr) parent[ra] = rr;
      }
    }
  }
  return (x, y) => {
    let lo = rowFirst[y];
    let hi = rowFirst[y + 1] - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= x) lo = mid;
      else hi = mid - 1;
    }
    return find(lo);
  };
}
