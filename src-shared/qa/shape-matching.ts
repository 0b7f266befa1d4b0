import type { Geometry } from '../geometry/schemas';
import { sortedUnique } from './ratings';
import { shapeIou } from './shape-iou';

/** A shape as matching sees it: an id to report back, its class and geometry. */
export interface Shape {
  id: string;
  class_id: number | null;
  geometry: Geometry;
}

export interface MatchOptions {
  /** Pairs below this IoU never match (0.5 is the usual choice). */
  iouThreshold?: number;
  /** Match only shapes of the same class (default true). */
  sameClass?: boolean;
}

export interface Match {
  a: string;
  b: string;
  iou: number;
}

export interface Matching {
  pairs: Match[];
  unmatchedA: string[];
  unmatchedB: string[];
}

const canMatch = (x: Shape, y: Shape, sameClass: boolean) => !sameClass || x.class_id === y.class_id;

/**
 * One-to-one matching of two annotators' shapes by IoU: all pairs at or above the threshold,
 * taken greedily from the highest IoU down (ties by id), each shape used once. Greedy is what
 * COCO-style evaluation does, and it is deterministic.
 */
export function matchShapes(a: readonly Shape[], b: readonly Shape[], options: MatchOptions = {}): Matching {
  const { iouThreshold = 0.5, sameClass = true } = options;
  const candidates: Match[] = [];
  for (const x of a) {
    for (const y of b) {
      if (!canMatch(x, y, sameClass)) continue;
      const iou = shapeIou(x.geometry, y.geometry);
      if (iou !== null && iou >= iouThreshold && iou > 0) candidates.push({ a: x.id, b: y.id, iou });
    }
  }
  candidates.sort((p, q) => q.iou - p.iou || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0));
  const usedA = new Set<string>();
  const usedB = new Set<string>();
  const pairs: Match[] = [];
  for (const c of candidates) {
    if (usedA.has(c.a) || usedB.has(c.b)) continue;
    usedA.add(c.a);
    usedB.add(c.b);
    pairs.push(c);
  }
  return { pairs, unmatchedA: a.filter((s) => !usedA.has(s.id)).map((s) => s.id), unmatchedB: b.filter((s) => !usedB.has(s.id)).map((s) => s.id) };
}

export interface ClusterMember {
  annotator: string;
  shape: Shape;
}

export interface Cluster {
  members: ClusterMember[];
  /** Mean pairwise IoU of the members (1 for a single member). */
  meanIou: number;
}

/**
 * Groups the shapes of many annotators into objects: at most one shape per annotator per
 * cluster, joined when its mean IoU with the cluster's members reaches the threshold.
 * Annotators are taken in sorted order and, within one, candidate joins greedily from the best
 * mean IoU down, so the result does not depend on the input order.
 */
export function clusterShapes(byAnnotator: ReadonlyMap<string, readonly Shape[]>, options: MatchOptions = {}): Cluster[] {
  const { iouThreshold = 0.5, sameClass = true } = options;
  const clusters: ClusterMember[][] = [];
  const iouCache = new Map<string, number>();
  const iou = (x: Shape, y: Shape) => {
    const key = x.id < y.id ? `${x.id}\u0000${y.id}` : `${y.id}\u0000${x.id}`;
    if (!iouCache.has(key)) iouCache.set(key, shapeIou(x.geometry, y.geometry) ?? 0);
    return iouCache.get(key)!;
  };
  const meanWith = (shape: Shape, members: readonly ClusterMember[]) => members.reduce((s, m) => s + iou(shape, m.shape), 0) / members.length;

  for (const annotator of sortedUnique(byAnnotator.keys())) {
    const shapes = [...(byAnnotator.get(annotator) ?? [])].sort((p, q) => (p.id < q.id ? -1 : p.id > q.id ? 1 : 0));
    const candidates: { shape: number; cluster: number; score: number }[] = [];
    shapes.forEach((shape, s) => {
      clusters.forEach((members, c) => {
        if (!canMatch(shape, members[0].shape, sameClass)) return;
        const score = meanWith(shape, members);
        if (score >= iouThreshold && score > 0) candidates.push({ shape: s, cluster: c, score });
      });
    });
    candidates.sort((p, q) => q.score - p.score || p.cluster - q.cluster || p.shape - q.shape);
    const placed = new Set<number>();
    const filled = new Set<number>();
    for (const c of candidates) {
      if (placed.has(c.shape) || filled.has(c.cluster)) continue;
      placed.add(c.shape);
      filled.add(c.cluster);
      clusters[c.cluster].push({ annotator, shape: shapes[c.shape] });
    }
    shapes.forEach((shape, s) => placed.has(s) || clusters.push([{ annotator, shape }]));
  }
  return clusters.map((members) => ({ members, meanIou: clusterMeanIou(members, iou) }));
}

function clusterMeanIou(members: readonly ClusterMember[], iou: (x: Shape, y: Shape) => number): number {
  if (members.length < 2) return 1;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      sum += iou(members[i].shape, members[j].shape);
      n++;
    }
  }
  return sum / n;
}
