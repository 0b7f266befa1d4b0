import type { Geometry } from '../../geometry/schemas';
import { maskToRle } from '../../geometry/rle';
import { emptyDataset, type AnnotationRecord, type Caption, type ParseOutcome, type Where } from '../model';
import { ReportCollector, at, badImageSize, isNum, isRecord, normalisePath } from '../report';
import { circlePoints } from '../shape-conversion';
import { decodeBrushRle } from './brush';

/**
 * Label Studio JSON export (a list of tasks). Region coordinates are percentages (0–100) of the
 * image, turned into pixels with the result's original_width/height (or the image's real size).
 * Rectangles rotate about their top-left corner. Brush masks use Label Studio's own RLE. Choices
 * become image-level classes; a text area becomes an image caption, or the caption of the region
 * whose id it shares (per-region text). Predictions import with their scores as model output.
 */

type Raw = Record<string, unknown>;
const RAD = Math.PI / 180;
const LABEL_KEYS = ['rectanglelabels', 'polygonlabels', 'keypointlabels', 'brushlabels', 'ellipselabels', 'labels'];

/** The image a task points at, as a relative path we can match: local-files paths, upload names without their hash prefix, URL paths. */
export function imageRefOf(value: string): string {
  let v = value.trim();
  const local = /[?&]d=([^&]+)/.exec(v);
  if (/\/data\/local-files\//.test(v) && local) return normalisePath(decodeURIComponent(local[1]));
  const upload = /\/data\/upload\/\d+\/(?:[0-9a-f]{8}-)?(.+)$/.exec(v);
  if (upload) return normalisePath(decodeURIComponent(upload[1]));
  const url = /^[a-z][a-z0-9+.-]*:\/\/[^/]*\/(.*)$/i.exec(v);
  if (url) v = url[1].split('?')[0];
  try {
    v = decodeURIComponent(v);
  } catch {
    /* keep as is */
  }
  return normalisePath(v.replace(/^\/+/, ''));
}

function taskImage(task: Raw, results: Raw[]): string | null {
  const data = isRecord(task.data) ? task.data : null;
  if (!data) return null;
  const target = results.find((r) => typeof r.to_name === 'string')?.to_name as string | undefined;
  const candidates = [target ? data[target] : undefined, data.image, data.img, ...Object.values(data)];
  const found = candidates.find((v): v is string => typeof v === 'string' && /\.(jpe?g|png|webp|bmp|gif|tiff?)(\?.*)?$/i.test(v.trim()));
  return found ?? (typeof data.image === 'string' ? data.image : null);
}

/** The image paths of every task, so core can find and measure them before parsing. */
export function labelStudioImageRefs(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((t) => taskImage(t, allResults(t))).filter((v): v is string => v !== null).map(imageRefOf);
}

function allResults(task: Raw): Raw[] {
  const out: Raw[] = [];
  for (const key of ['annotations', 'predictions']) {
    if (!Array.isArray(task[key])) continue;
    for (const a of task[key] as unknown[]) if (isRecord(a) && Array.isArray(a.result)) out.push(...a.result.filter(isRecord));
  }
  return out;
}

interface Context {
  width: number;
  height: number;
  where: Where;
  report: ReportCollector;
}

function percent(v: unknown, name: string, ctx: Context): number | null {
  if (!isNum(v)) {
    ctx.report.reject(ctx.where, `${name} must be a number (percent of the image), got ${JSON.stringify(v)}`);
    return null;
  }
  // A thousandth of a percent of slack absorbs float noise; pixel values written as percentages are far beyond it.
  if (v < -1e-3 || v > 100 + 1e-3) {
    ctx.report.reject(ctx.where, `${name} = ${v} is outside 0–100: Label Studio coordinates are percentages of the image`);
    return null;
  }
  return v;
}

function regionGeometry(type: string, value: Raw, ctx: Context): Geometry | null {
  const { width: W, height: H } = ctx;
  const p = (v: unknown, name: string) => percent(v, name, ctx);
  switch (type) {
    case 'rectanglelabels':
    case 'rectangle': {
      const [x, y, w, h] = [p(value.x, 'x'), p(value.y, 'y'), p(value.width, 'width'), p(value.height, 'height')];
      if (x === null || y === null || w === null || h === null) return null;
      const rotation = isNum(value.rotation) ? value.rotation : 0;
      const [px, py, pw, ph] = [(x * W) / 100, (y * H) / 100, (w * W) / 100, (h * H) / 100];
      if (!rotation) return { type: 'bbox', bbox: [px, py, pw, ph] };
      const cos = Math.cos(rotation * RAD);
      const sin = Math.sin(rotation * RAD);
      const angle = rotation > 180 ? rotation - 360 : rotation;
      return { type: 'rotated_bbox', cx: px + (pw / 2) * cos - (ph / 2) * sin, cy: py + (pw / 2) * sin + (ph / 2) * cos, width: pw, height: ph, angle };
    }
    case 'polygonlabels':
    case 'polygon': {
      if (!Array.isArray(value.points) || value.points.length < 3) return ctx.report.reject(ctx.where, 'a polygon needs at least 3 points'), null;
      const points: [number, number][] = [];
      for (const pt of value.points) {
        if (!Array.isArray(pt) || pt.length !== 2) return ctx.report.reject(ctx.where, 'polygon points must be [x, y] pairs'), null;
        const [x, y] = [p(pt[0], 'point x'), p(pt[1], 'point y')];
        if (x === null || y === null) return null;
        points.push([(x * W) / 100, (y * H) / 100]);
      }
      return { type: 'polygon', points };
    }
    case 'keypointlabels':
    case 'keypoint': {
      const [x, y] = [p(value.x, 'x'), p(value.y, 'y')];
      if (x === null || y === null) return null;
      return { type: 'points', points: [[(x * W) / 100, (y * H) / 100]] };
    }
    case 'ellipselabels':
    case 'ellipse': {
      const [x, y, rx, ry] = [p(value.x, 'x'), p(value.y, 'y'), p(value.radiusX, 'radiusX'), p(value.radiusY, 'radiusY')];
      if (x === null || y === null || rx === null || ry === null) return null;
      const [cx, cy, prx, pry] = [(x * W) / 100, (y * H) / 100, (rx * W) / 100, (ry * H) / 100];
      if (prx <= 0 || pry <= 0) return ctx.report.reject(ctx.where, 'an ellipse needs positive radii'), null;
      if (Math.abs(prx - pry) <= 1e-6 * Math.max(prx, pry)) return { type: 'circle', center: [cx, cy], radius: prx, start_angle: 0, end_angle: 360 };
      ctx.report.warn('ls-ellipse', 'ellipses with unequal radii were imported as 64-point polygons', ctx.where.position);
      const a = (isNum(value.rotation) ? value.rotation : 0) * RAD;
      return { type: 'polygon', points: circlePoints({ center: [0, 0], radius: 1, start_angle: 0, end_angle: 360 }).map(([ux, uy]) => [cx + ux * prx * Math.cos(a) - uy * pry * Math.sin(a), cy + ux * prx * Math.sin(a) + uy * pry * Math.cos(a)]) };
    }
    case 'brushlabels':
    case 'brush': {
      if (value.format !== 'rle' || !Array.isArray(value.rle)) return ctx.report.reject(ctx.where, 'a brush region needs format "rle" and an rle byte list'), null;
      try {
        return { type: 'mask', rle: maskToRle(decodeBrushRle(value.rle as number[], W, H), W, H) };
      } catch (error) {
        return ctx.report.reject(ctx.where, `brush RLE: ${(error as Error).message}`), null;
      }
    }
    default:
      return ctx.report.reject(ctx.where, `result type "${type}" is not supported`), null;
  }
}

/**
 * A Label Studio export → interchange records. `sizeOf` gives an image's real size when results
 * carry no original_width/height.
 */
export function parseLabelStudio(value: unknown, file: string, sizeOf: (ref: string) => { width: number; height: number } | null = () => null): ParseOutcome {
  const report = new ReportCollector();
  const dataset = emptyDataset();
  const tasks = Array.isArray(value) ? value : isRecord(value) && isRecord(value.data) ? [value] : null;
  if (!tasks) {
    report.reject(at(file, 'top level'), 'a Label Studio export is a JSON list of tasks with "data" and "annotations"');
    return { dataset, rejected: report.rejected, warnings: report.warnings };
  }
  const images = new Map<string, (typeof dataset.images)[number]>();
  tasks.forEach((task, i) => {
    const where = at(file, `[${i}]`);
    if (!isRecord(task)) return report.reject(where, 'a task must be an object');
    const raw = taskImage(task, allResults(task));
    if (!raw) return report.reject(where, 'task data names no image');
    const ref = imageRefOf(raw);
    if (/^https?:/i.test(raw.trim()) && !/\/data\/(upload|local-files)\//.test(raw)) report.warn('ls-remote-image', 'tasks pointing at remote URLs were matched to local files by path', raw);
    const sets = [
      ...(Array.isArray(task.annotations) ? task.annotations.map((a, k) => ({ a, k, kind: 'annotations', prediction: false })) : []),
      ...(Array.isArray(task.predictions) ? task.predictions.map((a, k) => ({ a, k, kind: 'predictions', prediction: true })) : []),
    ];
    const live = sets.filter(({ a }) => isRecord(a) && a.was_cancelled !== true);
    if (sets.length !== live.length) report.warn('ls-cancelled', 'cancelled annotations were skipped', where.position, sets.length - live.length);
    if (live.filter((s) => !s.prediction).length > 1) report.warn('ls-several-annotations', 'tasks with several annotations (several annotators) had all of them imported', where.position);
    const first = [...allResults(task), isRecord(task.meta) ? task.meta : {}].find((r) => isNum(r.original_width) && isNum(r.original_height));
    const declared = first ? { width: first.original_width as number, height: first.original_height as number } : null;
    let image = images.get(ref);
    if (!image) {
      image = { file: ref, width: declared?.width ?? null, height: declared?.height ?? null, where, classes: [], captions: [] };
      images.set(ref, image);
      dataset.images.push(image);
    }
    const size = declared ?? sizeOf(ref);
    for (const { a, k, kind, prediction } of live) {
      readResults((a as Raw).result, `${where.position}.${kind}[${k}]`, prediction ? (isNum((a as Raw).score) ? ((a as Raw).score as number) : null) : undefined, { file, image, size, report, out: dataset.annotations });
    }
  });
  for (const img of dataset.images) {
    if (!img.classes?.length) delete img.classes;
    if (!img.captions?.length) delete img.captions;
  }
  return { dataset, rejected: report.rejected, warnings: report.warnings };
}

interface ResultsContext {
  file: string;
  image: ParseOutcome['dataset']['images'][number];
  size: { width: number; height: number } | null;
  report: ReportCollector;
  out: (AnnotationRecord & { where: Where })[];
}

/** One annotation's (or prediction's) result list; `score` is set for predictions (null: no overall score). */
function readResults(results: unknown, position: string, score: number | null | undefined, c: ResultsContext): void {
  if (!Array.isArray(results)) return c.report.reject(at(c.file, position), '"result" must be a list');
  const regions = new Map<string, AnnotationRecord>();
  const texts: { id: unknown; text: string; where: Where }[] = [];
  results.forEach((r, j) => {
    const where = at(c.file, `${position}.result[${j}]`);
    if (!isRecord(r) || !isRecord(r.value) || typeof r.type !== 'string') return c.report.reject(where, 'a result needs a "type" and a "value" object');
    const value = r.value;
    if (r.type === 'choices' || r.type === 'taxonomy') {
      const list = Array.isArray(value.choices) ? value.choices.flat() : Array.isArray(value.taxonomy) ? value.taxonomy.flat() : [];
      for (const choice of list) if (typeof choice === 'string') c.image.classes!.push(choice);
      return;
    }
    if (r.type === 'textarea') {
      const list = Array.isArray(value.text) ? value.text.filter((t): t is string => typeof t === 'string') : typeof value.text === 'string' ? [value.text] : [];
      for (const text of list) texts.push({ id: r.id, text, where });
      return;
    }
    if (r.type === 'relation') return c.report.warn('ls-relations', 'relations between regions were not kept', where.position);
    const size = isNum(r.original_width) && isNum(r.original_height) ? { width: r.original_width, height: r.original_height } : c.size;
    if (!size) return c.report.reject(where, 'no original_width/original_height and the image size is unknown, so percentages cannot be placed');
    const bad = badImageSize(size.width, size.height);
    if (bad) return c.report.reject(where, bad);
    if (isNum(r.image_rotation) && r.image_rotation !== 0) return c.report.reject(where, `the image was rotated ${r.image_rotation}° in Label Studio; rotated-image coordinates are not supported`);
    const key = LABEL_KEYS.find((k) => Array.isArray(value[k]));
    const labels = key ? (value[key] as unknown[]).filter((l): l is string => typeof l === 'string') : [];
    if (labels.length > 1) c.report.warn('ls-several-labels', 'regions with several labels were imported with the first one', where.position);
    const geometry = regionGeometry(r.type, value, { width: size.width, height: size.height, where, report: c.report });
    if (!geometry) return;
    const confidence = score === undefined ? null : isNum(r.score) ? r.score : score;
    if (confidence !== null && (confidence < 0 || confidence > 1)) return c.report.reject(where, `score ${confidence} is not between 0 and 1`);
    const record = { image: c.image.file, label: labels[0] ?? null, geometry, attributes: {}, confidence, source: score === undefined ? ('human' as const) : ('model' as const), where };
    c.out.push(record);
    if (typeof r.id === 'string' && !regions.has(r.id)) regions.set(r.id, record);
  });
  for (const t of texts) {
    const region = typeof t.id === 'string' ? regions.get(t.id) : undefined;
    if (region) region.caption = region.caption ? `${region.caption}\n${t.text}` : t.text;
    else (c.image.captions as Caption[]).push({ text: t.text, source: score === undefined ? 'human' : 'model' });
  }
}
