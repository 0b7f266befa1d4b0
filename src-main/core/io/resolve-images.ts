import fs from 'node:fs';
import path from 'node:path';
import type { Image } from '../../../src-shared/contract/entities';
import { AppError } from '../../../src-shared/contract/errors';
import type { Dataset, Rejection, Where } from '../../../src-shared/formats/model';
import { IMAGE_FILE, ReportCollector, basename, normalisePath, stem } from '../../../src-shared/formats/report';
import { probeImage, type ImageFacts } from '../images/probe';
import type { NewImage } from '../store/images';
import type { DatasetSource } from './source';

/**
 * Finds the image each dataset record names: an image already in the project, else a file in the
 * dataset folder (exact path, then path suffix, then unique file name, then unique stem for VOC
 * files without <filename>), else — when the format states the size — a record for a file that is
 * not there yet (reported). Found files are probed once for size and sha256.
 */

export type ResolvedImage =
  | { kind: 'existing'; image: Image }
  | { kind: 'new'; record: NewImage; facts: ImageFacts | null };

type DatasetImage = Dataset['images'][number];

/** Suffix index: every tail of every path ("a/b/c.jpg", "b/c.jpg", "c.jpg") → paths with it. */
function suffixIndex(paths: Iterable<string>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 0; i < parts.length; i++) {
      const key = parts.slice(i).join('/').toLowerCase();
      const list = index.get(key);
      if (list) list.push(p);
      else index.set(key, [p]);
    }
  }
  return index;
}

function stemIndex(paths: Iterable<string>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const p of paths) {
    const key = stem(p).toLowerCase();
    index.set(key, [...(index.get(key) ?? []), p]);
  }
  return index;
}

const unique = (list: string[] | undefined) => (list && list.length === 1 ? list[0] : null);

export interface Resolution {
  /** Dataset image file → where it lands. */
  images: Map<string, ResolvedImage>;
  report: ReportCollector;
}

/** Writes LabelMe's embedded imageData next to the other extracted files when the image is missing. */
function writeEmbedded(image: DatasetImage, dir: string): string | null {
  try {
    const target = path.join(dir, ...normalisePath(image.file).split('/').filter((p) => p && p !== '..'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, Buffer.from(image.embedded!, 'base64'));
    return target;
  } catch {
    return null;
  }
}

export async function resolveImages(
  images: readonly DatasetImage[],
  source: DatasetSource,
  existing: readonly Image[],
  options: { embeddedDir: string; signal?: AbortSignal; progress(done: number, total: number): void },
): Promise<Resolution> {
  const report = new ReportCollector();
  const out = new Map<string, ResolvedImage>();
  const onDisk = source.files.filter((f) => IMAGE_FILE.test(f));
  const diskSuffix = suffixIndex(onDisk);
  const diskStem = stemIndex(onDisk);
  const diskExact = new Map(onDisk.map((f) => [f.toLowerCase(), f]));
  const byPath = new Map(existing.map((i) => [i.path, i]));
  const projectSuffix = suffixIndex(existing.map((i) => i.filename));
  const projectByFilename = new Map<string, Image[]>();
  for (const i of existing) projectByFilename.set(i.filename, [...(projectByFilename.get(i.filename) ?? []), i]);

  const toProbe: { image: DatasetImage; rel: string | null; abs: string }[] = [];
  for (const image of images) {
    const key = normalisePath(image.file).replace(/^\/+/, '').toLowerCase();
    const exact = diskExact.get(key) ?? null;
    const rel = exact ?? unique(diskSuffix.get(key)) ?? unique(diskSuffix.get(basename(key))) ?? (/\.[a-z0-9]+$/i.test(key) ? null : unique(diskStem.get(stem(key))));
    if (rel && rel !== exact && basename(rel).toLowerCase() !== basename(key)) report.warn('image-matched-by-stem', 'images were matched by file name without extension', `${image.file} → ${rel}`);
    else if (rel && rel.toLowerCase() !== key && !rel.toLowerCase().endsWith(`/${key}`)) report.warn('image-matched-by-name', 'images were matched by file name because their folder differs', `${image.file} → ${rel}`);
    // LabelMe's imagePath may climb out of the imported folder ("../images/a.jpg"): look there too.
    const outside = !rel && key.startsWith('../') ? path.resolve(source.root, image.file) : null;
    const abs = rel ? source.absolute(rel) : outside && fs.existsSync(outside) ? outside : null;
    const projectMatch = (): Image | undefined => {
      const same = projectByFilename.get(image.file);
      if (same?.length === 1) return same[0];
      if (rel) return undefined;
      const suffix = unique(projectSuffix.get(key));
      return suffix ? projectByFilename.get(suffix)?.[0] : undefined;
    };
    const known = (abs && byPath.get(abs)) || projectMatch();
    if (known) {
      out.set(image.file, { kind: 'existing', image: known });
      continue;
    }
    if (abs) {
      toProbe.push({ image, rel, abs });
      continue;
    }
    if (image.embedded) {
      report.warn('labelme-image-data', 'images missing on disk were written from the imageData embedded in their LabelMe file', image.file);
      const written = writeEmbedded(image, options.embeddedDir);
      if (written) {
        toProbe.push({ image, rel: null, abs: written });
        continue;
      }
    }
    const target = path.join(source.root, ...normalisePath(image.file).split('/').filter((p) => p && p !== '..'));
    if (image.width !== null && image.height !== null) {
      report.warn('image-missing', 'image files were not found; they were registered with the size the annotation file states, and show once the files are placed at their path', image.file);
      out.set(image.file, { kind: 'new', facts: null, record: { filename: normalisePath(image.file), path: target, width: image.width, height: image.height, size_bytes: 0, sha256: '' } });
    } else {
      report.reject(image.where, `image file ${image.file} was not found in ${source.root}, and the annotation file does not state its size`);
    }
  }

  let done = 0;
  const total = toProbe.length;
  let next = 0;
  const worker = async () => {
    while (next < toProbe.length) {
      if (options.signal?.aborted) throw new AppError('CONFLICT', 'The import was cancelled.');
      const { image, rel, abs } = toProbe[next++];
      try {
        const facts = (rel && source.probed.get(rel)) || (await probeImage(abs));
        if (rel) source.probed.set(rel, facts);
        if (image.width !== null && image.height !== null && (image.width !== facts.width || image.height !== facts.height)) {
          report.warn('image-size-differs', 'image files whose size differs from the annotation file; shapes were checked against the real size', `${image.file}: file ${facts.width}×${facts.height}, annotation ${image.width}×${image.height}`);
        }
        const filename = rel ?? normalisePath(image.file);
        out.set(image.file, { kind: 'new', facts, record: { filename, path: abs, width: facts.width, height: facts.height, size_bytes: facts.size_bytes, sha256: facts.sha256 } });
      } catch (error) {
        report.reject(image.where as Where, `image ${image.file}: ${(error as Error).message}`);
      }
      options.progress(++done, total);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return { images: out, report };
}

/** Probes every image file of a source (YOLO needs sizes before it can read its labels). */
export async function probeAll(source: DatasetSource, options: { signal?: AbortSignal; progress(done: number, total: number): void }): Promise<Rejection[]> {
  const files = source.files.filter((f) => IMAGE_FILE.test(f) && !source.probed.has(f));
  const failed: Rejection[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length) {
      if (options.signal?.aborted) throw new AppError('CONFLICT', 'The import was cancelled.');
      const rel = files[next++];
      try {
        source.probed.set(rel, await probeImage(source.absolute(rel)));
      } catch (error) {
        failed.push({ file: rel, position: 'image', reason: (error as Error).message });
      }
      options.progress(++done, files.length);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return failed;
}
