import { load } from 'js-yaml';
import type { Geometry } from '../../geometry/schemas';
import type { YoloTask } from '../capabilities';
import { emptyDataset, type AnnotationRecord, type ClassRecord, type FileSource, type ParseOutcome, type Where } from '../model';
import { IMAGE_FILE, ReportCollector, at, basename, dirname, isRecord, unreadable } from '../report';
import { pairs, rotatedFromCorners } from '../shape-conversion';
import { textLines } from '../text';
import { pairLabels, splitOf } from './layout';

/** Class names and options a YOLO dataset declares in data.yaml (or classes.txt / obj.names). */
export interface YoloNames {
  names: Map<number, string> | null;
  task: YoloTask | 'pose' | null;
  /** [keypoints per object, values per keypoint (2 or 3)] for pose datasets. */
  kptShape: [number, number] | null;
}

const NO_NAMES: YoloNames = { names: null, task: null, kptShape: null };

/** Reads data.yaml; a reason instead when it is not YAML or its names are malformed. */
export function parseDataYaml(text: string): YoloNames | { reason: string } {
  let doc: unknown;
  try {
    doc = load(text);
  } catch (error) {
    return { reason: `not valid YAML (${(error as Error).message.split('\n')[0]})` };
  }
  if (!isRecord(doc)) return { reason: 'data.yaml must be a mapping with "names"' };
  const names = new Map<number, string>();
  if (Array.isArray(doc.names)) doc.names.forEach((n, i) => names.set(i, String(n)));
  else if (isRecord(doc.names)) {
    for (const [k, v] of Object.entries(doc.names)) {
      if (!/^\d+$/.test(k)) return { reason: `names keys must be class indices, got "${k}"` };
      names.set(Number(k), String(v));
    }
  } else if (doc.names !== undefined) return { reason: '"names" must be a list or a mapping of index → name' };
  const task = typeof doc.task === 'string' && ['detect', 'segment', 'obb', 'classify', 'pose'].includes(doc.task) ? (doc.task as YoloNames['task']) : null;
  const k = doc.kpt_shape;
  const kptShape = Array.isArray(k) && k.length === 2 && k.every((n) => Number.isInteger(n) && n > 0) && (k[1] === 2 || k[1] === 3) ? ([k[0], k[1]] as [number, number]) : null;
  return { names: names.size ? names : null, task: kptShape ? 'pose' : task, kptShape };
}

/** classes.txt / obj.names: one name per line. */
export function parseNamesList(text: string): YoloNames {
  const names = new Map<number, string>();
  textLines(text)
    .map((l) => l.trim())
    .filter(Boolean)
    .forEach((n, i) => names.set(i, n));
  return { ...NO_NAMES, names };
}

const CLASS = /^\d+(\.0*)?$/;

/** Class name for an index; names come from the names file, else "class_<i>" matched to the project by index. */
function labelFor(index: number, names: YoloNames, classes: Map<number, ClassRecord & { byIndexOnly?: boolean }>): string | null {
  if (names.names) return names.names.get(index) ?? null;
  let c = classes.get(index);
  if (!c) classes.set(index, (c = { name: `class_${index}`, id: index, byIndexOnly: true }));
  return c.name;
}

/**
 * One label file → annotations in pixels. Lines: `c cx cy w h [conf]` (detect), `c x1 y1 … xn yn
 * [conf]` (segment), `c x1 y1 … x4 y4` (obb, when the dataset says so), `c cx cy w h k1x k1y [k1v] …`
 * (pose). Every bad line is rejected with its number and reason.
 */
export function parseYoloLabels(
  text: string,
  file: string,
  image: string,
  size: { width: number; height: number },
  names: YoloNames,
  classes: Map<number, ClassRecord & { byIndexOnly?: boolean }>,
  report: ReportCollector,
): (AnnotationRecord & { where: Where })[] {
  const out: (AnnotationRecord & { where: Where })[] = [];
  const { width: W, height: H } = size;
  textLines(text).forEach((line, n) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    const where = at(file, `line ${n + 1}`);
    const tokens = trimmed.split(/\s+/);
    if (!CLASS.test(tokens[0])) return report.reject(where, `class "${tokens[0]}" is not a non-negative integer index`);
    const index = Number(tokens[0]);
    const values = tokens.slice(1).map(Number);
    const bad = tokens.slice(1).findIndex((t, i) => t === '' || !Number.isFinite(values[i]));
    if (bad >= 0) return report.reject(where, `"${tokens[bad + 1]}" is not a number`);
    const label = labelFor(index, names, classes);
    if (label === null) return report.reject(where, `class index ${index} is not in the names list (${names.names!.size} classes)`);
    const shape = shapeOf(values, names, W, H);
    if ('reason' in shape) return report.reject(where, shape.reason);
    const outside = shape.normalised.find((v) => v < -1e-6 || v > 1 + 1e-6);
    if (outside !== undefined) return report.reject(where, `coordinate ${outside} is outside 0–1: YOLO coordinates are normalised to the image size`);
    if (shape.warn) report.warn(shape.warn.code, shape.warn.message, where.file);
    for (const geometry of shape.geometries) out.push({ image, label, geometry, attributes: {}, confidence: shape.confidence, source: shape.confidence === null ? 'human' : 'model', where });
  });
  return out;
}

type Shape = { geometries: Geometry[]; confidence: number | null; normalised: number[]; warn?: { code: string; message: string } } | { reason: string };

function shapeOf(values: number[], names: YoloNames, W: number, H: number): Shape {
  const confidenceOf = (v: number | undefined): number | null | { reason: string } =>
    v === undefined ? null : v >= 0 && v <= 1 ? v : { reason: `confidence ${v} is not between 0 and 1` };
  const box = (v: number[]): Geometry => ({ type: 'bbox', bbox: [(v[0] - v[2] / 2) * W, (v[1] - v[3] / 2) * H, v[2] * W, v[3] * H] });
  const points = (v: number[]) => pairs(v).map(([x, y]) => [x * W, y * H] as [number, number]);
  if (names.kptShape) {
    const [k, dims] = names.kptShape;
    if (values.length !== 4 + k * dims) return { reason: `a pose line has 5 + ${k}×${dims} values (kpt_shape), this one has ${values.length + 1}` };
    const kp: [number, number][] = [];
    const labels: string[] = [];
    const visible: boolean[] = [];
    for (let i = 0; i < k; i++) {
      const v = dims === 3 ? values[4 + i * 3 + 2] : 2;
      if (v === 0) continue;
      kp.push([values[4 + i * dims] * W, values[4 + i * dims + 1] * H]);
      labels.push(String(i + 1));
      visible.push(v === 2);
    }
    const normalised = values.filter((_, i) => i < 4 || dims === 2 || (i - 4) % 3 !== 2);
    const geometries: Geometry[] = [box(values)];
    if (kp.length) geometries.push({ type: 'points', points: kp, labels, visible });
    return { geometries, confidence: null, normalised };
  }
  if (values.length === 4 || values.length === 5) {
    const confidence = confidenceOf(values[4]);
    if (confidence !== null && typeof confidence === 'object') return confidence;
    if (values[2] < 0 || values[3] < 0) return { reason: `box width and height must not be negative (got ${values[2]}, ${values[3]})` };
    return { geometries: [box(values)], confidence, normalised: values.slice(0, 4) };
  }
  if (values.length === 8 && names.task === 'obb') {
    const corners = points(values);
    const rotated = rotatedFromCorners(corners, 1e-3);
    if (rotated) return { geometries: [rotated], confidence: null, normalised: values };
    return { geometries: [{ type: 'polygon', points: corners }], confidence: null, normalised: values, warn: { code: 'obb-not-rectangle', message: 'oriented boxes whose corners are not a rectangle were imported as polygons' } };
  }
  if (values.length >= 6) {
    const odd = values.length % 2 === 1;
    const coords = odd ? values.slice(0, -1) : values;
    const confidence = confidenceOf(odd ? values[values.length - 1] : undefined);
    if (confidence !== null && typeof confidence === 'object') return confidence;
    return { geometries: [{ type: 'polygon', points: points(coords) }], confidence, normalised: coords };
  }
  return { reason: `a YOLO line has 5 values (class cx cy w h) or a class and 3+ points, this one has ${values.length + 1}` };
}

/** The names file of a YOLO dataset: data.yaml (or any *.yaml with names), else classes.txt / obj.names. */
export function findNames(source: FileSource, report: ReportCollector): YoloNames {
  const files = source.list();
  const yaml = files.filter((f) => /\.ya?ml$/i.test(f)).sort((a, b) => a.split('/').length - b.split('/').length || (/data\.ya?ml$/i.test(a) ? -1 : 1));
  for (const file of yaml) {
    const text = source.text(file);
    if (text === null || !/(^|\n)\s*(names|kpt_shape)\s*:/.test(text)) continue;
    const parsed = parseDataYaml(text);
    if ('reason' in parsed) {
      report.reject(at(file, 'top level'), parsed.reason);
      continue;
    }
    return parsed;
  }
  const list = files.find((f) => /(^|\/)(classes\.txt|obj\.names)$/i.test(f));
  const text = list ? source.text(list) : null;
  return text !== null ? parseNamesList(text) : NO_NAMES;
}

/**
 * A YOLO folder → interchange records. Images without a label file are background images (kept,
 * reported); label files without an image are reported with how many labels they hold and left out,
 * as Ultralytics does. Needs `source.imageSize` to turn normalised coordinates into pixels.
 */
export function readYolo(source: FileSource, options: { task?: YoloTask } = {}): ParseOutcome {
  const report = new ReportCollector();
  const dataset = emptyDataset();
  const names = findNames(source, report);
  const task = options.task ?? (names.task === 'pose' ? null : names.task);
  const classes = new Map<number, ClassRecord & { byIndexOnly?: boolean }>();
  if (names.names) for (const [id, name] of [...names.names].sort((a, b) => a[0] - b[0])) dataset.classes.push({ name, id });
  else report.warn('yolo-no-names', 'no data.yaml or classes.txt: classes are named class_<index> (or matched to project classes with that id)');
  if (task === 'classify') return readClassification(source, dataset, report);
  const { pairs: paired, orphans } = pairLabels(source.list());
  for (const orphan of orphans) {
    const text = source.text(orphan) ?? '';
    const count = textLines(text).filter((l) => l.trim()).length;
    report.warn('yolo-label-without-image', 'label files without a matching image were left out (their labels were not imported)', `${orphan} (${count} labels)`);
  }
  for (const [image, label] of paired) {
    const size = source.imageSize?.(image) ?? null;
    const where = at(image, 'image');
    if (!size) {
      report.reject(where, 'cannot read the image size, so its normalised YOLO labels cannot be placed');
      continue;
    }
    dataset.images.push({ file: image, width: size.width, height: size.height, split: splitOf(image), where });
    if (!label) {
      report.warn('yolo-background', 'images without a label file were imported as background images (no annotations)', basename(image));
      continue;
    }
    const text = source.text(label);
    if (text === null) {
      report.reject(at(label, 'file'), unreadable(source, label));
      continue;
    }
    for (const a of parseYoloLabels(text, label, image, size, { ...names, task }, classes, report)) dataset.annotations.push(a);
  }
  // Without names, indices 0..max all become classes, so the indices stay contiguous on export.
  const max = Math.max(-1, ...classes.keys());
  for (let i = 0; i <= max; i++) labelFor(i, names, classes);
  for (const c of [...classes.values()].sort((a, b) => (a.id ?? 0) - (b.id ?? 0))) dataset.classes.push(c);
  return { dataset, rejected: report.rejected, warnings: report.warnings };
}

/** Classification folders: `[<split>/]<class>/<image>` → image-level classes. */
function readClassification(source: FileSource, dataset: ParseOutcome['dataset'], report: ReportCollector): ParseOutcome {
  const seen = new Set<string>(dataset.classes.map((c) => c.name));
  for (const file of source.list()) {
    if (!IMAGE_FILE.test(file)) continue;
    const where = at(file, 'image');
    const folder = dirname(file).split('/').filter(Boolean);
    const className = folder[folder.length - 1];
    if (!className) {
      report.reject(where, 'a classification image must sit in a folder named after its class');
      continue;
    }
    const size = source.imageSize?.(file) ?? null;
    if (!seen.has(className)) {
      seen.add(className);
      dataset.classes.push({ name: className });
    }
    dataset.images.push({ file, width: size?.width ?? null, height: size?.height ?? null, classes: [className], split: splitOf(file), where });
  }
  return { dataset, rejected: report.rejected, warnings: report.warnings };
}
