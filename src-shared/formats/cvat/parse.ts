import type { AttributeDef } from '../../contract/entities';
import type { Geometry, Point } from '../../geometry/schemas';
import { emptyDataset, type AnnotationSource, type Dataset, type ParseOutcome, type Where } from '../model';
import { ReportCollector, at, badImageSize, isRecord, normalisePath, parseNum } from '../report';
import { circlePoints } from '../shape-conversion';
import { childText, children, parseXml, type XmlNode } from '../xml';
import { cvatMaskToRle } from './mask';

/**
 * CVAT for images 1.1 XML: labels with their attribute specs (→ project attribute schema), and per
 * image box (with rotation), polygon, polyline, points, ellipse, mask and tag (→ image-level
 * class), with occluded, z_order, group_id, source and <attribute> values.
 */

const SHAPES = ['box', 'polygon', 'polyline', 'points', 'ellipse', 'mask', 'tag', 'skeleton', 'cuboid'];
const SOURCES: Record<string, AnnotationSource> = { manual: 'human', auto: 'model', 'semi-auto': 'sam', file: 'import' };

function attributeSpec(node: XmlNode): AttributeDef | null {
  const name = childText(node, 'name');
  if (!name) return null;
  const input = (childText(node, 'input_type') ?? 'text').toLowerCase();
  const values = (childText(node, 'values') ?? '').split('\n').map((v) => v.trim()).filter(Boolean);
  const fallback = childText(node, 'default_value');
  switch (input) {
    case 'checkbox':
      return { name, type: 'boolean', default: fallback === 'true' };
    case 'select':
    case 'radio':
      return { name, type: 'select', options: values, ...(fallback !== undefined ? { default: fallback } : {}) };
    case 'number': {
      const d = parseNum(fallback);
      return { name, type: 'number', ...(d !== null ? { default: d } : {}) };
    }
    default:
      return { name, type: 'text', ...(fallback !== undefined ? { default: fallback } : {}) };
  }
}

/** Labels (and their attribute specs) wherever CVAT put them: meta/task, meta/project or meta/job. */
function readLabels(meta: XmlNode | undefined, dataset: Dataset): void {
  if (!meta || typeof meta !== 'object') return;
  const holders = ['task', 'project', 'job'].map((k) => meta[k]).filter(isRecord);
  const seen = new Set<string>();
  for (const holder of holders) {
    const labels = holder.labels;
    if (!isRecord(labels)) continue;
    for (const label of children(labels, 'label')) {
      const name = childText(label, 'name');
      if (!name || seen.has(name)) continue;
      seen.add(name);
      const color = childText(label, 'color');
      dataset.classes.push({ name, color: color && /^#[0-9a-fA-F]{6}$/.test(color) ? color : null });
      const attrs = label.attributes;
      if (isRecord(attrs)) {
        for (const a of children(attrs, 'attribute')) {
          const spec = attributeSpec(a);
          if (spec && !dataset.attributes.some((d) => d.name === spec.name)) dataset.attributes.push(spec);
        }
      }
    }
  }
}

function pointList(text: string | undefined): Point[] | null {
  if (!text) return null;
  const points: Point[] = [];
  for (const pair of text.split(';')) {
    const [x, y] = pair.split(',').map((s) => parseNum(s));
    if (x === null || y === null || x === undefined || y === undefined) return null;
    points.push([x, y]);
  }
  return points;
}

function shapeGeometry(tag: string, node: XmlNode, image: { width: number | null; height: number | null }, report: ReportCollector, where: Where): Geometry | string {
  const n = (name: string) => parseNum(node[name] as string | undefined);
  switch (tag) {
    case 'box': {
      const [xtl, ytl, xbr, ybr] = ['xtl', 'ytl', 'xbr', 'ybr'].map(n);
      if (xtl === null || ytl === null || xbr === null || ybr === null) return 'a box needs numeric xtl, ytl, xbr, ybr';
      if (xbr < xtl || ybr < ytl) return `box corners are reversed (${xtl},${ytl} – ${xbr},${ybr})`;
      const rotation = n('rotation') ?? 0;
      if (rotation !== 0) return { type: 'rotated_bbox', cx: (xtl + xbr) / 2, cy: (ytl + ybr) / 2, width: xbr - xtl, height: ybr - ytl, angle: rotation };
      return { type: 'bbox', bbox: [xtl, ytl, xbr - xtl, ybr - ytl] };
    }
    case 'polygon':
    case 'polyline':
    case 'points': {
      const points = pointList(node.points as string | undefined);
      if (!points) return `${tag} points must be "x,y;x,y;…" numbers`;
      if (tag === 'polygon') return points.length >= 3 ? { type: 'polygon', points } : 'a polygon needs at least 3 points';
      if (tag === 'polyline') return points.length >= 2 ? { type: 'polyline', points, width: 1, closed: false } : 'a polyline needs at least 2 points';
      return { type: 'points', points };
    }
    case 'ellipse': {
      const [cx, cy, rx, ry] = ['cx', 'cy', 'rx', 'ry'].map(n);
      if (cx === null || cy === null || rx === null || ry === null || rx <= 0 || ry <= 0) return 'an ellipse needs numeric cx, cy and positive rx, ry';
      if (Math.abs(rx - ry) <= 1e-9 * Math.max(rx, ry)) return { type: 'circle', center: [cx, cy], radius: rx, start_angle: 0, end_angle: 360 };
      report.warn('cvat-ellipse', 'ellipses with unequal radii were imported as 64-point polygons', where.position);
      const angle = ((n('rotation') ?? 0) * Math.PI) / 180;
      const unit = circlePoints({ center: [0, 0], radius: 1, start_angle: 0, end_angle: 360 });
      return { type: 'polygon', points: unit.map(([x, y]) => [cx + x * rx * Math.cos(angle) - y * ry * Math.sin(angle), cy + x * rx * Math.sin(angle) + y * ry * Math.cos(angle)]) };
    }
    case 'mask': {
      const [left, top, width, height] = ['left', 'top', 'width', 'height'].map(n);
      const runs = String(node.rle ?? '').split(',').map((s) => parseNum(s));
      if (left === null || top === null || width === null || height === null || runs.some((r) => r === null || r < 0)) return 'a mask needs numeric rle, left, top, width, height';
      if (image.width === null || image.height === null) return 'a mask needs the image width and height';
      const rle = cvatMaskToRle({ rle: runs as number[], left, top, width, height }, image.width, image.height);
      return typeof rle === 'string' ? rle : { type: 'mask', rle };
    }
    default:
      return `CVAT <${tag}> shapes are not supported`;
  }
}

/** One CVAT for images 1.1 document → interchange records. */
export function parseCvat(text: string, file: string): ParseOutcome {
  const report = new ReportCollector();
  const dataset = emptyDataset();
  const parsed = parseXml(text, file, ['image', 'label', 'attribute', ...SHAPES]);
  if (!parsed.ok) return { dataset, rejected: [parsed.rejection], warnings: [] };
  const root = parsed.doc.annotations;
  if (!isRecord(root)) {
    report.reject(at(file, 'top level'), 'a CVAT file has an <annotations> root element');
    return { dataset, rejected: report.rejected, warnings: report.warnings };
  }
  if (root.track !== undefined) report.reject(at(file, '<track>'), 'CVAT for video tracks are not supported; export the task as "CVAT for images 1.1"');
  readLabels(root.meta as XmlNode | undefined, dataset);
  children(root, 'image').forEach((img, i) => {
    const where = at(file, `image[${i}]${img.name ? ` (${String(img.name)})` : ''}`);
    const name = typeof img.name === 'string' ? normalisePath(img.name.trim()) : '';
    if (!name) return report.reject(where, '<image> has no name');
    const width = parseNum(img.width as string | undefined);
    const height = parseNum(img.height as string | undefined);
    if (width !== null || height !== null) {
      const bad = badImageSize(width, height);
      if (bad) return report.reject(where, bad);
    }
    const image = { file: name, width, height, split: typeof img.subset === 'string' ? img.subset : null, where, classes: [] as string[] };
    dataset.images.push(image);
    for (const tag of SHAPES) {
      children(img, tag).forEach((node, k) => {
        const shapeWhere = at(file, `${where.position} <${tag}> ${k + 1}`);
        const label = typeof node.label === 'string' && node.label.trim() ? node.label.trim() : null;
        if (!label) return report.reject(shapeWhere, `<${tag}> has no label`);
        const attributes: Record<string, unknown> = {};
        for (const a of children(node, 'attribute')) if (typeof a.name === 'string') attributes[a.name] = typeof a['#text'] === 'string' ? a['#text'] : '';
        if (tag === 'tag') {
          image.classes.push(label);
          if (Object.keys(attributes).length) report.warn('cvat-tag-attributes', 'attributes of image tags were not kept', shapeWhere.position);
          return;
        }
        const geometry = shapeGeometry(tag, node, image, report, shapeWhere);
        if (typeof geometry === 'string') return report.reject(shapeWhere, geometry);
        if (node.occluded === '1') attributes.occluded = true;
        const group = parseNum(node.group_id as string | undefined);
        if (group) attributes.group_id = group;
        dataset.annotations.push({
          image: name,
          label,
          geometry,
          attributes,
          z_order: Math.trunc(parseNum(node.z_order as string | undefined) ?? 0),
          source: SOURCES[String(node.source ?? 'manual')] ?? 'human',
          where: shapeWhere,
        });
      });
    }
  });
  return { dataset, rejected: report.rejected, warnings: report.warnings };
}
