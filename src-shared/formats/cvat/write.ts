import type { AttributeDef } from '../../contract/entities';
import type { Geometry, Point } from '../../geometry/schemas';
import { capabilities } from '../capabilities';
import type { AnnotationRecord, AnnotationSource, ExportHeader, ImageRecord } from '../model';
import type { ReportCollector } from '../report';
import { xmlEscape } from '../xml';
import { rleToCvatMask } from './mask';

/**
 * A streaming CVAT for images 1.1 writer: `header()`, one `image()` per image, `footer()`.
 * Every project attribute is declared on every label (CVAT attributes belong to labels).
 */

const SOURCES: Record<AnnotationSource, string> = { human: 'manual', model: 'auto', sam: 'semi-auto', import: 'file' };
const INPUT: Record<AttributeDef['type'], string> = { boolean: 'checkbox', select: 'select', number: 'number', text: 'text' };
const num = (n: number) => String(n);
const pts = (points: readonly Point[]) => points.map(([x, y]) => `${num(x)},${num(y)}`).join(';');
const attr = (name: string, value: string | number) => ` ${name}="${xmlEscape(String(value))}"`;

function attributeXml(def: AttributeDef): string {
  const values = def.type === 'select' ? (def.options ?? []).join('\n') : def.type === 'boolean' ? 'false\ntrue' : '';
  const fallback = def.default ?? (def.type === 'boolean' ? false : def.type === 'select' ? def.options?.[0] ?? '' : '');
  return `<attribute><name>${xmlEscape(def.name)}</name><mutable>True</mutable><input_type>${INPUT[def.type]}</input_type><default_value>${xmlEscape(String(fallback))}</default_value><values>${xmlEscape(values)}</values></attribute>`;
}

export function cvatHeader(header: ExportHeader, taskName: string, size: number): string {
  const attributes = header.attributes.map(attributeXml).join('');
  const labels = header.classes
    .map((c) => `<label><name>${xmlEscape(c.name)}</name><color>${c.color ?? '#000000'}</color><type>any</type><attributes>${attributes}</attributes></label>`)
    .join('\n        ');
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<annotations>',
    '  <version>1.1</version>',
    '  <meta>',
    `    <task><name>${xmlEscape(taskName)}</name><size>${size}</size><mode>annotation</mode>`,
    `      <labels>\n        ${labels}\n      </labels>`,
    '    </task>',
    '  </meta>',
    '',
  ].join('\n');
}

function shapeXml(g: Geometry, common: string, body: string, report: ReportCollector): string | null {
  switch (g.type) {
    case 'bbox':
      return `<box${common}${attr('xtl', g.bbox[0])}${attr('ytl', g.bbox[1])}${attr('xbr', g.bbox[0] + g.bbox[2])}${attr('ybr', g.bbox[1] + g.bbox[3])}>${body}</box>`;
    case 'rotated_bbox':
      return `<box${common}${attr('xtl', g.cx - g.width / 2)}${attr('ytl', g.cy - g.height / 2)}${attr('xbr', g.cx + g.width / 2)}${attr('ybr', g.cy + g.height / 2)}${attr('rotation', g.angle)}>${body}</box>`;
    case 'polygon':
      if (g.holes?.length) report.warn('holes-dropped', 'polygon holes cannot be written to CVAT; only the outer ring was');
      return `<polygon${common}${attr('points', pts(g.points))}>${body}</polygon>`;
    case 'polyline':
      if (g.closed && g.points.length >= 3) {
        report.warn('polyline-closed', 'closed polylines were written as CVAT polygons');
        return `<polygon${common}${attr('points', pts(g.points))}>${body}</polygon>`;
      }
      return `<polyline${common}${attr('points', pts(g.points))}>${body}</polyline>`;
    case 'line':
      report.warn('line-converted', 'lines were written as 2-point polylines');
      return `<polyline${common}${attr('points', pts([g.p1, g.p2]))}>${body}</polyline>`;
    case 'points':
      if (g.labels?.length || g.visible?.some((v) => !v)) report.warn('point-labels-dropped', 'point names and visibility cannot be written to CVAT points');
      return `<points${common}${attr('points', pts(g.points))}>${body}</points>`;
    case 'circle':
      if (Math.abs(g.end_angle - g.start_angle) < 360) report.warn('arcs', 'partial circles (arcs) were written as full ellipses');
      return `<ellipse${common}${attr('cx', g.center[0])}${attr('cy', g.center[1])}${attr('rx', g.radius)}${attr('ry', g.radius)}>${body}</ellipse>`;
    case 'mask': {
      const mask = rleToCvatMask(g.rle);
      if (!mask) {
        report.warn('mask-empty', 'empty masks were left out');
        return null;
      }
      return `<mask${common}${attr('rle', mask.rle.join(', '))}${attr('left', mask.left)}${attr('top', mask.top)}${attr('width', mask.width)}${attr('height', mask.height)}>${body}</mask>`;
    }
  }
}

/** The <image> element of one image with its shapes and tags. */
export function cvatImage(id: number, image: ImageRecord, annotations: readonly AnnotationRecord[], report: ReportCollector): string {
  const caps = capabilities('cvat');
  const lines: string[] = [];
  for (const a of annotations) {
    if (caps.geometry[a.geometry.type].kind === 'drop') continue;
    if (a.label === null) {
      report.warn('unlabeled-dropped', 'annotations without a class are left out of CVAT');
      continue;
    }
    const attributes = { ...(a.attributes ?? {}) };
    const occluded = attributes.occluded === true ? 1 : 0;
    delete attributes.occluded;
    const group = typeof attributes.group_id === 'number' ? attributes.group_id : 0;
    delete attributes.group_id;
    const common = `${attr('label', a.label)}${attr('source', SOURCES[a.source ?? 'human'])}${attr('occluded', occluded)}${attr('z_order', a.z_order ?? 0)}${group ? attr('group_id', group) : ''}`;
    const body = Object.entries(attributes)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `<attribute name="${xmlEscape(k)}">${xmlEscape(typeof v === 'string' ? v : String(v))}</attribute>`)
      .join('');
    if (a.confidence !== null && a.confidence !== undefined) report.warn('confidence-dropped', 'confidence scores are not kept in CVAT');
    if (a.caption) report.warn('captions-dropped', 'annotation captions are not kept in CVAT');
    const xml = shapeXml(a.geometry, common, body, report);
    if (xml) lines.push(`    ${xml}`);
  }
  for (const c of image.classes ?? []) lines.push(`    <tag${attr('label', c)}${attr('source', 'manual')}></tag>`);
  if (image.captions?.length) report.warn('image-captions-dropped', 'image captions cannot be written to CVAT');
  const subset = image.split ? attr('subset', image.split) : '';
  return `  <image${attr('id', id)}${attr('name', image.file)}${attr('width', image.width ?? 0)}${attr('height', image.height ?? 0)}${subset}>\n${lines.join('\n')}${lines.length ? '\n' : ''}  </image>\n`;
}

export const cvatFooter = (): string => '</annotations>\n';
