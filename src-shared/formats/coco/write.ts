import type { Geometry } from '../../geometry/schemas';
import { rleArea, rleBounds } from '../../geometry/rle';
import { geometryArea, polygonArea } from '../../geometry/validate';
import { capabilities } from '../capabilities';
import type { AnnotationRecord, ExportHeader, ImageRecord } from '../model';
import type { ReportCollector } from '../report';
import { storedBox, storedPolygon } from '../stored-geometry';
import { areaOutline, boundsOf, geometryBounds } from '../shape-conversion';

/**
 * A streaming COCO instances writer: the caller writes `begin()`, one `image()` per image,
 * `beginAnnotations()`, one `annotations()` per image, then `end()`, and memory never holds more
 * than one image's annotations. Category id = class id + 1.
 */

export interface CocoHeader extends ExportHeader {
  /** Keypoint names per class name, in slot order (see `cocoKeypointNames`). */
  keypoints?: Record<string, string[]>;
}

const num = (n: number) => (Object.is(n, -0) ? '0' : String(n));
/** [[x, y], …] → "x,y,…": Array.join turns each pair into "x,y" natively, which is far cheaper than concatenating. */
const flat = (points: readonly (readonly [number, number])[]) => points.join(',');
const box = (b: readonly number[]) => `[${b.join(',')}]`;
const NONE: Record<string, unknown> = Object.freeze({});
const hasKeys = (o: object) => {
  for (const _ in o) return true;
  return false;
};

/** Keypoint slot names per class, from the points annotations to be written (labels, else "1", "2", …). */
export function cocoKeypointNames(annotations: Iterable<Pick<AnnotationRecord, 'label' | 'geometry'>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of annotations) {
    if (a.geometry.type !== 'points' || a.label === null) continue;
    const names = (out[a.label] ??= []);
    const labels = a.geometry.labels ?? a.geometry.points.map((_, i) => String(i + 1));
    for (const l of labels) if (!names.includes(l)) names.push(l);
  }
  return out;
}

export class CocoWriter {
  private nextId = 1;
  private imagesWritten = 0;
  private annotationsWritten = 0;
  private readonly classIds: Map<string, number>;
  private readonly caps = capabilities('coco');

  constructor(private readonly header: CocoHeader, private readonly report: ReportCollector) {
    this.classIds = new Map(header.classes.map((c) => [c.name, (c.id ?? 0) + 1]));
  }

  begin(): string {
    const meta = (this.header.meta.coco ?? {}) as { info?: unknown; licenses?: unknown };
    const info = meta.info ?? { description: 'Exported by Labeler Workstation' };
    return `{"info":${JSON.stringify(info)},"licenses":${JSON.stringify(meta.licenses ?? [])},"images":[`;
  }

  image(id: number, image: ImageRecord): string {
    let s = `${this.imagesWritten++ ? ',' : ''}{"id":${id},"file_name":${JSON.stringify(image.file)},"width":${image.width},"height":${image.height}`;
    if (image.classes?.length) s += `,"classes":${JSON.stringify(image.classes)}`;
    if (image.captions?.length) s += `,"captions":${JSON.stringify(image.captions)}`;
    return `${s}}`;
  }

  beginAnnotations(): string {
    return '],"annotations":[';
  }

  annotations(imageId: number, list: readonly AnnotationRecord[]): string {
    let s = '';
    for (const a of list) {
      const body = this.annotation(a);
      if (body === null) continue;
      s += `${this.annotationsWritten++ ? ',' : ''}{"id":${this.nextId++},"image_id":${imageId},${body}}`;
    }
    return s;
  }

  end(): string {
    const categories = this.header.classes.map((c) => {
      const parent = c.parent ?? c.name;
      const keypoints = this.header.keypoints?.[c.name];
      return { id: (c.id ?? 0) + 1, name: c.name, supercategory: parent, ...(keypoints?.length ? { keypoints, skeleton: [] } : {}) };
    });
    return `],"categories":${JSON.stringify(categories)}}`;
  }

  /** The fields after id and image_id, or null when the annotation cannot be written. */
  private annotation(a: AnnotationRecord): string | null {
    // Stored boxes and plain polygons are copied from their JSON without parsing it (see stored-geometry).
    const stored = a.geometryJson ? this.stored(a.geometryJson) : null;
    const g = stored ? null : a.geometry;
    if (g && this.caps.geometry[g.type].kind === 'drop') return this.skip(`${g.type}-dropped`, `${g.type} annotations cannot be written to COCO`);
    if (a.label === null) return this.skip('unlabeled-dropped', 'annotations without a class are left out of COCO');
    const category = this.classIds.get(a.label);
    if (category === undefined) return this.skip('unknown-class', 'annotations whose class is not in the project are left out');
    // Most annotations carry no attributes: skip copying an empty object a million times.
    let attributes: Record<string, unknown> = NONE;
    let iscrowd = 0;
    if (a.attributes && hasKeys(a.attributes)) {
      const { iscrowd: crowd, ...rest } = a.attributes;
      attributes = rest;
      iscrowd = crowd === true ? 1 : 0;
    }
    if (g?.type === 'rotated_bbox') attributes = { ...attributes, rotation: g.angle };
    const shape = stored ?? this.shape(g!, a.label);
    if (shape === null) return null;
    let s = `"category_id":${category},${shape},"iscrowd":${iscrowd}`;
    if (hasKeys(attributes)) s += `,"attributes":${JSON.stringify(attributes)}`;
    if (a.confidence !== null && a.confidence !== undefined) s += `,"score":${num(a.confidence)}`;
    if (a.caption) s += `,"caption":${JSON.stringify(a.caption)}`;
    if (a.z_order) this.report.warn('z-order-dropped', 'z-order is not kept in COCO');
    return s;
  }

  private shape(g: Geometry, label: string): string | null {
    switch (g.type) {
      case 'bbox':
        return `"segmentation":[],"area":${num(g.bbox[2] * g.bbox[3])},"bbox":${box(g.bbox)}`;
      case 'mask':
        return `"segmentation":${JSON.stringify({ size: g.rle.size, counts: g.rle.counts })},"area":${rleArea(g.rle)},"bbox":${box(rleBounds(g.rle))}`;
      case 'points':
        return this.keypoints(g, label);
      default: {
        const outline = areaOutline(g);
        if (!outline) return this.skip('polyline-dropped', 'open polylines cannot be written to COCO');
        if (g.type === 'polygon' && g.holes?.length) this.report.warn('holes-dropped', 'polygon holes cannot be written to COCO; only the outer ring was', undefined);
        if (g.type !== 'polygon') this.report.warn(`${g.type}-converted`, `${g.type} annotations were written as polygons`);
        const area = g.type === 'polygon' ? polygonArea(g.points) : geometryArea(g) ?? polygonArea(outline.points);
        return `"segmentation":[[${flat(outline.points)}]],"area":${num(area)},"bbox":${box(boundsOf(outline.points))}`;
      }
    }
  }

  private stored(json: string): string | null {
    const polygon = storedPolygon(json);
    if (polygon) return `"segmentation":[[${polygon.flat}]],"area":${num(polygon.area)},"bbox":${box(polygon.bounds)}`;
    const bbox = storedBox(json);
    return bbox ? `"segmentation":[],"area":${num(bbox.area)},"bbox":${bbox.text}` : null;
  }

  private keypoints(g: Extract<Geometry, { type: 'points' }>, label: string): string | null {
    const names = this.header.keypoints?.[label] ?? g.points.map((_, i) => String(i + 1));
    const slots: number[] = new Array(names.length * 3).fill(0);
    let count = 0;
    for (let i = 0; i < g.points.length; i++) {
      const slot = names.indexOf(g.labels?.[i] ?? String(i + 1));
      if (slot < 0) {
        this.report.warn('keypoint-unnamed', 'points whose label is missing from the class keypoint list were left out');
        continue;
      }
      slots[slot * 3] = g.points[i][0];
      slots[slot * 3 + 1] = g.points[i][1];
      slots[slot * 3 + 2] = g.visible?.[i] === false ? 1 : 2;
      count++;
    }
    this.report.warn('points-converted', 'points annotations were written as COCO keypoints');
    return `"segmentation":[],"area":0,"bbox":${box(geometryBounds(g))},"keypoints":[${slots.map(num).join(',')}],"num_keypoints":${count}`;
  }

  private skip(code: string, message: string): null {
    this.report.warn(code, message);
    return null;
  }
}

/** Writes a whole COCO document in one string (tests and small exports). */
export function writeCoco(header: CocoHeader, images: readonly { image: ImageRecord; annotations: readonly AnnotationRecord[] }[], report: ReportCollector): string {
  const keypoints = header.keypoints ?? cocoKeypointNames(images.flatMap((i) => i.annotations));
  const writer = new CocoWriter({ ...header, keypoints }, report);
  let s = writer.begin();
  images.forEach((entry, i) => (s += writer.image(i + 1, entry.image)));
  s += writer.beginAnnotations();
  images.forEach((entry, i) => (s += writer.annotations(i + 1, entry.annotations)));
  return s + writer.end();
}
