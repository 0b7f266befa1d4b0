import type { YoloTask } from './capabilities';
import type { AnnotationRecord, ExportHeader, ImageRecord } from './model';
import { normalisePath } from './report';

/**
 * How an exporter talks to a format writer without knowing the format: it feeds one image at a
 * time (`add`), and the sink answers with outputs — text to append to a file, a finished part file
 * to append to another, an image to copy. Core turns outputs into file or zip writes; tests turn
 * them into a map of strings. Memory holds one image's annotations at a time.
 */

export type Output =
  /** Append text to a file (created on first use). */
  | { kind: 'text'; path: string; text: string }
  /** Append the whole of file `from` (written earlier) to `path`, then delete `from`. */
  | { kind: 'concat'; path: string; from: string }
  /** Copy the image whose key is `source` (ExportItem.source) to `path`. */
  | { kind: 'image'; path: string; source: string };

export interface ExportItem {
  /** `file` is the image's filename in the project (relative, forward slashes). */
  image: ImageRecord;
  annotations: readonly AnnotationRecord[];
  /** Opaque key the exporter uses to find the image file when copying it. */
  source: string;
}

export interface SinkOptions {
  withImages: boolean;
  /** YOLO: the task to write (already chosen; not 'auto'). */
  yoloTask?: YoloTask;
  /** Project name, for formats that name their task. */
  name: string;
  /** Total number of images, for formats whose header states it. */
  total: number;
}

export interface FormatSink {
  begin(): Output[];
  add(item: ExportItem): Output[];
  end(): Output[];
}

export type SinkHeader = ExportHeader & { keypoints?: Record<string, string[]> };

const SPLIT_DIR = /^(train|val|valid|validation|test)(\d{4})?$/i;

/**
 * The path of an image inside an export: its project filename without a leading `images/` folder
 * and, when it has a split, without the split folder it already sits in (`images/train/a.jpg` in
 * split `train` → `a.jpg`).
 */
export function exportRelative(file: string, split: string | null | undefined): string {
  let parts = normalisePath(file).split('/').filter((p) => p && p !== '..');
  if (parts.length > 1 && parts[0] === 'images') parts = parts.slice(1);
  if (split && parts.length > 1 && (parts[0] === split || SPLIT_DIR.test(parts[0]))) parts = parts.slice(1);
  return parts.join('/');
}

/** The split folder an image already sits in (`images/train2017/a.jpg` → `train2017`), or null. */
export function splitFolderOf(file: string): string | null {
  const parts = normalisePath(file).split('/');
  for (let i = parts.length - 2; i >= 0; i--) if (SPLIT_DIR.test(parts[i])) return parts[i];
  return null;
}

/** Gives each name once: a second `a.jpg` becomes `a_2.jpg` (VOC and other flat layouts). */
export function uniqueNames(): (name: string) => { name: string; renamed: boolean } {
  const used = new Set<string>();
  return (name) => {
    if (!used.has(name.toLowerCase())) {
      used.add(name.toLowerCase());
      return { name, renamed: false };
    }
    const dot = name.lastIndexOf('.');
    const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    for (let n = 2; ; n++) {
      const candidate = `${base}_${n}${ext}`;
      if (!used.has(candidate.toLowerCase())) {
        used.add(candidate.toLowerCase());
        return { name: candidate, renamed: true };
      }
    }
  };
}

/** Runs a sink over items into an in-memory file map (tests and small exports). */
export function writeToMemory(sink: FormatSink, items: Iterable<ExportItem>): Map<string, string> {
  const files = new Map<string, string>();
  const apply = (outputs: Output[]) => {
    for (const o of outputs) {
      if (o.kind === 'text') files.set(o.path, (files.get(o.path) ?? '') + o.text);
      else if (o.kind === 'concat') {
        files.set(o.path, (files.get(o.path) ?? '') + (files.get(o.from) ?? ''));
        files.delete(o.from);
      } else files.set(o.path, `<image ${o.source}>`);
    }
  };
  apply(sink.begin());
  for (const item of items) apply(sink.add(item));
  apply(sink.end());
  return files;
}
