import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { imageSize } from 'image-size';
import { AppError } from '../../../src-shared/contract/errors';

export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.bmp', '.gif', '.tif', '.tiff']);

export interface ImageFacts {
  width: number;
  height: number;
  size_bytes: number;
  sha256: string;
  format: string;
}

/**
 * Reads an image file once: byte size, sha256 and pixel dimensions from its header.
 * Throws UNSUPPORTED_FILE with the reason when the file is empty, truncated or not an image.
 */
export async function probeImage(file: string): Promise<ImageFacts> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    throw new AppError('IO_ERROR', `cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (bytes.length === 0) throw new AppError('UNSUPPORTED_FILE', 'the file is empty');
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch (error) {
    throw new AppError('UNSUPPORTED_FILE', `not a readable image (${(error as Error).message})`);
  }
  // EXIF orientations 5–8 rotate by 90°, so the displayed image swaps width and height.
  const rotated = size.orientation !== undefined && size.orientation >= 5;
  const width = rotated ? size.height : size.width;
  const height = rotated ? size.width : size.height;
  if (!width || !height) throw new AppError('UNSUPPORTED_FILE', 'the image header gives no dimensions');
  if (size.type === 'jpg' && !hasJpegEnd(bytes)) throw new AppError('UNSUPPORTED_FILE', 'the JPEG is truncated (no end-of-image marker)');
  return { width, height, size_bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), format: size.type ?? 'unknown' };
}

/** A complete JPEG ends with FF D9, possibly followed by a little padding. */
function hasJpegEnd(bytes: Buffer): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - 64));
  for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return true;
  return false;
}
