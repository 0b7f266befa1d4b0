import type { Geometry, Point } from '../../geometry/schemas';
import { capabilities } from '../capabilities';
import type { AnnotationRecord, ImageRecord } from '../model';
import type { ReportCollector } from '../report';
import { rotatedCorners } from '../shape-conversion';

/**
 * One LabelMe JSON per image. `imagePath` is the path from the JSON to the image, which the
 * exporter decides (the JSON sits beside its image by default, as LabelMe saves it).
 */

interface Shape {
  type: string;
  points: Point[];
}

function shapeOf(g: Geometry, report: ReportCollector): Shape | null {
  switch (g.type) {
    case 'bbox':
      return { type: 'rectangle', points: [[g.bbox[0], g.bbox[1]], [g.bbox[0] + g.bbox[2], g.bbox[1] + g.bbox[3]]] };
    case 'polygon':
      if (g.holes?.length) report.warn('holes-dropped', 'polygon holes cannot be written to LabelMe; only the outer ring was');
      return { type: 'polygon', points: g.points };
    case 'line':
      return { type: 'line', points: [g.p1, g.p2] };
    case 'polyline':
      return g.closed && g.points.length >= 3 ? { type: 'polygon', points: g.points } : { type: 'linestrip', points: g.points };
    case 'circle':
      if (Math.abs(g.end_angle - g.start_angle) < 360) report.warn('arcs', 'partial circles (arcs) were written as full circles');
      return { type: 'circle', points: [g.center, [g.center[0] + g.radius, g.center[1]]] };
    case 'points':
      if (g.labels?.length || g.visible?.some((v) => !v)) report.warn('point-labels-dropped', 'point names and visibility cannot be written to LabelMe');
      return { type: g.points.length === 1 ? 'point' : 'points', points: g.points };
    case 'rotated_bbox':
      return { type: 'polygon', points: rotatedCorners(g) };
    case 'mask':
      return null;
  }
}

/** The LabelMe document of one image. */
export function labelmeJson(image: ImageRecord, imagePath: string, annotations: readonly AnnotationRecord[], report: ReportCollector, imageData: string | null = null): string {
  const caps = capabilities('labelme');
  const shapes: Record<string, unknown>[] = [];
  for (const a of annotations) {
    const g = a.geometry;
    if (caps.geometry[g.type].kind === 'drop') {
      report.warn(`${g.type}-dropped`, `${g.type} annotations cannot be written to LabelMe`);
      continue;
    }
    if (a.label === null) {
      report.warn('unlabeled-dropped', 'annotations without a class are left out of LabelMe');
      continue;
    }
    const shape = shapeOf(g, report);
    if (!shape) continue;
    if (g.type === 'rotated_bbox') report.warn('rotated_bbox-converted', 'rotated boxes were written as 4-point polygons');
    const flags: Record<string, boolean> = {};
    const attributes: Record<string, unknown> = {};
    let groupId: number | null = null;
    for (const [k, v] of Object.entries(a.attributes ?? {})) {
      if (k === 'group_id' && typeof v === 'number') groupId = v;
      else if (typeof v === 'boolean') flags[k] = v;
      else attributes[k] = v;
    }
    if (a.z_order) report.warn('z-order-dropped', 'z-order is not kept in LabelMe');
    if (a.confidence !== null && a.confidence !== undefined) report.warn('confidence-dropped', 'confidence scores are not kept in LabelMe');
    shapes.push({
      label: a.label,
      points: shape.points,
      group_id: groupId,
      description: a.caption ?? '',
      shape_type: shape.type,
      flags,
      ...(Object.keys(attributes).length ? { attributes } : {}),
      mask: null,
    });
  }
  if (image.captions?.length) report.warn('image-captions-dropped', 'image captions cannot be written to LabelMe');
  const doc = {
    version: '5.5.0',
    flags: Object.fromEntries((image.classes ?? []).map((c) => [c, true])),
    shapes,
    imagePath,
    imageData,
    imageHeight: image.height,
    imageWidth: image.width,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
