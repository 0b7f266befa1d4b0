import { capabilities } from '../capabilities';
import type { AnnotationRecord, ClassRecord, ImageRecord } from '../model';
import type { ReportCollector } from '../report';
import { geometryBounds } from '../shape-conversion';
import { xmlEscape } from '../xml';

/**
 * Pascal VOC XML, one per image: boxes (other shapes as their bounding box), truncated /
 * difficult / occluded / pose from attributes of those names, every other attribute in CVAT's
 * <attributes> block so CVAT and Datumaro read them back.
 */

const FLAGS = ['truncated', 'difficult', 'occluded'] as const;
const num = (n: number) => String(n);

export function vocXml(image: ImageRecord, annotations: readonly AnnotationRecord[], report: ReportCollector): string {
  const caps = capabilities('voc');
  const objects: string[] = [];
  for (const a of annotations) {
    const g = a.geometry;
    const handling = caps.geometry[g.type];
    if (handling.kind === 'drop') continue;
    if (a.label === null) {
      report.warn('unlabeled-dropped', 'annotations without a class are left out of VOC');
      continue;
    }
    if (handling.kind === 'convert') report.warn(`${g.type}-converted`, `${g.type} annotations were written as ${handling.to}`);
    const [x, y, w, h] = g.type === 'bbox' ? g.bbox : geometryBounds(g);
    const attrs = { ...(a.attributes ?? {}) };
    const flags = FLAGS.map((f) => {
      const v = attrs[f];
      delete attrs[f];
      return `<${f}>${v === true ? 1 : 0}</${f}>`;
    }).join('');
    const pose = typeof attrs.pose === 'string' ? attrs.pose : 'Unspecified';
    delete attrs.pose;
    const extra = Object.entries(attrs)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `<attribute><name>${xmlEscape(k)}</name><value>${xmlEscape(typeof v === 'string' ? v : JSON.stringify(v))}</value></attribute>`)
      .join('');
    objects.push(
      `  <object><name>${xmlEscape(a.label)}</name><pose>${xmlEscape(pose)}</pose>${flags}` +
        `<bndbox><xmin>${num(x)}</xmin><ymin>${num(y)}</ymin><xmax>${num(x + w)}</xmax><ymax>${num(y + h)}</ymax></bndbox>` +
        `${extra ? `<attributes>${extra}</attributes>` : ''}</object>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<annotation>',
    '  <folder></folder>',
    `  <filename>${xmlEscape(image.file)}</filename>`,
    '  <source><database>Labeler Workstation</database></source>',
    `  <size><width>${image.width}</width><height>${image.height}</height><depth>3</depth></size>`,
    '  <segmented>0</segmented>',
    ...objects,
    '</annotation>',
    '',
  ].join('\n');
}

/** CVAT's labelmap.txt, so segmentation tools know each class's colour. */
export function vocLabelmap(classes: readonly ClassRecord[]): string {
  const rgb = (hex: string | null | undefined) => {
    const n = Number.parseInt((hex ?? '#000000').slice(1), 16);
    return `${(n >> 16) & 255},${(n >> 8) & 255},${n & 255}`;
  };
  return ['# label:color_rgb:parts:actions', 'background:0,0,0::', ...classes.map((c) => `${c.name}:${rgb(c.color)}::`), ''].join('\n');
}
