import type { Geometry, Point } from '../../geometry/schemas';
import { emptyDataset, type AnnotationRecord, type Dataset, type FileSource, type ParseOutcome, type Where } from '../model';
import { ReportCollector, at, badImageSize, dirname, isNum, isRecord, joinPath, normalisePath, unreadable } from '../report';
import { rotatedFromCorners } from '../shape-conversion';
import { parseJson } from '../text';

/**
 * LabelMe JSON, one file per image: rectangle, polygon, line, linestrip, circle, point, points
 * (and X-AnyLabeling's rotation); shape flags and attributes → attributes, description → caption,
 * group_id → attribute; image flags set to true → image-level classes. `imagePath` is relative to
 * the JSON file; `imageData` (base64) is kept for core to write out when the image file is missing.
 */

/** `a/b/../c` → `a/c`; a path that climbs above the root keeps its leading `../` (core looks there too). */
export function resolveRelative(base: string, relative: string): string {
  const parts: string[] = [];
  for (const part of joinPath(base, normalisePath(relative)).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

const isPoint = (p: unknown): p is Point => Array.isArray(p) && p.length === 2 && isNum(p[0]) && isNum(p[1]);

function shapeGeometry(type: string, points: Point[]): Geometry | string {
  const need = (n: number, what: string) => (points.length < n ? `a ${type} needs ${what}, got ${points.length} points` : null);
  switch (type) {
    case 'rectangle': {
      if (points.length !== 2 && points.length !== 4) return `a rectangle has 2 points (opposite corners), got ${points.length}`;
      const xs = points.map((p) => p[0]);
      const ys = points.map((p) => p[1]);
      const x = Math.min(...xs);
      const y = Math.min(...ys);
      return { type: 'bbox', bbox: [x, y, Math.max(...xs) - x, Math.max(...ys) - y] };
    }
    case 'polygon':
      return need(3, 'at least 3 points') ?? { type: 'polygon', points };
    case 'line':
      return points.length !== 2 ? `a line has 2 points, got ${points.length}` : { type: 'line', p1: points[0], p2: points[1], width: 1 };
    case 'linestrip':
      return need(2, 'at least 2 points') ?? { type: 'polyline', points, width: 1, closed: false };
    case 'circle': {
      if (points.length !== 2) return `a circle has 2 points (centre and a point on it), got ${points.length}`;
      const radius = Math.hypot(points[1][0] - points[0][0], points[1][1] - points[0][1]);
      return radius > 0 ? { type: 'circle', center: points[0], radius, start_angle: 0, end_angle: 360 } : 'a circle needs a radius above 0';
    }
    case 'point':
      return points.length !== 1 ? `a point has 1 point, got ${points.length}` : { type: 'points', points };
    case 'points':
      return need(1, 'at least 1 point') ?? { type: 'points', points };
    case 'rotation': {
      const rotated = points.length === 4 ? rotatedFromCorners(points, 1e-3) : null;
      return rotated ?? 'a rotation shape has 4 corners of a rectangle';
    }
    case 'mask':
      return 'LabelMe mask shapes (embedded PNG patches) are not supported yet; convert them to polygons in LabelMe';
    default:
      return `unknown shape_type "${type}"`;
  }
}

/** One LabelMe document → its image and annotations. */
export function parseLabelme(value: unknown, file: string, report: ReportCollector): { image: Dataset['images'][number]; annotations: (AnnotationRecord & { where: Where })[] } | null {
  if (!isRecord(value) || !Array.isArray(value.shapes)) {
    report.reject(at(file, 'top level'), 'a LabelMe file is an object with "shapes" and "imagePath"');
    return null;
  }
  if (typeof value.imagePath !== 'string' || !value.imagePath.trim()) {
    report.reject(at(file, 'imagePath'), 'no "imagePath"');
    return null;
  }
  const imageFile = resolveRelative(dirname(file), value.imagePath.trim());
  let width: number | null = null;
  let height: number | null = null;
  if (value.imageWidth !== undefined || value.imageHeight !== undefined) {
    const bad = badImageSize(value.imageWidth, value.imageHeight);
    if (bad) {
      report.reject(at(file, 'imageWidth/imageHeight'), bad);
      return null;
    }
    width = value.imageWidth as number;
    height = value.imageHeight as number;
  }
  const flags = isRecord(value.flags) ? Object.entries(value.flags).filter(([, v]) => v === true).map(([k]) => k) : [];
  const embedded = typeof value.imageData === 'string' && value.imageData.length ? value.imageData : null;
  const image = { file: imageFile, width, height, where: at(file, 'image'), ...(flags.length ? { classes: flags } : {}), ...(embedded ? { embedded } : {}) };
  const annotations: (AnnotationRecord & { where: Where })[] = [];
  value.shapes.forEach((shape, i) => {
    const where = at(file, `shapes[${i}]`);
    if (!isRecord(shape)) return report.reject(where, 'a shape must be an object');
    if (typeof shape.label !== 'string' || !shape.label.trim()) return report.reject(where, 'shape has no label');
    if (!Array.isArray(shape.points) || !shape.points.every(isPoint)) return report.reject(where, 'shape points must be a list of [x, y] number pairs');
    const type = typeof shape.shape_type === 'string' ? shape.shape_type : 'polygon';
    const geometry = shapeGeometry(type, shape.points.map((p) => [p[0], p[1]] as Point));
    if (typeof geometry === 'string') return report.reject(where, geometry);
    const attributes: Record<string, unknown> = {};
    if (isRecord(shape.flags)) for (const [k, v] of Object.entries(shape.flags)) if (typeof v === 'boolean') attributes[k] = v;
    if (isRecord(shape.attributes)) Object.assign(attributes, shape.attributes);
    if (isNum(shape.group_id)) attributes.group_id = shape.group_id;
    const caption = typeof shape.description === 'string' && shape.description.trim() ? shape.description : null;
    annotations.push({ image: imageFile, label: shape.label.trim(), geometry, attributes, caption, where });
  });
  return { image, annotations };
}

/** Every LabelMe JSON under the folder → interchange records. */
export function readLabelme(source: FileSource): ParseOutcome {
  const report = new ReportCollector();
  const dataset = emptyDataset();
  const seen = new Set<string>();
  for (const file of source.list()) {
    if (!/\.json$/i.test(file)) continue;
    const text = source.text(file);
    if (text === null) {
      report.reject(at(file, 'file'), unreadable(source, file));
      continue;
    }
    const json = parseJson(text, file);
    if (!json.ok) {
      report.rejected.push(json.rejection);
      continue;
    }
    if (!isRecord(json.value) || !('shapes' in json.value)) {
      report.warn('labelme-other-json', 'JSON files that are not LabelMe files were skipped', file);
      continue;
    }
    const one = parseLabelme(json.value, file, report);
    if (!one) continue;
    if (seen.has(one.image.file)) {
      report.reject(at(file, 'imagePath'), `a second LabelMe file for ${one.image.file}; only the first was read`);
      continue;
    }
    seen.add(one.image.file);
    dataset.images.push(one.image);
    dataset.annotations.push(...one.annotations);
  }
  return { dataset, rejected: report.rejected, warnings: report.warnings };
}
