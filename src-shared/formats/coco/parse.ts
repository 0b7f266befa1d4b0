import type { Geometry, Point } from '../../geometry/schemas';
import { rleProblem } from '../../geometry/rle';
import { emptyDataset, type AnnotationRecord, type Caption, type Dataset, type ParseOutcome, type Where } from '../model';
import { ElementWhere, ReportCollector, at, badImageSize, isNum, isRecord, normalisePath } from '../report';
import { normaliseAngle, pairs, rotatedFromCorners } from '../shape-conversion';

/**
 * COCO instances files (also captions and keypoints files) and COCO results files, read into the
 * interchange model. Category ids map to class ids − 1 (COCO counts from 1, projects from 0).
 */

type Raw = Record<string, unknown>;

/** Shared by every annotation without attributes, so a large file does not allocate a million empty objects. */
const NO_ATTRIBUTES: Record<string, unknown> = Object.freeze({});

interface Category {
  name: string;
  keypoints: string[];
}

/** How a results file (which names images and categories by id only) finds them. */
export interface CocoResolver {
  image(id: number | string): { file: string; width: number | null; height: number | null } | null;
  category(id: number): string | null;
}

const IMAGE_EXTRAS = ['license', 'flickr_url', 'coco_url', 'date_captured'];

/** Reads a parsed COCO document: an instances/captions object, or a results array (which needs `resolver`). */
export function parseCoco(value: unknown, file: string, resolver?: CocoResolver): ParseOutcome {
  const report = new ReportCollector();
  const dataset = emptyDataset();
  if (Array.isArray(value)) {
    readResults(value, file, resolver, dataset, report);
  } else if (isRecord(value)) {
    readInstances(value, file, dataset, report);
  } else {
    report.reject(at(file, 'top level'), 'a COCO file is a JSON object with "images", "annotations" and "categories" (or a results array); this is neither');
  }
  return { dataset, rejected: report.rejected, warnings: report.warnings };
}

/** Images and categories of an instances file by id, so a results file beside it can be resolved. */
export function cocoResolver(instances: unknown): CocoResolver | null {
  if (!isRecord(instances) || !Array.isArray(instances.images)) return null;
  const images = new Map<string, { file: string; width: number | null; height: number | null }>();
  for (const img of instances.images) {
    if (isRecord(img) && (isNum(img.id) || typeof img.id === 'string') && typeof img.file_name === 'string') {
      images.set(String(img.id), { file: normalisePath(img.file_name), width: isNum(img.width) ? img.width : null, height: isNum(img.height) ? img.height : null });
    }
  }
  const categories = new Map<number, string>();
  for (const c of Array.isArray(instances.categories) ? instances.categories : []) {
    if (isRecord(c) && isNum(c.id) && typeof c.name === 'string') categories.set(c.id, c.name);
  }
  return { image: (id) => images.get(String(id)) ?? null, category: (id) => categories.get(id) ?? null };
}

function readCategories(list: unknown, file: string, dataset: Dataset, report: ReportCollector): Map<number, Category> {
  const categories = new Map<number, Category>();
  if (list === undefined) return categories;
  if (!Array.isArray(list)) {
    report.reject(at(file, 'categories'), '"categories" must be an array');
    return categories;
  }
  list.forEach((c, i) => {
    const where = at(file, `categories[${i}]`);
    if (!isRecord(c)) return report.reject(where, 'a category must be an object');
    if (!isNum(c.id) || !Number.isInteger(c.id)) return report.reject(where, `category id must be an integer, got ${JSON.stringify(c.id)}`);
    if (typeof c.name !== 'string' || !c.name.trim()) return report.reject(where, 'category has no name');
    if (categories.has(c.id)) return report.reject(where, `category id ${c.id} appears twice`);
    const keypoints = Array.isArray(c.keypoints) ? c.keypoints.map(String) : [];
    categories.set(c.id, { name: c.name.trim(), keypoints });
    const parent = typeof c.supercategory === 'string' && c.supercategory.trim() && c.supercategory.trim() !== c.name.trim() ? c.supercategory.trim() : null;
    dataset.classes.push({ name: c.name.trim(), id: c.id >= 1 ? c.id - 1 : null, parent });
  });
  return categories;
}

function readImageLevel(img: Raw, where: Where, report: ReportCollector): { classes?: string[]; captions?: Caption[] } {
  const out: { classes?: string[]; captions?: Caption[] } = {};
  if (Array.isArray(img.classes)) out.classes = img.classes.filter((c): c is string => typeof c === 'string');
  if (Array.isArray(img.captions)) {
    out.captions = [];
    for (const c of img.captions) {
      if (isRecord(c) && typeof c.text === 'string') out.captions.push({ text: c.text, source: typeof c.source === 'string' ? c.source : 'human', ...(isNum(c.confidence) ? { confidence: c.confidence } : {}) });
      else report.reject(where, 'an image caption must be an object with "text"');
    }
  }
  return out;
}

function readInstances(doc: Raw, file: string, dataset: Dataset, report: ReportCollector): void {
  if (!Array.isArray(doc.images)) {
    report.reject(at(file, 'images'), doc.images === undefined ? 'no "images" array: this is not a COCO instances file' : '"images" must be an array');
    return;
  }
  if (doc.info !== undefined || doc.licenses !== undefined) dataset.meta.coco = { info: doc.info ?? null, licenses: doc.licenses ?? [] };
  const categories = readCategories(doc.categories, file, dataset, report);
  // Keyed by the id as written (number or string), so a million lookups do not each build a string.
  const images = new Map<unknown, { file: string; width: number; height: number }>();
  const files = new Set<string>();
  doc.images.forEach((img, i) => {
    const where = at(file, `images[${i}]`);
    if (!isRecord(img)) return report.reject(where, 'an image must be an object');
    if (!isNum(img.id) && typeof img.id !== 'string') return report.reject(where, `image id must be a number or string, got ${JSON.stringify(img.id)}`);
    if (typeof img.file_name !== 'string' || !img.file_name.trim()) return report.reject(where, 'image has no "file_name"');
    const bad = badImageSize(img.width, img.height);
    if (bad) return report.reject(where, bad);
    const key = img.id;
    if (images.has(key) || images.has(String(key))) return report.reject(where, `image id ${key} appears twice`);
    const name = normalisePath(img.file_name.trim());
    if (files.has(name)) return report.reject(where, `file_name ${name} appears twice`);
    files.add(name);
    images.set(key, { file: name, width: img.width as number, height: img.height as number });
    if (IMAGE_EXTRAS.some((k) => img[k] !== undefined)) report.warn('coco-image-extras', 'per-image license, flickr_url, coco_url and date_captured are not kept', name);
    dataset.images.push({ file: name, width: img.width as number, height: img.height as number, where, ...readImageLevel(img, where, report) });
  });
  if (doc.annotations === undefined) return;
  if (!Array.isArray(doc.annotations)) return report.reject(at(file, 'annotations'), '"annotations" must be an array');
  const captions = new Map<string, Caption[]>();
  const anns = doc.annotations;
  for (let i = 0; i < anns.length; i++) {
    const a = anns[i];
    const where = new ElementWhere(file, 'annotations', i);
    if (!isRecord(a)) {
      report.reject(where, 'an annotation must be an object');
      continue;
    }
    const image = images.get(a.image_id) ?? (typeof a.image_id === 'number' ? images.get(String(a.image_id)) : isNum(Number(a.image_id)) ? images.get(Number(a.image_id)) : undefined);
    if (!image) {
      report.reject(where, a.image_id === undefined ? 'annotation has no image_id' : `image_id ${JSON.stringify(a.image_id)} is not in "images"`);
      continue;
    }
    if (typeof a.caption === 'string' && a.category_id === undefined && a.bbox === undefined && a.segmentation === undefined) {
      const list = captions.get(image.file) ?? [];
      list.push({ text: a.caption, source: 'human' });
      captions.set(image.file, list);
      continue;
    }
    const category = isNum(a.category_id) ? categories.get(a.category_id) : undefined;
    if (!category) {
      report.reject(where, a.category_id === undefined ? 'annotation has no category_id' : `category_id ${JSON.stringify(a.category_id)} is not in "categories"`);
      continue;
    }
    for (const record of cocoAnnotation(a, image.file, category, where, report, 'human')) dataset.annotations.push(record);
  }
  for (const img of dataset.images) {
    const extra = captions.get(img.file);
    if (extra) img.captions = [...(img.captions ?? []), ...extra];
  }
}

function readResults(list: unknown[], file: string, resolver: CocoResolver | undefined, dataset: Dataset, report: ReportCollector): void {
  const seen = new Set<string>();
  list.forEach((a, i) => {
    const where = at(file, `[${i}]`);
    if (!isRecord(a)) return report.reject(where, 'a result must be an object');
    if (!isNum(a.score)) return report.reject(where, 'a COCO result needs a numeric "score"');
    const image = resolver && (isNum(a.image_id) || typeof a.image_id === 'string') ? resolver.image(a.image_id) : null;
    if (!image) return report.reject(where, `image_id ${JSON.stringify(a.image_id)} matches no image: import the instances file first, or put it beside the results file`);
    const name = isNum(a.category_id) && resolver ? resolver.category(a.category_id) : null;
    if (!name) return report.reject(where, `category_id ${JSON.stringify(a.category_id)} matches no class`);
    if (!seen.has(image.file)) {
      seen.add(image.file);
      dataset.images.push({ file: image.file, width: image.width, height: image.height, where });
    }
    if (!dataset.classes.some((c) => c.name === name)) dataset.classes.push({ name, id: (a.category_id as number) >= 1 ? (a.category_id as number) - 1 : null });
    for (const record of cocoAnnotation(a, image.file, { name, keypoints: [] }, where, report, 'model')) dataset.annotations.push(record);
  });
}

const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every(isNum);

function polygonsOf(seg: unknown[], where: Where, report: ReportCollector): Point[][] | null {
  const rings = numbers(seg) ? [seg] : seg;
  const out: Point[][] = [];
  for (let k = 0; k < rings.length; k++) {
    const ring = rings[k];
    if (!numbers(ring)) {
      report.reject(where, `segmentation[${k}] must be a list of numbers`);
      return null;
    }
    if (ring.length < 6 || ring.length % 2) {
      report.reject(where, `segmentation[${k}] has ${ring.length} numbers; a polygon needs an even count of at least 6`);
      return null;
    }
    out.push(pairs(ring));
  }
  return out;
}

/** An RLE segmentation → a mask geometry, or null (rejected) when its size or counts are wrong. */
function rleGeometry(seg: Raw, where: Where, report: ReportCollector): Geometry | null {
  const size = seg.size;
  if (!Array.isArray(size) || size.length !== 2 || !size.every((n) => Number.isInteger(n) && n > 0) || badImageSize(size[1], size[0])) {
    report.reject(where, `RLE size must be [height, width] of positive integers, got ${JSON.stringify(size)}`);
    return null;
  }
  if (typeof seg.counts !== 'string' && !(numbers(seg.counts) && seg.counts.every((n) => Number.isInteger(n) && n >= 0))) {
    report.reject(where, 'RLE counts must be a string or a list of non-negative integers');
    return null;
  }
  const rle = { size: [size[0], size[1]] as [number, number], counts: seg.counts as string | number[] };
  const problem = rleProblem(rle);
  if (problem) {
    report.reject(where, problem);
    return null;
  }
  return { type: 'mask', rle };
}

/** Polygon segmentation → one polygon per part; Labeler's rotated boxes (4 corners + attributes.rotation) come back as boxes. */
function polygonGeometries(seg: unknown[], rotation: number, where: Where, report: ReportCollector): Geometry[] | null {
  const rings = polygonsOf(seg, where, report);
  if (!rings) return null;
  if (rings.length > 1) report.warn('coco-multipolygon', 'COCO annotations with several polygons were split into one polygon annotation per part', where.position, rings.length - 1);
  return rings.map((points) => {
    const rotated = rotation !== 0 && points.length === 4 ? rotatedFromCorners(points, 1e-6) : null;
    const sameAngle = rotated && Math.abs(normaliseAngle(rotated.angle - rotation)) < 1e-6;
    return rotated ? { ...rotated, angle: sameAngle ? rotation : rotated.angle } : { type: 'polygon', points };
  });
}

/** The bbox → a box (a rotated box when CVAT's attributes.rotation is set), or null (rejected). */
function boxGeometry(a: Raw, rotation: number, where: Where, report: ReportCollector): Geometry | null {
  const seg = a.segmentation;
  if (seg !== undefined && !(Array.isArray(seg) && seg.length === 0)) {
    report.reject(where, `segmentation must be a list of polygons or an RLE object, got ${JSON.stringify(seg).slice(0, 40)}`);
    return null;
  }
  const bbox = a.bbox;
  if (!numbers(bbox) || bbox.length !== 4) {
    report.reject(where, `annotation has neither a segmentation nor a valid bbox [x, y, width, height] (got ${JSON.stringify(bbox)?.slice(0, 60)})`);
    return null;
  }
  if (bbox[2] < 0 || bbox[3] < 0) {
    report.reject(where, `bbox width and height must not be negative (got ${bbox[2]} × ${bbox[3]})`);
    return null;
  }
  if (rotation !== 0) return { type: 'rotated_bbox', cx: bbox[0] + bbox[2] / 2, cy: bbox[1] + bbox[3] / 2, width: bbox[2], height: bbox[3], angle: rotation };
  return { type: 'bbox', bbox: [bbox[0], bbox[1], bbox[2], bbox[3]] };
}

/** One COCO annotation (or result) → interchange records: its shape, and its keypoints when it has them. */
function cocoAnnotation(a: Raw, image: string, category: Category, where: Where, report: ReportCollector, source: 'human' | 'model'): (AnnotationRecord & { where: Where })[] {
  const crowd = a.iscrowd === 1 || a.iscrowd === true;
  let attributes: Record<string, unknown> = NO_ATTRIBUTES;
  let rotation = 0;
  if (isRecord(a.attributes) || crowd) {
    const { rotation: r, ...rest } = isRecord(a.attributes) ? a.attributes : {};
    rotation = isNum(r) ? r : 0;
    attributes = crowd ? { ...rest, iscrowd: true } : rest;
  }
  if (a.score !== undefined && (!isNum(a.score) || a.score < 0 || a.score > 1)) {
    report.reject(where, `score ${JSON.stringify(a.score)} is not between 0 and 1`);
    return [];
  }
  const confidence = a.score !== undefined ? (a.score as number) : null;
  const caption = typeof a.caption === 'string' ? a.caption : null;
  const origin = confidence !== null ? ('model' as const) : source;
  const seg = a.segmentation;
  const hasKeypoints = Array.isArray(a.keypoints) && a.keypoints.length > 0;
  const keypointsOnly = hasKeypoints && (seg === undefined || (Array.isArray(seg) && seg.length === 0)) && a.area === 0;
  let geometries: Geometry[] | null = [];
  if (isRecord(seg)) geometries = [rleGeometry(seg, where, report)].filter((g): g is Geometry => g !== null);
  else if (Array.isArray(seg) && seg.length > 0) geometries = polygonGeometries(seg, rotation, where, report);
  else if (!keypointsOnly) geometries = [boxGeometry(a, rotation, where, report)].filter((g): g is Geometry => g !== null);
  if (!geometries?.length && !keypointsOnly) return [];
  if (hasKeypoints) {
    const points = keypointGeometry(a.keypoints, category, where, report);
    if (points === undefined) return [];
    if (points) {
      geometries!.push(points);
      if (!keypointsOnly) report.warn('coco-keypoints-separate', 'COCO keypoints were imported as separate points annotations beside their box or polygon', where.position);
    }
  }
  return geometries!.map((geometry) => ({ image, label: category.name, geometry, attributes, caption, confidence, source: origin, where }));
}

/** COCO keypoints [x, y, v, …] → a points geometry; v = 0 (not labelled) points are left out. Undefined on error. */
function keypointGeometry(raw: unknown, category: Category, where: Where, report: ReportCollector): Geometry | null | undefined {
  if (!numbers(raw) || raw.length % 3) {
    report.reject(where, 'keypoints must be a list of numbers in triples [x, y, visibility]');
    return undefined;
  }
  const points: Point[] = [];
  const labels: string[] = [];
  const visible: boolean[] = [];
  for (let k = 0; k < raw.length; k += 3) {
    const v = raw[k + 2];
    if (v === 0) continue;
    points.push([raw[k], raw[k + 1]]);
    labels.push(category.keypoints[k / 3] ?? String(k / 3 + 1));
    visible.push(v === 2);
  }
  if (!points.length) return null;
  return { type: 'points', points, labels, visible };
}
