import { ANNOTATION_TYPES, type AnnotationType, type Geometry } from '../geometry/schemas';
import type { DatasetFormat, FormatWarning } from './model';
import { storedType } from './stored-geometry';

/**
 * What each format can hold, in one table the writers follow and the export preview reads, so the
 * warnings a user sees before an export are exactly what the writer then does.
 */

export type Handling =
  | { kind: 'native' }
  /** Written as another shape. `exact` when no geometry is lost (a rotated box as four corners). */
  | { kind: 'convert'; to: string; exact: boolean }
  | { kind: 'drop' };

export const YOLO_TASKS = ['detect', 'segment', 'obb', 'classify'] as const;
export type YoloTask = (typeof YOLO_TASKS)[number];

export interface WriteOptions {
  /** YOLO only: which label layout to write. */
  yoloTask?: YoloTask;
}

export interface FormatCapabilities {
  label: string;
  geometry: Record<AnnotationType, Handling>;
  /** Polygon holes survive. */
  holes: boolean;
  attributes: boolean;
  annotationCaptions: boolean;
  imageClasses: boolean;
  imageCaptions: boolean;
  confidence: boolean;
  zOrder: boolean;
  /** Shapes without a class can be written. */
  unlabeled: boolean;
  /** Partial circles (arcs) survive. */
  arcs: boolean;
  /** Fields written outside the format's standard (other tools ignore them). */
  extensions: string[];
}

const native = { kind: 'native' } as const;
const drop = { kind: 'drop' } as const;
const convert = (to: string, exact: boolean): Handling => ({ kind: 'convert', to, exact });

const allDropped = (): Record<AnnotationType, Handling> => Object.fromEntries(ANNOTATION_TYPES.map((t) => [t, drop])) as Record<AnnotationType, Handling>;

function yoloGeometry(task: YoloTask): Record<AnnotationType, Handling> {
  const g = allDropped();
  if (task === 'detect') {
    g.bbox = native;
    for (const t of ['rotated_bbox', 'polygon', 'circle', 'mask', 'polyline', 'line', 'points'] as const) g[t] = convert('bounding box', false);
  } else if (task === 'segment') {
    g.polygon = native;
    g.bbox = convert('4-point polygon', true);
    g.rotated_bbox = convert('4-point polygon', true);
    g.circle = convert('64-point polygon', false);
    g.polyline = convert('polygon (closed polylines only)', true);
  } else if (task === 'obb') {
    g.rotated_bbox = native;
    g.bbox = convert('rotated box at 0°', true);
    g.polygon = convert('its axis-aligned bounding box as an oriented box', false);
    g.circle = convert('its bounding square as an oriented box', false);
  }
  return g;
}

/** The capability table of a format (YOLO depends on the task it writes). */
export function capabilities(format: DatasetFormat, options: WriteOptions = {}): FormatCapabilities {
  const base = { holes: false, attributes: false, annotationCaptions: false, imageClasses: false, imageCaptions: false, confidence: false, zOrder: false, unlabeled: false, arcs: false, extensions: [] as string[] };
  switch (format) {
    case 'coco': {
      const g = allDropped();
      g.bbox = native;
      g.polygon = native;
      g.mask = native;
      g.points = convert('keypoints', true);
      g.rotated_bbox = convert('4-point polygon with attributes.rotation', true);
      g.circle = convert('64-point polygon', false);
      g.polyline = convert('polygon (closed polylines only)', true);
      return { ...base, label: 'COCO', geometry: g, attributes: true, confidence: true, annotationCaptions: true, imageClasses: true, imageCaptions: true, extensions: ['images[].classes', 'images[].captions', 'annotations[].caption'] };
    }
    case 'yolo': {
      const task = options.yoloTask ?? 'detect';
      if (task === 'classify') return { ...base, label: 'YOLO classification folders', geometry: allDropped(), imageClasses: true };
      return { ...base, label: `YOLO ${task}`, geometry: yoloGeometry(task) };
    }
    case 'voc': {
      const g = allDropped();
      g.bbox = native;
      for (const t of ['rotated_bbox', 'polygon', 'circle', 'mask', 'polyline', 'line', 'points'] as const) g[t] = convert('bounding box', false);
      return { ...base, label: 'Pascal VOC', geometry: g, attributes: true };
    }
    case 'labelme': {
      const g = allDropped();
      g.bbox = native;
      g.polygon = native;
      g.line = native;
      g.polyline = native;
      g.points = native;
      g.circle = native;
      g.rotated_bbox = convert('4-point polygon', true);
      return { ...base, label: 'LabelMe', geometry: g, attributes: true, annotationCaptions: true, imageClasses: true, arcs: false, extensions: ['shapes[].attributes (non-boolean attributes, as X-AnyLabeling writes them)'] };
    }
    case 'cvat': {
      const g = allDropped();
      g.bbox = native;
      g.rotated_bbox = native;
      g.polygon = native;
      g.polyline = native;
      g.points = native;
      g.mask = native;
      g.line = convert('2-point polyline', true);
      g.circle = convert('ellipse with equal radii', true);
      return { ...base, label: 'CVAT for images 1.1', geometry: g, attributes: true, imageClasses: true, zOrder: true };
    }
    case 'labelstudio': {
      const g = allDropped();
      g.bbox = native;
      g.rotated_bbox = native;
      g.polygon = native;
      g.points = convert('one keypoint per point', true);
      g.mask = convert('brush RLE', true);
      g.circle = convert('ellipse with equal radii', true);
      return { ...base, label: 'Label Studio JSON', geometry: g, attributes: false, annotationCaptions: true, imageClasses: true, imageCaptions: true, confidence: true };
    }
  }
}

/** What an export is about to write, counted by the exporter with one query per fact. */
export interface ExportStats {
  images: number;
  annotations: number;
  byType: Partial<Record<AnnotationType, number>>;
  withAttributes: number;
  withCaption: number;
  withConfidence: number;
  nonZeroZOrder: number;
  unlabeled: number;
  polygonsWithHoles: number;
  openPolylines: number;
  arcs: number;
  imagesWithClasses: number;
  imagesWithCaptions: number;
  /** Images with more than one image-level class (classification folders take one). */
  imagesWithSeveralClasses: number;
}

/** YOLO's task when the user leaves it to us: polygons → segment, else rotated boxes → obb, else detect. */
export function chooseYoloTask(stats: Pick<ExportStats, 'byType' | 'imagesWithClasses' | 'annotations'>): YoloTask {
  const n = (t: AnnotationType) => stats.byType[t] ?? 0;
  if (n('polygon') > 0) return 'segment';
  if (n('rotated_bbox') > 0) return 'obb';
  if (stats.annotations === 0 && stats.imagesWithClasses > 0) return 'classify';
  return 'detect';
}

/**
 * The warnings an export will produce, with counts, before it runs: every shape the format has to
 * convert or drop, and every kind of data it cannot hold.
 */
export function exportWarnings(format: DatasetFormat, options: WriteOptions, stats: ExportStats): FormatWarning[] {
  const caps = capabilities(format, options);
  const out: FormatWarning[] = [];
  const add = (code: string, count: number, message: string) => {
    if (count > 0) out.push({ code, count, message, examples: [] });
  };
  for (const type of ANNOTATION_TYPES) {
    let count = stats.byType[type] ?? 0;
    const handling = caps.geometry[type];
    if (type === 'polyline' && handling.kind === 'convert' && /closed/.test(handling.to)) {
      add('polyline-dropped', stats.openPolylines, `${stats.openPolylines} open polylines cannot be written to ${caps.label} and are left out`);
      count -= stats.openPolylines;
    }
    if (handling.kind === 'drop') add(`${type}-dropped`, count, `${count} ${type} annotations cannot be written to ${caps.label} and are left out`);
    if (handling.kind === 'convert') add(`${type}-converted`, count, `${count} ${type} annotations are written as ${handling.to}${handling.exact ? '' : ' (approximate)'}`);
  }
  if (!caps.holes && caps.geometry.polygon.kind !== 'drop') add('holes-dropped', stats.polygonsWithHoles, `${stats.polygonsWithHoles} polygons have holes that ${caps.label} cannot hold; only their outer ring is written`);
  if (!caps.arcs && caps.geometry.circle.kind !== 'drop') add('arcs', stats.arcs, `${stats.arcs} circles are partial arcs; ${caps.label} writes them as full circles or polygons`);
  if (!caps.attributes) add('attributes-dropped', stats.withAttributes, `${stats.withAttributes} annotations have attributes that ${caps.label} cannot hold`);
  if (!caps.annotationCaptions) add('captions-dropped', stats.withCaption, `${stats.withCaption} annotation captions cannot be written to ${caps.label}`);
  if (!caps.confidence) add('confidence-dropped', stats.withConfidence, `${stats.withConfidence} annotations have a confidence score that ${caps.label} cannot hold`);
  if (!caps.zOrder) add('z-order-dropped', stats.nonZeroZOrder, `${stats.nonZeroZOrder} annotations have a z-order that ${caps.label} cannot hold`);
  if (!caps.unlabeled) add('unlabeled-dropped', stats.unlabeled, `${stats.unlabeled} annotations have no class and are left out (${caps.label} needs a class for every shape)`);
  if (!caps.imageClasses) add('image-classes-dropped', stats.imagesWithClasses, `${stats.imagesWithClasses} images have image-level classes that ${caps.label} cannot hold`);
  if (!caps.imageCaptions) add('image-captions-dropped', stats.imagesWithCaptions, `${stats.imagesWithCaptions} images have captions that ${caps.label} cannot hold`);
  if (format === 'yolo' && options.yoloTask === 'classify') {
    add('classify-several', stats.imagesWithSeveralClasses, `${stats.imagesWithSeveralClasses} images have several image-level classes; classification folders take only the first`);
  }
  if (format === 'coco') {
    add('extension-fields', stats.imagesWithClasses + stats.imagesWithCaptions + stats.withCaption, `image classes, image captions and annotation captions are written as extra fields (${caps.extensions.join(', ')}) that tools other than Labeler ignore`);
  }
  if (format === 'labelme') {
    add('extension-fields', stats.withAttributes, 'attributes that are not true/false are written in shapes[].attributes (as X-AnyLabeling does); LabelMe itself keeps only boolean flags');
  }
  return out;
}

const hasKeys = (o: object) => {
  for (const _ in o) return true;
  return false;
};

export function emptyStats(): ExportStats {
  return { images: 0, annotations: 0, byType: {}, withAttributes: 0, withCaption: 0, withConfidence: 0, nonZeroZOrder: 0, unlabeled: 0, polygonsWithHoles: 0, openPolylines: 0, arcs: 0, imagesWithClasses: 0, imagesWithCaptions: 0, imagesWithSeveralClasses: 0 };
}

/**
 * Adds one image and its annotations to export stats, so an export counts what it writes in the
 * same pass (the preview counts the same facts with SQL before anything is written).
 */
export function addToStats(stats: ExportStats, image: { classes?: readonly unknown[]; captions?: readonly unknown[] }, annotations: readonly { label: string | null; geometry: Geometry; geometryJson?: string; attributes?: Record<string, unknown>; caption?: string | null; confidence?: number | null; z_order?: number }[]): void {
  stats.images++;
  const classes = image.classes?.length ?? 0;
  if (classes) stats.imagesWithClasses++;
  if (classes > 1) stats.imagesWithSeveralClasses++;
  if (image.captions?.length) stats.imagesWithCaptions++;
  for (const a of annotations) {
    // The type is read from the stored JSON when there is one, so counting does not parse every shape.
    const type = ((a.geometryJson && storedType(a.geometryJson)) || a.geometry.type) as AnnotationType;
    stats.annotations++;
    stats.byType[type] = (stats.byType[type] ?? 0) + 1;
    if (a.attributes && hasKeys(a.attributes)) stats.withAttributes++;
    if (a.caption) stats.withCaption++;
    if (a.confidence !== null && a.confidence !== undefined) stats.withConfidence++;
    if (a.z_order) stats.nonZeroZOrder++;
    if (a.label === null) stats.unlabeled++;
    if (type === 'polygon' && (a.geometryJson ? a.geometryJson.includes('"holes":[[') : (a.geometry as { holes?: unknown[] }).holes?.length)) stats.polygonsWithHoles++;
    if (type !== 'polyline' && type !== 'circle') continue;
    const g = a.geometry;
    if (g.type === 'polyline' && !(g.closed && g.points.length >= 3)) stats.openPolylines++;
    if (g.type === 'circle' && Math.abs(g.end_angle - g.start_angle) < 360) stats.arcs++;
  }
}
