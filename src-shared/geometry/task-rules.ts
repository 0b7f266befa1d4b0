import type { ErrorDetail } from '../contract/errors';
import type { Geometry } from './schemas';

/**
 * The project's `task_config` rules for annotation geometry, as the Labeler API states them
 * ("Get Project" / "Create Project"):
 *
 *   detection:    { bbox_types: ["horizontal", "rotated"], min_bbox_size: 10, attributes: [...] }
 *   segmentation: { types: ["polygon", "mask"], min_polygon_vertices: 3 }
 *   classification: { multi_label: false } or { mode: "multi-label" | "single-label" }
 *
 * One pure function so the editor (before it commits) and core (before it stores) apply the same
 * rules. A rule whose setting is absent or malformed does not apply.
 */
export type TaskConfig = Record<string, unknown>;

const section = (config: TaskConfig, name: string): Record<string, unknown> => {
  const s = config[name];
  return typeof s === 'object' && s !== null && !Array.isArray(s) ? (s as Record<string, unknown>) : {};
};
const numberSetting = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);
const stringList = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null);

/** Problems of one geometry under the project's task_config; empty when it is accepted. */
export function taskRuleProblems(g: Geometry, config: TaskConfig): ErrorDetail[] {
  const detection = section(config, 'detection');
  const segmentation = section(config, 'segmentation');
  const problems: ErrorDetail[] = [];
  const bboxTypes = stringList(detection.bbox_types);
  const minBox = numberSetting(detection.min_bbox_size);
  const segTypes = stringList(segmentation.types);
  const minVertices = numberSetting(segmentation.min_polygon_vertices);

  if (g.type === 'bbox' || g.type === 'rotated_bbox') {
    const kind = g.type === 'bbox' ? 'horizontal' : 'rotated';
    if (bboxTypes && !bboxTypes.includes(kind)) {
      problems.push({ field: 'geometry.type', message: `${kind} boxes are not allowed in this project (bbox_types: ${bboxTypes.join(', ') || 'none'})` });
    }
    const [w, h] = g.type === 'bbox' ? [g.bbox[2], g.bbox[3]] : [g.width, g.height];
    if (minBox !== null && (w < minBox || h < minBox)) {
      problems.push({ field: 'geometry', message: `the box is ${fmt(w)}×${fmt(h)} px; this project needs at least ${minBox} px on each side (min_bbox_size)` });
    }
  }
  if ((g.type === 'polygon' || g.type === 'mask') && segTypes && !segTypes.includes(g.type)) {
    problems.push({ field: 'geometry.type', message: `${g.type} segmentation is not allowed in this project (segmentation types: ${segTypes.join(', ') || 'none'})` });
  }
  if (g.type === 'polygon' && minVertices !== null && g.points.length < minVertices) {
    problems.push({ field: 'geometry.points', message: `the polygon has ${g.points.length} vertices; this project needs at least ${minVertices} (min_polygon_vertices)` });
  }
  return problems;
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

/** Whether the project only classifies whole images (no shapes to draw). */
export const isClassificationOnly = (taskTypes: readonly string[]): boolean => taskTypes.length > 0 && taskTypes.every((t) => t === 'classification');

/** Single- or multi-label image classification; single unless the config says otherwise. */
export function classificationMultiLabel(config: TaskConfig): boolean {
  const c = section(config, 'classification');
  if (typeof c.multi_label === 'boolean') return c.multi_label;
  if (typeof c.mode === 'string') return c.mode.replace(/[_\s]/g, '-').toLowerCase() === 'multi-label';
  return false;
}

/** Image-level class problems under the classification mode (single-label allows one class). */
export function imageClassProblems(classes: readonly number[], config: TaskConfig): ErrorDetail[] {
  if (classes.length > 1 && !classificationMultiLabel(config)) {
    return [{ field: 'image_annotations.classes', message: 'this project classifies images with a single label; choose one class' }];
  }
  return [];
}

/** Whether a geometry type can be drawn at all under the config (for enabling tools). */
export function typeAllowed(type: Geometry['type'], config: TaskConfig): boolean {
  const bboxTypes = stringList(section(config, 'detection').bbox_types);
  const segTypes = stringList(section(config, 'segmentation').types);
  if (type === 'bbox') return !bboxTypes || bboxTypes.includes('horizontal');
  if (type === 'rotated_bbox') return !bboxTypes || bboxTypes.includes('rotated');
  if (type === 'polygon' || type === 'mask') return !segTypes || segTypes.includes(type);
  return true;
}
