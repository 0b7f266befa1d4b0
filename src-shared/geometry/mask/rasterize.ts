import { emptyMask, type BinaryMask } from './binary-mask';

type Pt = readonly [number, number];

/** A polygon as annotations store it: an outer ring and optional holes, in image pixels. */
export interface PolygonShape {
  points: [number, number][];
  holes?: [number, number][][];
}

/**
 * Rasterises polygons with the even-odd rule, sampling pixel centres: pixel (x, y) is set when
 * (x + 0.5, y + 0.5) lies inside. Overlapping polygons are united.
 */
export function rasterizePolygons(polygons: readonly { points: readonly Pt[]; holes?: readonly (readonly Pt[])[] }[], width: number, height: number): BinaryMask {
  const mask = emptyMask(width, height);
  for (const polygon of polygons) fillRings([polygon.points, ...(polygon.holes ?? [])], mask);
  return mask;
}

function fillRings(rings: readonly (readonly Pt[])[], mask: BinaryMask): void {
  const edges: [number, number, number, number][] = [];
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i];
      const b = ring[(i + 1) % ring.length];
      if (a[1] !== b[1]) edges.push(a[1] < b[1] ? [a[0], a[1], b[0], b[1]] : [b[0], b[1], a[0], a[1]]);
    }
  }
  if (!edges.length) return;
  const top = Math.max(0, Math.floor(Math.min(...edges.map((e) => e[1]))));
  const bottom = Math.min(mask.height - 1, Math.ceil(Math.max(...edges.map((e) => e[3]))));
  const row = new Uint8Array(mask.width);
  const xs: number[] = [];
  for (let y = top; y <= bottom; y++) {
    const yc = y + 0.5;
    xs.length = 0;
    for (const [x1, y1, x2, y2] of edges) if (y1 <= yc && yc < y2) xs.push(x1 + ((yc - y1) * (x2 - x1)) / (y2 - y1));
    if (xs.length < 2) continue;
    xs.sort((a, b) => a - b);
    row.fill(0);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.ceil(xs[k] - 0.5));
      const to = Math.min(mask.width, Math.ceil(xs[k + 1] - 0.5));
      for (let x = from; x < to; x++) row[x] ^= 1;
    }
    const offset = y * mask.width;
    for (let x = 0; x < mask.width; x++) if (row[x]) mask.data[offset + x] = 1;
  }
}
