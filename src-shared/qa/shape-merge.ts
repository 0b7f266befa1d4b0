import type { Geometry } from '../geometry/schemas';
import { majorityVote } from './majority-vote';
import { clusterShapes, type Cluster, type MatchOptions, type Shape } from './shape-matching';
import { shapeIou } from './shape-iou';

export interface MergedShape {
  class_id: number | null;
  geometry: Geometry;
  /** Annotators who drew this object. */
  annotators: string[];
  /** Ids of the shapes merged. */
  shape_ids: string[];
  /** annotators.length / number of annotators of the image. */
  support: number;
  meanIou: number;
  /** How the geometry was made: the mean of boxes, or the member agreeing best with the others. */
  method: 'box-average' | 'medoid';
}

/**
 * The merged geometry of one cluster: boxes are averaged corner by corner; anything else
 * (polygons, rotated boxes, circles, mixtures) becomes the member with the highest mean IoU to
 * the other members. The class is the majority class of the members.
 */
export function mergeCluster(cluster: Cluster, totalAnnotators: number): MergedShape {
  const shapes = cluster.members.map((m) => m.shape);
  const classVote = majorityVote(shapes.map((s, i) => ({ item: 'c', annotator: String(i), value: String(s.class_id) })))[0];
  const class_id = classVote.label === 'null' ? null : Number(classVote.label);
  const allBoxes = shapes.every((s) => s.geometry.type === 'bbox');
  const base = {
    class_id,
    annotators: cluster.members.map((m) => m.annotator),
    shape_ids: shapes.map((s) => s.id),
    support: totalAnnotators ? cluster.members.length / totalAnnotators : 0,
    meanIou: cluster.meanIou,
  };
  if (allBoxes) return { ...base, geometry: averageBoxes(shapes), method: 'box-average' };
  return { ...base, geometry: medoid(shapes).geometry, method: 'medoid' };
}

function averageBoxes(shapes: readonly Shape[]): Geometry {
  let x1 = 0;
  let y1 = 0;
  let x2 = 0;
  let y2 = 0;
  for (const s of shapes) {
    const [x, y, w, h] = (s.geometry as Extract<Geometry, { type: 'bbox' }>).bbox;
    x1 += x;
    y1 += y;
    x2 += x + w;
    y2 += y + h;
  }
  const n = shapes.length;
  return { type: 'bbox', bbox: [x1 / n, y1 / n, (x2 - x1) / n, (y2 - y1) / n] };
}

/** The shape with the highest mean IoU to the others (the first by id on a tie). */
export function medoid(shapes: readonly Shape[]): Shape {
  let best = shapes[0];
  let bestScore = -1;
  for (const s of [...shapes].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const others = shapes.filter((o) => o !== s);
    const score = others.length ? others.reduce((sum, o) => sum + (shapeIou(s.geometry, o.geometry) ?? 0), 0) / others.length : 1;
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}

export interface ConsensusOptions extends MatchOptions {
  /** Keep objects drawn by at least this many annotators (consensusRequired); default a strict majority. */
  minVotes?: number;
}

/**
 * Geometry consensus for one image: cluster the annotators' shapes, merge each cluster, keep
 * those with enough votes. Returns kept and dropped objects so a reviewer can see both.
 */
export function geometryConsensus(byAnnotator: ReadonlyMap<string, readonly Shape[]>, options: ConsensusOptions = {}): { kept: MergedShape[]; dropped: MergedShape[] } {
  const total = byAnnotator.size;
  const minVotes = options.minVotes ?? Math.floor(total / 2) + 1;
  const merged = clusterShapes(byAnnotator, options).map((c) => mergeCluster(c, total));
  return { kept: merged.filter((m) => m.annotators.length >= minVotes), dropped: merged.filter((m) => m.annotators.length < minVotes) };
}
