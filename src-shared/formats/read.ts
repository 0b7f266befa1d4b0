import type { YoloTask } from './capabilities';
import { cocoResolver, parseCoco, type CocoResolver } from './coco/parse';
import { sniff } from './detect';
import { parseCvat } from './cvat/parse';
import { readLabelme } from './labelme/parse';
import { parseLabelStudio } from './labelstudio/parse';
import { emptyDataset, type DatasetFormat, type FileSource, type ParseOutcome } from './model';
import { ReportCollector, basename, unreadable } from './report';
import { parseJson } from './text';
import { readVoc, type VocSegmentation } from './voc/parse';
import { readYolo } from './yolo/parse';

export interface ReadOptions {
  yoloTask?: YoloTask;
  /** For COCO results files with no instances file beside them: how to find images and categories. */
  cocoFallback?: CocoResolver;
}

export type ReadOutcome = ParseOutcome & { segmentation: VocSegmentation[] };

const HEAD = 4096;

/** Adds one parse outcome into another: classes and attributes by name, images by file (first wins). */
export function mergeOutcome(into: ReadOutcome, from: ParseOutcome, split: string | null = null): void {
  const d = into.dataset;
  if (!d.images.length && !d.annotations.length && !d.classes.length && !into.rejected.length && !into.warnings.length) {
    // The first (usually only) file: adopt its records instead of copying a million of them.
    into.dataset = { ...from.dataset, images: split ? from.dataset.images.map((i) => (i.split ? i : { ...i, split })) : from.dataset.images, meta: { ...d.meta, ...from.dataset.meta } };
    into.rejected = [...from.rejected];
    into.warnings = [...from.warnings];
    return;
  }
  for (const c of from.dataset.classes) if (!d.classes.some((x) => x.name === c.name)) d.classes.push(c);
  for (const a of from.dataset.attributes) if (!d.attributes.some((x) => x.name === a.name)) d.attributes.push(a);
  const byFile = new Map(d.images.map((i) => [i.file, i]));
  for (const img of from.dataset.images) {
    const known = byFile.get(img.file);
    if (!known) {
      const added = { ...img, split: img.split ?? split };
      d.images.push(added);
      byFile.set(img.file, added);
    } else {
      if (img.classes?.length) known.classes = [...new Set([...(known.classes ?? []), ...img.classes])];
      if (img.captions?.length) known.captions = [...(known.captions ?? []), ...img.captions];
    }
  }
  for (const a of from.dataset.annotations) d.annotations.push(a);
  Object.assign(d.meta, from.dataset.meta);
  const report = new ReportCollector();
  report.merge(into);
  report.merge(from);
  into.rejected = report.rejected;
  into.warnings = report.warnings;
}

const empty = (): ReadOutcome => ({ dataset: emptyDataset(), rejected: [], warnings: [], segmentation: [] });

/** The split a COCO or Label Studio file names: `instances_train2017.json` → train2017, `val.json` → val. */
export function splitOfFile(file: string): string | null {
  const m = /(?:^|[_-])(train|val|valid|validation|test)(\d{4})?\.json$/i.exec(basename(file));
  return m ? `${m[1]}${m[2] ?? ''}` : null;
}

function filesOfKind(source: FileSource, kinds: string[]): string[] {
  return source.list().filter((f) => {
    if (!/\.(json|xml)$/i.test(f)) return false;
    const head = source.head ? source.head(f) : source.text(f)?.slice(0, HEAD) ?? null;
    return head !== null && kinds.includes(sniff(f, head) ?? '');
  });
}

function jsonOf(source: FileSource, file: string, out: ReadOutcome): unknown | undefined {
  const text = source.text(file);
  if (text === null) {
    out.rejected.push({ file, position: 'file', reason: unreadable(source, file) });
    return undefined;
  }
  const parsed = parseJson(text, file);
  if (!parsed.ok) {
    out.rejected.push(parsed.rejection);
    return undefined;
  }
  return parsed.value;
}

function readCoco(source: FileSource, options: ReadOptions): ReadOutcome {
  const out = empty();
  const instances = filesOfKind(source, ['coco']);
  const results = filesOfKind(source, ['coco-results']);
  let resolver: CocoResolver | undefined = options.cocoFallback;
  for (const file of instances) {
    const value = jsonOf(source, file, out);
    if (value === undefined) continue;
    resolver = cocoResolver(value) ?? resolver;
    mergeOutcome(out, parseCoco(value, file), splitOfFile(file));
  }
  for (const file of results) {
    const value = jsonOf(source, file, out);
    if (value !== undefined) mergeOutcome(out, parseCoco(value, file, resolver));
  }
  if (!instances.length && !results.length) out.rejected.push({ file: '.', position: 'folder', reason: 'no COCO JSON file found (an object with "images" and "annotations")' });
  return out;
}

function readSingleFileFormat(source: FileSource, kind: 'cvat' | 'labelstudio'): ReadOutcome {
  const out = empty();
  const files = filesOfKind(source, [kind]);
  for (const file of files) {
    if (kind === 'cvat') {
      const text = source.text(file);
      if (text !== null) mergeOutcome(out, parseCvat(text, file));
      continue;
    }
    const value = jsonOf(source, file, out);
    if (value !== undefined) mergeOutcome(out, parseLabelStudio(value, file, (ref) => source.imageSize?.(ref) ?? null), splitOfFile(file));
  }
  if (!files.length) out.rejected.push({ file: '.', position: 'folder', reason: kind === 'cvat' ? 'no CVAT for images XML found (<annotations> with <image> elements)' : 'no Label Studio JSON export found (a list of tasks with "data")' });
  return out;
}

/** Reads a dataset of a known format from a file source into the interchange model. */
export function readDataset(format: DatasetFormat, source: FileSource, options: ReadOptions = {}): ReadOutcome {
  switch (format) {
    case 'coco':
      return readCoco(source, options);
    case 'cvat':
    case 'labelstudio':
      return readSingleFileFormat(source, format);
    case 'voc':
      return readVoc(source);
    case 'labelme':
      return { ...readLabelme(source), segmentation: [] };
    case 'yolo':
      return { ...readYolo(source, { task: options.yoloTask }), segmentation: [] };
  }
}
