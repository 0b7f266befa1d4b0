import { emptyDataset, type AnnotationRecord, type Dataset, type FileSource, type ParseOutcome, type Where } from '../model';
import { ReportCollector, at, badImageSize, basename, parseNum, stem, unreadable } from '../report';
import { textLines } from '../text';
import { childText, children, parseXml, type XmlNode } from '../xml';

/**
 * Pascal VOC: one XML per image under Annotations/ (boxes with float coordinates, truncated,
 * difficult, occluded, pose, CVAT-style <attributes>), splits from ImageSets/Main/<split>.txt,
 * and segmentation PNGs (SegmentationClass/, SegmentationObject/) that core decodes into masks.
 * Coordinates are taken as written (x = xmin, width = xmax − xmin), as CVAT, Datumaro and LabelImg do.
 */

export interface VocSegmentation {
  /** The image the masks belong to (its file as the XML names it). */
  image: string;
  classPng: string | null;
  objectPng: string | null;
  /** Class names of the XML objects in order: object i has index i + 1 in SegmentationObject. */
  objects: string[];
}

const FLAGS = ['truncated', 'difficult', 'occluded'] as const;

/** One VOC XML document → its image and box annotations. */
export function parseVocXml(text: string, file: string, report: ReportCollector): { image: Dataset['images'][number]; annotations: (AnnotationRecord & { where: Where })[]; objects: string[] } | null {
  const parsed = parseXml(text, file, ['object', 'part', 'attribute']);
  if (!parsed.ok) {
    report.rejected.push(parsed.rejection);
    return null;
  }
  const root = parsed.doc.annotation as XmlNode | undefined;
  if (!root || typeof root !== 'object') {
    report.reject(at(file, 'top level'), 'a VOC file has an <annotation> root element');
    return null;
  }
  const filename = childText(root, 'filename') ?? `${stem(file)}.jpg`;
  if (!childText(root, 'filename')) report.warn('voc-no-filename', 'VOC files without <filename> were matched to the image with the same name', basename(file));
  const size = (root.size ?? {}) as XmlNode;
  let width: number | null = parseNum(childText(size, 'width'));
  let height: number | null = parseNum(childText(size, 'height'));
  if (width === 0 && height === 0) width = height = null;
  if (width !== null || height !== null) {
    const bad = badImageSize(width, height);
    if (bad) {
      report.reject(at(file, '<size>'), bad);
      return null;
    }
  }
  const image = { file: filename, width, height, where: at(file, 'image') };
  const annotations: (AnnotationRecord & { where: Where })[] = [];
  const objects: string[] = [];
  children(root, 'object').forEach((object, i) => {
    const where = at(file, `object[${i + 1}]`);
    const name = childText(object, 'name');
    objects.push(name ?? '');
    if (!name) return report.reject(where, '<object> has no <name>');
    const box = readBox(object, where, report);
    if (!box) return;
    const attributes = readAttributes(object, where, report);
    if (!attributes) return;
    annotations.push({ image: filename, label: name, geometry: { type: 'bbox', bbox: box }, attributes, where });
    children(object, 'part').forEach((part, k) => {
      const partWhere = at(file, `object[${i + 1}].part[${k + 1}]`);
      const partName = childText(part, 'name');
      const partBox = partName ? readBox(part, partWhere, report) : (report.reject(partWhere, '<part> has no <name>'), null);
      if (!partName || !partBox) return;
      report.warn('voc-parts', 'VOC <part> boxes were imported as separate box annotations', basename(file));
      annotations.push({ image: filename, label: partName, geometry: { type: 'bbox', bbox: partBox }, attributes: { part_of: name }, where: partWhere });
    });
  });
  return { image, annotations, objects };
}

function readBox(node: XmlNode, where: Where, report: ReportCollector): [number, number, number, number] | null {
  const box = node.bndbox as XmlNode | undefined;
  if (!box || typeof box !== 'object') {
    report.reject(where, '<object> has no <bndbox>');
    return null;
  }
  const values: number[] = [];
  for (const tag of ['xmin', 'ymin', 'xmax', 'ymax']) {
    const text = childText(box, tag);
    const v = parseNum(text);
    if (v === null) {
      report.reject(where, text === undefined ? `<bndbox> has no <${tag}>` : `<${tag}> is not a number: "${text}"`);
      return null;
    }
    values.push(v);
  }
  const [x0, y0, x1, y1] = values;
  if (x1 < x0 || y1 < y0) {
    report.reject(where, `<bndbox> max is below min (${x0},${y0} – ${x1},${y1})`);
    return null;
  }
  return [x0, y0, x1 - x0, y1 - y0];
}

function readAttributes(object: XmlNode, where: Where, report: ReportCollector): Record<string, unknown> | null {
  const attributes: Record<string, unknown> = {};
  for (const flag of FLAGS) {
    const text = childText(object, flag);
    if (text === undefined) continue;
    // Only the flags that are set are kept: 0 is every flag's default, as in VOC itself.
    if (text !== '0' && text !== '1') {
      report.reject(where, `<${flag}> must be 0 or 1, got "${text}"`);
      return null;
    }
    if (text === '1') attributes[flag] = true;
  }
  const pose = childText(object, 'pose');
  if (pose && pose !== 'Unspecified') attributes.pose = pose;
  const list = object.attributes as XmlNode | undefined;
  if (list && typeof list === 'object') {
    for (const a of children(list, 'attribute')) {
      const name = childText(a, 'name');
      if (name) attributes[name] = childText(a, 'value') ?? '';
    }
  }
  return attributes;
}

/** A VOC folder → interchange records, plus the segmentation PNGs for core to decode. */
export function readVoc(source: FileSource): ParseOutcome & { segmentation: VocSegmentation[] } {
  const report = new ReportCollector();
  const dataset = emptyDataset();
  const files = source.list();
  const splits = readSplits(source, files);
  const segmentation: VocSegmentation[] = [];
  const pngs = new Map<string, { classPng: string | null; objectPng: string | null }>();
  for (const f of files) {
    const m = /(^|\/)Segmentation(Class|Object)\/([^/]+)\.png$/i.exec(f);
    if (!m) continue;
    const entry = pngs.get(m[3]) ?? { classPng: null, objectPng: null };
    if (m[2].toLowerCase() === 'class') entry.classPng = f;
    else entry.objectPng = f;
    pngs.set(m[3], entry);
  }
  const xmls = files.filter((f) => /\.xml$/i.test(f) && !/(^|\/)(labelmap|meta)\.xml$/i.test(f));
  for (const file of xmls) {
    const text = source.text(file);
    if (text === null) {
      report.reject(at(file, 'file'), unreadable(source, file));
      continue;
    }
    const one = parseVocXml(text, file, report);
    if (!one) continue;
    dataset.images.push({ ...one.image, split: splits.get(stem(one.image.file)) ?? null });
    dataset.annotations.push(...one.annotations);
    const png = pngs.get(stem(one.image.file));
    if (png) {
      segmentation.push({ image: one.image.file, ...png, objects: one.objects });
      pngs.delete(stem(one.image.file));
    }
  }
  for (const [name, png] of pngs) {
    report.warn('voc-mask-without-xml', 'segmentation PNGs without an annotation XML were matched to their image by name', name);
    segmentation.push({ image: `${name}.jpg`, ...png, objects: [] });
    if (!dataset.images.some((i) => stem(i.file) === name)) dataset.images.push({ file: `${name}.jpg`, width: null, height: null, split: splits.get(name) ?? null, where: at(png.classPng ?? png.objectPng ?? name, 'image') });
  }
  const labelmap = files.find((f) => /(^|\/)labelmap\.txt$/i.test(f));
  if (labelmap) dataset.classes.push(...readLabelmap(source.text(labelmap) ?? ''));
  if (files.some((f) => /(^|\/)ImageSets\/Main\/[^/]+_(train|val|trainval|test)\.txt$/i.test(f))) {
    report.warn('voc-class-lists', 'ImageSets/Main/<class>_<split>.txt classification lists were not imported (the boxes carry the same classes)');
  }
  return { dataset, rejected: report.rejected, warnings: report.warnings, segmentation };
}

/** ImageSets/Main/{train,val,test}.txt → image stem → split. */
function readSplits(source: FileSource, files: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    const m = /(^|\/)ImageSets\/(Main|Segmentation)\/(train|val|test)\.txt$/i.exec(f);
    if (!m) continue;
    for (const line of textLines(source.text(f) ?? '')) {
      const name = line.trim().split(/\s+/)[0];
      if (name) out.set(name, m[3].toLowerCase());
    }
  }
  return out;
}

/** CVAT's labelmap.txt: `name:r,g,b:parts:actions` per line; "background" is not a class. */
export function readLabelmap(text: string): { name: string; color: string | null }[] {
  const out: { name: string; color: string | null }[] = [];
  for (const line of textLines(text)) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [name, rgb] = line.split(':');
    if (!name || name === 'background') continue;
    const c = (rgb ?? '').split(',').map(Number);
    const color = c.length === 3 && c.every((v) => Number.isInteger(v) && v >= 0 && v < 256) ? `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}` : null;
    out.push({ name, color });
  }
  return out;
}

/** The VOC colour map: index → [r, g, b] (bit-interleaved, as the devkit's labelcolormap). */
export function vocColor(index: number): [number, number, number] {
  let r = 0;
  let g = 0;
  let b = 0;
  let c = index;
  for (let j = 0; j < 8; j++) {
    r |= ((c >> 0) & 1) << (7 - j);
    g |= ((c >> 1) & 1) << (7 - j);
    b |= ((c >> 2) & 1) << (7 - j);
    c >>= 3;
  }
  return [r, g, b];
}
