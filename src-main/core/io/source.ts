import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/contract/errors';
import type { FileSource, Rejection } from '../../../src-shared/formats/model';
import { IMAGE_FILE } from '../../../src-shared/formats/report';
import type { ImageFacts } from '../images/probe';
import { extractZip } from './zip';

/**
 * What an import reads from: a folder, a single annotation file (with the folder around it, where
 * its images are), or a zip (extracted first, since images are registered in place). Paths inside
 * are relative to `root`, with forward slashes.
 */
export interface DatasetSource {
  root: string;
  kind: 'folder' | 'file' | 'zip';
  /** Every file under root (sorted). */
  files: string[];
  /** The annotation file the user named (kind 'file'), else null. */
  only: string | null;
  /** Zip entries refused while extracting. */
  rejected: Rejection[];
  /** Image facts known so far, by relative path (filled by probing). */
  probed: Map<string, ImageFacts>;
  fileSource(): FileSource;
  absolute(relative: string): string;
  /** Removes what this source extracted (a zip that was only previewed, or whose import failed). */
  discard(): void;
  /**
   * Lists images the project already has as if they were in the folder (with their known size),
   * so label files that come without their images (YOLO labels for images imported earlier) pair up.
   */
  addKnownImages(images: readonly { filename: string; width: number; height: number }[]): number;
}

export const MAX_TEXT_BYTES = 512 * 1024 ** 2;
const MAX_FILES = 2_000_000;
const HEAD_BYTES = 4096;

function listFiles(root: string): string[] {
  const entries = fs.readdirSync(root, { recursive: true, withFileTypes: true });
  if (entries.length > MAX_FILES) throw new AppError('VALIDATION_ERROR', `${root} holds more than ${MAX_FILES} entries. Point the import at the dataset folder itself.`);
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((rel) => !rel.split('/').some((part) => part.startsWith('.') || part === '__MACOSX'))
    .sort();
}

/** Sync reads with a size guard; sniffing reads only a file's head, so nothing large is read twice or kept. */
function makeFileSource(source: Omit<DatasetSource, 'fileSource' | 'addKnownImages'>): FileSource {
  const tooLarge = new Set<string>();
  const visible = source.only ? source.files.filter((f) => f === source.only || IMAGE_FILE.test(f) || !/\.(json|xml)$/i.test(f)) : source.files;
  return {
    list: () => visible,
    text(rel) {
      try {
        const file = source.absolute(rel);
        if (fs.statSync(file).size > MAX_TEXT_BYTES) {
          tooLarge.add(rel);
          return null;
        }
        return fs.readFileSync(file, 'utf8');
      } catch {
        return null;
      }
    },
    head(rel) {
      let fd: number | null = null;
      try {
        fd = fs.openSync(source.absolute(rel), 'r');
        const buffer = Buffer.alloc(HEAD_BYTES);
        const n = fs.readSync(fd, buffer, 0, HEAD_BYTES, 0);
        return buffer.subarray(0, n).toString('utf8');
      } catch {
        return null;
      } finally {
        if (fd !== null) fs.closeSync(fd);
      }
    },
    problem(rel) {
      if (tooLarge.has(rel)) return tooLargeReason(fs.statSync(source.absolute(rel)).size);
      return fs.existsSync(source.absolute(rel)) ? 'cannot read the file' : 'the file is missing';
    },
    imageSize(rel) {
      const facts = source.probed.get(rel);
      return facts ? { width: facts.width, height: facts.height } : null;
    },
  };
}

/** A file larger than a parser can hold gets this reason (the JSON/XML parsers need it whole). */
export function tooLargeReason(bytes: number): string {
  return `the file is ${(bytes / 1024 ** 3).toFixed(2)} GB; annotation files up to ${MAX_TEXT_BYTES / 1024 ** 2} MB can be imported. Split it (e.g. one file per split) and import the parts`;
}

/**
 * Opens a path for import. A single annotation file inside `annotations/` or `labels/` takes the
 * folder above as its root, so `images/` beside it is found. Zips are extracted under `extractDir`.
 */
export async function openSource(input: string, extractDir: string, signal?: AbortSignal): Promise<DatasetSource> {
  const resolved = path.resolve(input);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch {
    throw new AppError('NOT_FOUND', `Nothing at ${resolved}. Check the path and that you can read it.`);
  }
  let root = resolved;
  let kind: DatasetSource['kind'] = 'folder';
  let only: string | null = null;
  let rejected: Rejection[] = [];
  let discard = () => {};
  if (stat.isFile() && /\.zip$/i.test(resolved)) {
    kind = 'zip';
    root = extractDir;
    fs.mkdirSync(root, { recursive: true });
    discard = () => fs.rmSync(extractDir, { recursive: true, force: true });
    try {
      rejected = (await extractZip(resolved, root, signal)).rejected;
    } catch (error) {
      discard();
      throw error;
    }
  } else if (stat.isFile()) {
    kind = 'file';
    const dir = path.dirname(resolved);
    root = /^(annotations|labels|Annotations)$/.test(path.basename(dir)) ? path.dirname(dir) : dir;
    only = path.relative(root, resolved).split(path.sep).join('/');
  } else if (!stat.isDirectory()) {
    throw new AppError('VALIDATION_ERROR', `${resolved} is neither a folder nor a file.`);
  }
  const base = {
    root,
    kind,
    only,
    rejected,
    files: listFiles(root),
    probed: new Map<string, ImageFacts>(),
    absolute: (rel: string) => path.join(root, ...rel.split('/')),
    discard,
  };
  const addKnownImages: DatasetSource['addKnownImages'] = (images) => {
    const present = new Set(base.files);
    let added = 0;
    for (const image of images) {
      if (present.has(image.filename)) continue;
      base.files.push(image.filename);
      base.probed.set(image.filename, { width: image.width, height: image.height, size_bytes: 0, sha256: '', format: 'known' });
      added++;
    }
    return added;
  };
  if (only && !base.files.includes(only)) base.files.push(only);
  const fileSource = makeFileSource(base);
  return { ...base, addKnownImages, fileSource: () => fileSource };
}
