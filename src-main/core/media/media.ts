import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../../src-shared/contract/errors';
import type { Store } from '../store';

const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.gif': 'image/gif',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};

export const THUMB_SIZE = 256;

export interface MediaFile {
  file: string;
  contentType: string;
}

/**
 * Media for the renderer: only images registered in a project are ever served (looked up by id,
 * never by a path from the request), and thumbnails are cached under the data directory by sha256.
 * TIFF and BMP originals are converted to PNG for display, since browsers cannot show them.
 */
export function createMedia(store: Store, dataDir: string) {
  const thumbDir = path.join(dataDir, 'thumbnails');
  const inFlight = new Map<string, Promise<string>>();

  const makeThumbnail = async (source: string, target: string) => {
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    await sharp(source, { failOn: 'none' }).rotate().resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 75 }).toFile(temp);
    await fs.promises.rename(temp, target);
    return target;
  };

  const cached = async (key: string, make: (target: string) => Promise<string>, target: string) => {
    if (fs.existsSync(target)) return target;
    let job = inFlight.get(key);
    if (!job) {
      job = make(target).finally(() => inFlight.delete(key));
      inFlight.set(key, job);
    }
    return job;
  };

  return {
    /** The original image (or a PNG rendition of formats browsers cannot decode). */
    async image(imageId: string): Promise<MediaFile> {
      const image = store.images.get(imageId);
      const ext = path.extname(image.path).toLowerCase();
      if (!fs.existsSync(image.path)) throw new AppError('NOT_FOUND', `The file ${image.path} is missing. Move it back or re-import the folder.`);
      if (ext === '.tif' || ext === '.tiff' || ext === '.bmp') {
        const target = path.join(thumbDir, image.sha256.slice(0, 2), `${image.sha256}-full.png`);
        const file = await cached(`${image.sha256}-full`, async (t) => {
          await fs.promises.mkdir(path.dirname(t), { recursive: true });
          await sharp(image.path, { failOn: 'none' }).png().toFile(`${t}.tmp`);
          await fs.promises.rename(`${t}.tmp`, t);
          return t;
        }, target);
        return { file, contentType: 'image/png' };
      }
      return { file: image.path, contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream' };
    },
    /** A cached WebP thumbnail at most 256 px on its longest side. */
    async thumbnail(imageId: string): Promise<MediaFile> {
      const image = store.images.get(imageId);
      const target = path.join(thumbDir, image.sha256.slice(0, 2), `${image.sha256}-${THUMB_SIZE}.webp`);
      try {
        const file = await cached(image.sha256, (t) => makeThumbnail(image.path, t), target);
        return { file, contentType: 'image/webp' };
      } catch (error) {
        throw new AppError('UNSUPPORTED_FILE', `Cannot make a thumbnail of ${image.path}: ${(error as Error).message}`);
      }
    },
  };
}

export type Media = ReturnType<typeof createMedia>;
