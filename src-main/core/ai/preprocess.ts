import sharp from 'sharp';
import { AppError } from '../../../src-shared/contract/errors';
import type { ModelSpec } from './types';

/** An image decoded and resized so its longest side is the model's input size. */
export interface ResizedImage {
  /** Original size, after EXIF orientation (the size annotations are in). */
  width: number;
  height: number;
  /** Resized size: round(side × S / longest side). */
  resizedWidth: number;
  resizedHeight: number;
  /** RGB, 3 bytes per pixel, row-major. */
  rgb: Uint8Array;
}

export function resizedSize(width: number, height: number, inputSize: number): { width: number; height: number } {
  const scale = inputSize / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Decodes and resizes an image as SAM's `ResizeLongestSide` does (bicubic, antialiased when
 * shrinking), applying EXIF orientation like the import probe so masks line up with the image.
 */
export async function loadResized(source: string | Uint8Array, inputSize: number): Promise<ResizedImage> {
  try {
    const image = sharp(source, { failOn: 'none' });
    const meta = await image.metadata();
    const rotated = (meta.orientation ?? 1) >= 5;
    const width = rotated ? meta.height : meta.width;
    const height = rotated ? meta.width : meta.height;
    if (!width || !height) throw new Error('no dimensions in the image header');
    const target = resizedSize(width, height, inputSize);
    const { data, info } = await image
      .rotate()
      .resize(target.width, target.height, { fit: 'fill', kernel: 'cubic' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected RGB, got ${info.channels} channels`);
    return { width, height, resizedWidth: info.width, resizedHeight: info.height, rgb: data };
  } catch (error) {
    const where = typeof source === 'string' ? source : 'the image bytes';
    throw new AppError('UNSUPPORTED_FILE', `Cannot read ${where} for segmentation: ${(error as Error).message}. Check that the file is a readable image.`);
  }
}

/** The encoder's input tensor for a resized image, in the layout the model declares. */
export function encoderInput(image: ResizedImage, spec: Pick<ModelSpec, 'inputSize' | 'encoderInput' | 'normalization'>): { data: Float32Array; dims: number[] } {
  const { rgb, resizedWidth: w, resizedHeight: h } = image;
  if (spec.encoderInput === 'hwc-rgb-resized') {
    const data = new Float32Array(w * h * 3);
    for (let i = 0; i < data.length; i++) data[i] = rgb[i];
    return { data, dims: [h, w, 3] };
  }
  const s = spec.inputSize;
  const plane = s * s;
  const data = new Float32Array(3 * plane);
  const { mean, std } = spec.normalization ?? { mean: [0, 0, 0], std: [1, 1, 1] };
  const scale = std.map((v) => 1 / v);
  const bias = mean.map((m, c) => -m * scale[c]);
  // Normalised first, then placed top-left: the padding stays 0, as SAM pads after normalising.
  for (let y = 0; y < h; y++) {
    let src = y * w * 3;
    const row = y * s;
    for (let x = 0; x < w; x++, src += 3) {
      data[row + x] = rgb[src] * scale[0] + bias[0];
      data[plane + row + x] = rgb[src + 1] * scale[1] + bias[1];
      data[2 * plane + row + x] = rgb[src + 2] * scale[2] + bias[2];
    }
  }
  return { data, dims: [1, 3, s, s] };
}
