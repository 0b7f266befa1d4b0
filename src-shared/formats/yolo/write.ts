import { dump } from 'js-yaml';
import type { Geometry, Point } from '../../geometry/schemas';
import { capabilities, type YoloTask } from '../capabilities';
import type { AnnotationRecord, ClassRecord, ImageRecord } from '../model';
import type { ReportCollector } from '../report';
import { areaOutline, bboxCorners, geometryBounds, rotatedCorners } from '../shape-conversion';

/**
 * YOLO label files and data.yaml. Coordinates are normalised to the image size and written with
 * 8 decimals (an error of at most 5e-9 of the image size, so chains of conversions stay well
 * inside 1e-6, while values read from a 6-decimal file print back unchanged), clipped to 0–1
 * because Ultralytics rejects a whole label file with any coordinate outside.
 */

/** 0.4794921875 → "0.47949219", 0.47949199999999997 → "0.479492", 1 → "1". */
export function formatNormalised(v: number): string {
  const s = v.toFixed(8);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/**
 * The class index → name list for data.yaml: index = class id, so ids survive a round trip. Gaps
 * (deleted classes) are filled with placeholders, since Ultralytics needs indices 0..n-1.
 */
export function yoloNames(classes: readonly ClassRecord[], report?: ReportCollector): string[] {
  const max = classes.reduce((m, c) => Math.max(m, c.id ?? -1), -1);
  const names: string[] = Array.from({ length: max + 1 }, (_, i) => `unused_${i}`);
  for (const c of classes) if (c.id !== null && c.id !== undefined) names[c.id] = c.name;
  const gaps = names.filter((n, i) => n === `unused_${i}` && !classes.some((c) => c.id === i)).length;
  if (gaps && report) report.warn('yolo-class-gaps', 'class ids have gaps; data.yaml names them unused_<index> so indices stay equal to class ids', undefined, gaps);
  return names;
}

/** data.yaml as Ultralytics writes it: split folders, nc, and names keyed by integer index. */
export function yoloDataYaml(names: readonly string[], splits: Record<string, string>, task: YoloTask): string {
  const scalar = (v: string | number) => dump(v, { lineWidth: -1 } as never).trimEnd();
  const lines = ['path: .', ...Object.entries(splits).map(([k, v]) => `${k}: ${scalar(v)}`), `nc: ${names.length}`, 'names:', ...names.map((n, i) => `  ${i}: ${scalar(n)}`)];
  if (task !== 'detect') lines.push(`task: ${task}`);
  return `${lines.join('\n')}\n`;
}

/** The label file text of one image for a task (classify has none). */
export function yoloLabelText(image: ImageRecord, annotations: readonly AnnotationRecord[], task: YoloTask, classIndex: (label: string) => number | undefined, report: ReportCollector): string {
  const W = image.width ?? 0;
  const H = image.height ?? 0;
  const caps = capabilities('yolo', { yoloTask: task });
  let clipped = 0;
  const n = (v: number, size: number) => {
    let r = v / size;
    if (r < 0 || r > 1) {
      clipped++;
      r = Math.min(1, Math.max(0, r));
    }
    return formatNormalised(r);
  };
  const pts = (points: readonly Point[]) => points.map(([x, y]) => `${n(x, W)} ${n(y, H)}`).join(' ');
  const lines: string[] = [];
  for (const a of annotations) {
    const g = a.geometry;
    const handling = caps.geometry[g.type];
    if (handling.kind === 'drop') {
      report.warn(`${g.type}-dropped`, `${g.type} annotations cannot be written to YOLO ${task}`);
      continue;
    }
    if (a.label === null) {
      report.warn('unlabeled-dropped', 'annotations without a class are left out of YOLO');
      continue;
    }
    const index = classIndex(a.label);
    if (index === undefined) {
      report.warn('unknown-class', 'annotations whose class is not in the project are left out');
      continue;
    }
    const body = task === 'detect' ? detectLine(g, W, H, n) : task === 'segment' ? segmentPoints(g) : obbCorners(g);
    if (body === null) {
      report.warn(`${g.type}-dropped`, `${g.type} annotations that cannot be written to YOLO ${task}`);
      continue;
    }
    if (handling.kind === 'convert') report.warn(`${g.type}-converted`, `${g.type} annotations were written as ${handling.to}`);
    if (g.type === 'polygon' && g.holes?.length) report.warn('holes-dropped', 'polygon holes cannot be written to YOLO; only the outer ring was');
    lines.push(`${index} ${typeof body === 'string' ? body : pts(body)}`);
  }
  if (clipped) report.warn('yolo-clipped', 'coordinates outside the image were clipped to its border', image.file, clipped);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function detectLine(g: Geometry, W: number, H: number, n: (v: number, size: number) => string): string {
  const [x, y, w, h] = g.type === 'bbox' ? g.bbox : geometryBounds(g);
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(W, x + w);
  const y1 = Math.min(H, y + h);
  // Clip the box, not its centre, so a box hanging over the border keeps its visible part.
  const cw = Math.max(0, x1 - x0);
  const ch = Math.max(0, y1 - y0);
  return `${n(x0 + cw / 2, W)} ${n(y0 + ch / 2, H)} ${n(cw, W)} ${n(ch, H)}`;
}

function segmentPoints(g: Geometry): readonly Point[] | null {
  return areaOutline(g)?.points ?? null;
}

function obbCorners(g: Geometry): readonly Point[] | null {
  if (g.type === 'rotated_bbox') return rotatedCorners(g);
  if (g.type === 'bbox') return bboxCorners(g.bbox);
  if (g.type === 'polygon' || g.type === 'circle') return bboxCorners(geometryBounds(g));
  return null;
}
