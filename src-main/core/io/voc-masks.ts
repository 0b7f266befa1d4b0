import sharp from 'sharp';
import { maskToRle } from '../../../src-shared/geometry/rle';
import type { AnnotationRecord, Where } from '../../../src-shared/formats/model';
import { ReportCollector, at } from '../../../src-shared/formats/report';
import { readLabelmap, vocColor, type VocSegmentation } from '../../../src-shared/formats/voc/parse';
import type { DatasetSource } from './source';

/**
 * VOC segmentation PNGs → mask annotations. SegmentationObject gives one mask per object (pixel
 * value = object number, matching the XML's objects in order); SegmentationClass gives the class
 * of each pixel (by the labelmap's colours when CVAT wrote one, else the VOC colour map and VOC's
 * 20 classes). The void colour (index 255, the object borders) is left out of every mask.
 */

export const VOC_CLASSES = ['aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair', 'cow', 'diningtable', 'dog', 'horse', 'motorbike', 'person', 'pottedplant', 'sheep', 'sofa', 'train', 'tvmonitor'];

const key = (r: number, g: number, b: number) => (r << 16) | (g << 8) | b;
const VOID = key(...vocColor(255));

async function decode(file: string): Promise<{ pixels: Uint32Array; width: number; height: number }> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const pixels = new Uint32Array(info.width * info.height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = key(data[i * 3], data[i * 3 + 1], data[i * 3 + 2]);
  return { pixels, width: info.width, height: info.height };
}

/** Colour → class name, from labelmap.txt (CVAT) or the VOC colour map with VOC's classes. */
function classColours(source: DatasetSource): Map<number, string> {
  const labelmap = source.files.find((f) => /(^|\/)labelmap\.txt$/i.test(f));
  const out = new Map<number, string>();
  const text = labelmap ? source.fileSource().text(labelmap) : null;
  if (text) {
    for (const { name, color } of readLabelmap(text)) {
      if (!color) continue;
      const n = Number.parseInt(color.slice(1), 16);
      out.set(n, name);
    }
    if (out.size) return out;
  }
  VOC_CLASSES.forEach((name, i) => out.set(key(...vocColor(i + 1)), name));
  return out;
}

export async function vocMasks(segmentation: readonly VocSegmentation[], source: DatasetSource): Promise<{ annotations: (AnnotationRecord & { where: Where })[]; report: ReportCollector }> {
  const report = new ReportCollector();
  const annotations: (AnnotationRecord & { where: Where })[] = [];
  if (!segmentation.length) return { annotations, report };
  const classes = classColours(source);
  const objectIndex = new Map<number, number>();
  for (let i = 1; i < 255; i++) objectIndex.set(key(...vocColor(i)), i);
  for (const seg of segmentation) {
    const file = seg.objectPng ?? seg.classPng!;
    const where = at(file, 'mask');
    try {
      const cls = seg.classPng ? await decode(source.absolute(seg.classPng)) : null;
      const obj = seg.objectPng ? await decode(source.absolute(seg.objectPng)) : null;
      const { width, height } = (obj ?? cls)!;
      if (cls && obj && (cls.width !== obj.width || cls.height !== obj.height)) {
        report.reject(where, 'SegmentationClass and SegmentationObject PNGs differ in size');
        continue;
      }
      const groups = new Map<number, number[]>();
      const pixels = (obj ?? cls)!.pixels;
      for (let p = 0; p < pixels.length; p++) {
        const v = pixels[p];
        if (v === 0 || v === VOID) continue;
        let list = groups.get(v);
        if (!list) groups.set(v, (list = []));
        list.push(p);
      }
      for (const [colour, members] of groups) {
        let label: string | null;
        if (obj) {
          const index = objectIndex.get(colour);
          label = index !== undefined ? seg.objects[index - 1] || null : null;
          if (!label && cls) label = majorityClass(members, cls.pixels, classes);
        } else {
          label = classes.get(colour) ?? null;
        }
        if (!label) {
          report.reject(where, `pixels of colour #${colour.toString(16).padStart(6, '0')} match no object or class`);
          continue;
        }
        const bits = new Uint8Array(width * height);
        for (const p of members) bits[p] = 1;
        annotations.push({ image: seg.image, label, geometry: { type: 'mask', rle: maskToRle(bits, width, height) }, attributes: {}, where });
      }
      report.warn('voc-masks', 'VOC segmentation PNGs were imported as mask annotations (beside the boxes of the same objects)', seg.image);
    } catch (error) {
      report.reject(where, `cannot decode the segmentation PNG: ${(error as Error).message}`);
    }
  }
  return { annotations, report };
}

function majorityClass(members: number[], classPixels: Uint32Array, classes: Map<number, string>): string | null {
  const votes = new Map<string, number>();
  for (const p of members) {
    const name = classes.get(classPixels[p]);
    if (name) votes.set(name, (votes.get(name) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [name, n] of votes) if (best === null || n > votes.get(best)!) best = name;
  return best;
}
