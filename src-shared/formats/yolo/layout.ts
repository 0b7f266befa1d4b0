import { IMAGE_FILE, basename, dirname, joinPath, stem } from '../report';

/**
 * Where YOLO keeps things: the label file of `images/<split>/a.jpg` is `labels/<split>/a.txt`
 * (the last `images` folder in the path becomes `labels`), or `a.txt` beside the image in the
 * Darknet layout. Splits come from the folder names under `images/`.
 */

const SPLITS: Record<string, string> = { train: 'train', val: 'val', valid: 'val', validation: 'val', test: 'test' };

/** The label file paths that may belong to an image, most likely first. */
export function labelCandidates(image: string): string[] {
  const parts = image.split('/');
  const name = `${stem(image)}.txt`;
  const out: string[] = [];
  const i = parts.lastIndexOf('images');
  if (i >= 0) out.push([...parts.slice(0, i), 'labels', ...parts.slice(i + 1, -1), name].join('/'));
  out.push(joinPath(dirname(image), name));
  return out;
}

/** The split an image belongs to, from a folder named train/val/valid/test (or e.g. train2017) in its path. */
export function splitOf(path: string): string | null {
  for (const part of dirname(path).split('/').reverse()) {
    const m = /^(train|val|valid|validation|test)(\d{4})?$/i.exec(part);
    if (m) return SPLITS[m[1].toLowerCase()];
  }
  return null;
}

const NOT_LABELS = /^(classes|obj|readme|license|labels|notes)\.txt$/i;

/** Text files that are YOLO label files rather than names lists or notes. */
export function isLabelFile(path: string): boolean {
  return /\.txt$/i.test(path) && !NOT_LABELS.test(basename(path)) && !/(^|\/)ImageSets\//.test(path);
}

/** Pairs images with their label files; returns the pairs and the label files no image claimed. */
export function pairLabels(files: readonly string[]): { pairs: Map<string, string | null>; orphans: string[] } {
  const labels = new Set(files.filter(isLabelFile));
  const images = files.filter((f) => IMAGE_FILE.test(f));
  const claimed = new Set<string>();
  const pairs = new Map<string, string | null>();
  for (const image of images) {
    const label = labelCandidates(image).find((c) => labels.has(c)) ?? null;
    if (label) claimed.add(label);
    pairs.set(image, label);
  }
  // Only files in a labels/ folder or beside images are label files; other .txt files are notes.
  const imageDirs = new Set(images.map(dirname));
  const orphans = [...labels].filter((l) => !claimed.has(l) && (/(^|\/)labels\//.test(l) || imageDirs.has(dirname(l))));
  return { pairs, orphans: orphans.sort() };
}

/** The output path of an image under `images/` and its label file under `labels/`, for a split or none. */
export function yoloPaths(relative: string, split: string | null): { image: string; label: string } {
  const image = joinPath('images', split ?? '', relative);
  const label = joinPath('labels', split ?? '', dirname(relative), `${stem(relative)}.txt`);
  return { image, label };
}
