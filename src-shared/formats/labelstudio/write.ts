import { rleToMask } from '../../geometry/rle';
import type { Geometry } from '../../geometry/schemas';
import { capabilities } from '../capabilities';
import type { AnnotationRecord, ClassRecord, ImageRecord } from '../model';
import type { ReportCollector } from '../report';
import { rotatedCorners } from '../shape-conversion';
import { xmlEscape } from '../xml';
import { encodeBrushRle } from './brush';

/**
 * Label Studio tasks, one per image, in a JSON list written piece by piece. Human annotations go
 * in `annotations`, scored ones (confidence set) in `predictions`. `labelStudioConfig` writes the
 * matching labeling config, whose control names the results use.
 */

const FROM: Record<string, string> = { rectanglelabels: 'rect', polygonlabels: 'poly', keypointlabels: 'kp', brushlabels: 'brush', ellipselabels: 'ellipse' };

/** The <View> labeling config for the project's classes, to paste into Label Studio. */
export function labelStudioConfig(classes: readonly ClassRecord[]): string {
  const labels = (tag: string) => `  <${tag} name="${FROM[tag.toLowerCase()]}" toName="image">\n${classes.map((c) => `    <Label value="${xmlEscape(c.name)}" background="${c.color ?? '#888888'}"/>`).join('\n')}\n  </${tag}>`;
  return [
    '<View>',
    '  <Image name="image" value="$image"/>',
    labels('RectangleLabels'),
    labels('PolygonLabels'),
    labels('KeyPointLabels'),
    labels('BrushLabels'),
    labels('EllipseLabels'),
    `  <Choices name="choice" toName="image" choice="multiple">\n${classes.map((c) => `    <Choice value="${xmlEscape(c.name)}"/>`).join('\n')}\n  </Choices>`,
    '  <TextArea name="caption" toName="image"/>',
    '  <TextArea name="region_caption" toName="image" perRegion="true"/>',
    '</View>',
    '',
  ].join('\n');
}

function regionValues(g: Geometry, W: number, H: number): { type: string; value: Record<string, unknown> }[] {
  const px = (v: number) => (v / W) * 100;
  const py = (v: number) => (v / H) * 100;
  switch (g.type) {
    case 'bbox':
      return [{ type: 'rectanglelabels', value: { x: px(g.bbox[0]), y: py(g.bbox[1]), width: px(g.bbox[2]), height: py(g.bbox[3]), rotation: 0 } }];
    case 'rotated_bbox': {
      const [tl] = rotatedCorners(g);
      return [{ type: 'rectanglelabels', value: { x: px(tl[0]), y: py(tl[1]), width: px(g.width), height: py(g.height), rotation: ((g.angle % 360) + 360) % 360 } }];
    }
    case 'polygon':
      return [{ type: 'polygonlabels', value: { points: g.points.map(([x, y]) => [px(x), py(y)]), closed: true } }];
    case 'points':
      return g.points.map(([x, y]) => ({ type: 'keypointlabels', value: { x: px(x), y: py(y), width: 0.5 } }));
    case 'circle':
      return [{ type: 'ellipselabels', value: { x: px(g.center[0]), y: py(g.center[1]), radiusX: px(g.radius), radiusY: py(g.radius), rotation: 0 } }];
    case 'mask':
      return [{ type: 'brushlabels', value: { format: 'rle', rle: encodeBrushRle(rleToMask(g.rle), g.rle.size[1], g.rle.size[0]) } }];
    default:
      return [];
  }
}

/** One task object (as JSON text) for an image. */
export function labelStudioTask(id: number, image: ImageRecord, imageRef: string, annotations: readonly AnnotationRecord[], report: ReportCollector): string {
  const caps = capabilities('labelstudio');
  const W = image.width ?? 1;
  const H = image.height ?? 1;
  const human: Record<string, unknown>[] = [];
  const predicted: Record<string, unknown>[] = [];
  let n = 0;
  const base = { to_name: 'image', original_width: W, original_height: H, image_rotation: 0 };
  for (const a of annotations) {
    const g = a.geometry;
    const handling = caps.geometry[g.type];
    if (handling.kind === 'drop') continue;
    if (a.label === null) {
      report.warn('unlabeled-dropped', 'annotations without a class are left out of Label Studio');
      continue;
    }
    if (handling.kind === 'convert') report.warn(`${g.type}-converted`, `${g.type} annotations were written as ${handling.to}`);
    if (g.type === 'polygon' && g.holes?.length) report.warn('holes-dropped', 'polygon holes cannot be written to Label Studio; only the outer ring was');
    if (g.type === 'circle' && Math.abs(g.end_angle - g.start_angle) < 360) report.warn('arcs', 'partial circles (arcs) were written as full ellipses');
    if (Object.keys(a.attributes ?? {}).length) report.warn('attributes-dropped', 'attributes are not kept in Label Studio exports');
    if (a.z_order) report.warn('z-order-dropped', 'z-order is not kept in Label Studio');
    if (g.type === 'points' && (g.labels?.length || g.visible?.some((v) => !v))) report.warn('point-labels-dropped', 'point names and visibility cannot be written to Label Studio keypoints');
    const scored = a.confidence !== null && a.confidence !== undefined;
    const target = scored ? predicted : human;
    for (const { type, value } of regionValues(g, W, H)) {
      const rid = `r${++n}`;
      target.push({ id: rid, type, from_name: FROM[type], ...base, value: { ...value, [type]: [a.label] }, ...(scored ? { score: a.confidence } : {}) });
      if (a.caption) target.push({ id: rid, type: 'textarea', from_name: 'region_caption', ...base, value: { text: [a.caption] } });
    }
  }
  if (image.classes?.length) human.push({ id: `r${++n}`, type: 'choices', from_name: 'choice', to_name: 'image', value: { choices: image.classes } });
  for (const c of image.captions ?? []) human.push({ id: `r${++n}`, type: 'textarea', from_name: 'caption', to_name: 'image', value: { text: [c.text] } });
  // meta carries the size for tasks without regions (Label Studio keeps task meta as it is).
  const task: Record<string, unknown> = { id, data: { image: imageRef }, meta: { original_width: W, original_height: H }, annotations: human.length ? [{ id, result: human, was_cancelled: false, ground_truth: false }] : [] };
  if (predicted.length) task.predictions = [{ model_version: 'labeler', result: predicted }];
  return JSON.stringify(task);
}
