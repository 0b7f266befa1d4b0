import type { DatasetFormat } from './model';
import { IMAGE_FILE, basename, dirname, stem } from './report';

export type DetectedFormat = DatasetFormat | 'images';

export interface FormatCandidate {
  format: DetectedFormat;
  /** How many files look like this format (higher wins). */
  score: number;
  reason: string;
}

export interface Detection {
  /** The best candidate, or null when nothing in the listing looks like a dataset or images. */
  format: DetectedFormat | null;
  candidates: FormatCandidate[];
}

const YOLO_LINE = /^\s*\d+(\s+[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?){4,}\s*$/;
const YAML_NAMES = /^(data|dataset|.*\.)?ya?ml$/i;

/** What a file's first few kilobytes say it is (null: nothing we know). */
export function sniff(path: string, head: string): DatasetFormat | 'coco-results' | 'yolo-names' | null {
  const lower = path.toLowerCase();
  const text = head.trimStart();
  if (lower.endsWith('.json')) {
    if (text.startsWith('[')) {
      if (/"data"\s*:/.test(text) && /"(annotations|predictions|result)"\s*:/.test(text)) return 'labelstudio';
      if (/"image_id"\s*:/.test(text) && /"(bbox|segmentation)"\s*:/.test(text)) return 'coco-results';
      if (/^\[\s*\]$/.test(text.trim())) return null;
      return null;
    }
    if (text.startsWith('{')) {
      if (/"shapes"\s*:/.test(text) && /"image(Path|Width|Height|Data)"\s*:/.test(text)) return 'labelme';
      if (/"images"\s*:/.test(text) && /"(file_name|categories|annotations|info|licenses)"\s*:/.test(text)) return 'coco';
      if (/"(categories|annotations)"\s*:/.test(text) && /"(image_id|supercategory|file_name)"\s*:/.test(text)) return 'coco';
      if (/"data"\s*:/.test(text) && /"(annotations|predictions)"\s*:/.test(text)) return 'labelstudio';
    }
    return null;
  }
  if (lower.endsWith('.xml')) {
    if (/<annotations[\s>]/.test(text) && (/<version>\s*1\.\d/.test(text) || /<image\s/.test(text) || /<meta[\s>]/.test(text))) return 'cvat';
    if (/<annotation[\s>]/.test(text) && /<(object|filename|size)[\s>]/.test(text)) return 'voc';
    return null;
  }
  if (lower.endsWith('.txt')) {
    const name = basename(lower);
    if (name === 'classes.txt' || name === 'obj.names') return 'yolo-names';
    const lines = text.split(/\r?\n/).filter((l) => l.trim());
    if (lines.length && lines.slice(0, 20).every((l) => YOLO_LINE.test(l))) return 'yolo';
    return null;
  }
  if (YAML_NAMES.test(basename(lower)) && /(^|\n)\s*names\s*:/.test(text)) return 'yolo-names';
  return null;
}

/**
 * Ranks the formats a folder (or single file) could be in, from its listing and the heads of its
 * annotation-like files. `head` returns the first few kilobytes of a file's text, or null.
 */
export function detectFormat(files: readonly string[], head: (path: string) => string | null): Detection {
  const counts = new Map<DetectedFormat, number>();
  const reasons = new Map<DetectedFormat, string>();
  const add = (format: DetectedFormat, n: number, reason: string) => {
    if (n <= 0) return;
    counts.set(format, (counts.get(format) ?? 0) + n);
    if (!reasons.has(format)) reasons.set(format, reason);
  };
  const images = files.filter((f) => IMAGE_FILE.test(f));
  const imageStems = new Set(images.map((f) => stem(f)));
  let yoloNames = false;
  let sniffed = 0;
  for (const file of files) {
    if (IMAGE_FILE.test(file)) continue;
    if (!/\.(json|xml|txt|ya?ml|names)$/i.test(file)) continue;
    // Sniffing every label file of a large YOLO set is wasteful; a sample decides.
    if (/\.txt$/i.test(file) && sniffed > 200 && !/classes\.txt$/i.test(file)) {
      if (counts.has('yolo') && imageStems.has(stem(file))) add('yolo', 1, '');
      continue;
    }
    const h = head(file);
    if (h === null) continue;
    sniffed++;
    const kind = sniff(file, h);
    if (kind === 'coco-results') add('coco', 1, `${file} is a COCO results file`);
    else if (kind === 'yolo-names') yoloNames = true;
    else if (kind === 'yolo') {
      const paired = imageStems.has(stem(file)) || /(^|\/)labels\//.test(file);
      if (paired) add('yolo', 1, `${file} holds YOLO label lines`);
    } else if (kind) add(kind, kind === 'coco' || kind === 'labelstudio' || kind === 'cvat' ? 1000 : 1, `${file} looks like ${kind}`);
  }
  if (yoloNames && counts.has('yolo')) add('yolo', 1, '');
  if (files.some((f) => /(^|\/)Segmentation(Class|Object)\/[^/]+\.png$/i.test(f))) add('voc', 1, 'SegmentationClass/SegmentationObject PNG masks');
  if (!counts.size && images.length) {
    const classified = classificationFolders(images);
    if (classified) add('yolo', classified.count, classified.reason);
    else add('images', images.length, `${images.length} image files and no annotation files`);
  }
  const candidates = [...counts.entries()]
    .map(([format, score]) => ({ format, score, reason: reasons.get(format) ?? '' }))
    .sort((a, b) => b.score - a.score);
  return { format: candidates[0]?.format ?? null, candidates };
}

const SPLIT_DIR = /^(train|val|valid|validation|test)$/i;

/**
 * A YOLO classification layout for auto-detection: images in `<split>/<class>/` folders
 * (`train/cat/1.jpg`), at least two classes. A plain `<class>/` layout without split folders is
 * read as classification only when asked for explicitly, since many image folders have subfolders.
 */
export function classificationFolders(images: readonly string[]): { count: number; reason: string } | null {
  const classes = new Set<string>();
  for (const image of images) {
    const parts = dirname(image).split('/').filter(Boolean);
    if (parts.length !== 2 || !SPLIT_DIR.test(parts[0])) return null;
    classes.add(parts[1]);
  }
  return classes.size >= 2 ? { count: images.length, reason: `images sorted into ${classes.size} class folders under split folders (YOLO classification)` } : null;
}
