import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttributeDef } from '../contract/entities';
import { maskToRle, rleToMask } from '../geometry/rle';
import type { Geometry } from '../geometry/schemas';
import { mapAttributes } from './attribute-mapping';
import { capabilities, type FormatCapabilities, type YoloTask } from './capabilities';
import { cocoKeypointNames } from './coco/write';
import { memorySource } from './memory-source';
import type { AnnotationRecord, ClassRecord, DatasetFormat, ImageRecord } from './model';
import { readDataset } from './read';
import { ReportCollector, basename } from './report';
import { rotatedCorners } from './shape-conversion';
import { writeToMemory, type ExportItem } from './sink';
import { createSink } from './sinks';

/**
 * Every format, written and read back, keeps what its capability table says it keeps: the same
 * shapes (within 1e-6 of the image size), and the attributes, captions, scores, z-order and
 * image-level classes it can hold. Then every format through every other keeps the shapes both hold.
 */

type Variant = { format: DatasetFormat; yoloTask?: YoloTask };
const VARIANTS: Variant[] = [
  { format: 'coco' },
  { format: 'yolo', yoloTask: 'detect' },
  { format: 'yolo', yoloTask: 'segment' },
  { format: 'yolo', yoloTask: 'obb' },
  { format: 'voc' },
  { format: 'labelme' },
  { format: 'cvat' },
  { format: 'labelstudio' },
];
const name = (v: Variant) => (v.yoloTask ? `yolo-${v.yoloTask}` : v.format);

const CLASSES: ClassRecord[] = ['cat', 'dog & co', 'car<1>', 'Straße "big"'].map((n, id) => ({ name: n, id, color: '#112233', parent: null }));
const SCHEMA: AttributeDef[] = [
  { name: 'occluded', type: 'boolean' },
  { name: 'color', type: 'select', options: ['red', 'blue & green'] },
];

interface Project {
  items: ExportItem[];
}

const coord = (max: number) => fc.double({ min: 0, max, noNaN: true });

function geometryArb(W: number, H: number): fc.Arbitrary<Geometry> {
  const pt = fc.tuple(coord(W), coord(H));
  const bbox = fc
    .record({ x: coord(W - 2), y: coord(H - 2), fw: fc.double({ min: 0.05, max: 1, noNaN: true }), fh: fc.double({ min: 0.05, max: 1, noNaN: true }) })
    .map(({ x, y, fw, fh }): Geometry => ({ type: 'bbox', bbox: [x, y, Math.max(0.5, (W - x) * fw), Math.max(0.5, (H - y) * fh)] }));
  const rotated = fc
    .record({ cx: fc.double({ min: W * 0.3, max: W * 0.7, noNaN: true }), cy: fc.double({ min: H * 0.3, max: H * 0.7, noNaN: true }), w: fc.double({ min: 1, max: Math.min(W, H) * 0.2, noNaN: true }), h: fc.double({ min: 1, max: Math.min(W, H) * 0.2, noNaN: true }), angle: fc.double({ min: -179, max: 179, noNaN: true }) })
    .map(({ cx, cy, w, h, angle }): Geometry => ({ type: 'rotated_bbox', cx, cy, width: w, height: h, angle }));
  const polygon = fc.array(pt, { minLength: 3, maxLength: 8 }).map((points): Geometry => ({ type: 'polygon', points }));
  const line = fc.tuple(pt, pt).map(([p1, p2]): Geometry => ({ type: 'line', p1, p2, width: 1 }));
  const polyline = fc.record({ points: fc.array(pt, { minLength: 3, maxLength: 6 }), closed: fc.boolean() }).map(({ points, closed }): Geometry => ({ type: 'polyline', points, width: 1, closed }));
  const circle = fc
    .record({ cx: fc.double({ min: W * 0.3, max: W * 0.7, noNaN: true }), cy: fc.double({ min: H * 0.3, max: H * 0.7, noNaN: true }), r: fc.double({ min: 1, max: Math.min(W, H) * 0.25, noNaN: true }) })
    .map(({ cx, cy, r }): Geometry => ({ type: 'circle', center: [cx, cy], radius: r, start_angle: 0, end_angle: 360 }));
  const points = fc.array(pt, { minLength: 1, maxLength: 4 }).map((p): Geometry => ({ type: 'points', points: p }));
  const mask = fc
    .record({ x: fc.integer({ min: 0, max: W - 1 }), y: fc.integer({ min: 0, max: H - 1 }), w: fc.integer({ min: 1, max: 12 }), h: fc.integer({ min: 1, max: 12 }), string: fc.boolean() })
    .map(({ x, y, w, h }): Geometry => {
      const bits = new Uint8Array(W * H);
      for (let yy = y; yy < Math.min(H, y + h); yy++) for (let xx = x; xx < Math.min(W, x + w); xx++) if ((xx + yy) % 3) bits[yy * W + xx] = 1;
      if (!bits.some(Boolean)) bits[y * W + x] = 1;
      return { type: 'mask', rle: maskToRle(bits, W, H) };
    });
  return fc.oneof(bbox, rotated, polygon, line, polyline, circle, points, mask);
}

function annotationArb(file: string, W: number, H: number): fc.Arbitrary<AnnotationRecord> {
  return fc.record({
    image: fc.constant(file),
    label: fc.constantFrom(...CLASSES.map((c) => c.name)),
    geometry: geometryArb(W, H),
    attributes: fc.record({ occluded: fc.constant(true), color: fc.constantFrom('red', 'blue & green') }, { requiredKeys: [] }),
    caption: fc.option(fc.constantFrom('a caption', 'with <xml> & "quotes"'), { nil: null }),
    confidence: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
    z_order: fc.integer({ min: 0, max: 3 }),
  });
}

const projectArb: fc.Arbitrary<Project> = fc
  .array(fc.record({ w: fc.integer({ min: 8, max: 300 }), h: fc.integer({ min: 8, max: 300 }) }), { minLength: 1, maxLength: 4 })
  .chain((sizes) =>
    fc.tuple(
      ...sizes.map(({ w, h }, i) => {
        const file = `photos/sub/img_${i}.jpg`;
        return fc.record({
          image: fc.record({
            file: fc.constant(file),
            width: fc.constant(w),
            height: fc.constant(h),
            classes: fc.subarray(CLASSES.map((c) => c.name)),
            captions: fc.array(fc.record({ text: fc.constantFrom('a photo', 'two <cats>'), source: fc.constant('human') }), { maxLength: 2 }),
          }) as fc.Arbitrary<ImageRecord>,
          annotations: fc.array(annotationArb(file, w, h), { maxLength: 6 }),
          source: fc.constant(`src-${i}`),
        });
      }),
    ),
  )
  .map((items) => ({ items }));

/** Writes the items in a format and reads them back, mapped to the original image files and the schema. */
function roundTrip(variant: Variant, items: readonly ExportItem[]): { items: ExportItem[]; rejected: unknown[] } {
  const report = new ReportCollector();
  const header = { classes: CLASSES, attributes: SCHEMA, meta: {}, keypoints: cocoKeypointNames(items.flatMap((i) => i.annotations)) };
  const sink = createSink(variant.format, header, { withImages: true, yoloTask: variant.yoloTask, name: 'test', total: items.length }, report);
  const files = writeToMemory(sink, items);
  const sizes = new Map<string, { width: number; height: number }>();
  for (const [path, text] of files) {
    const m = /^<image (.*)>$/.exec(text);
    const item = m && items.find((i) => i.source === m[1]);
    if (item) sizes.set(path, { width: item.image.width!, height: item.image.height! });
  }
  for (const path of sizes.keys()) files.delete(path);
  const read = readDataset(variant.format, memorySource(files, sizes), { yoloTask: variant.yoloTask });
  const mapping = mapAttributes(SCHEMA, read.dataset.attributes, read.dataset.annotations.map((a) => a.attributes));
  const back = items.map((item) => {
    const parsed = read.dataset.images.find((i) => basename(i.file) === basename(item.image.file));
    return {
      source: item.source,
      image: { ...item.image, classes: parsed?.classes ?? [], captions: parsed?.captions ?? [] },
      annotations: read.dataset.annotations
        .filter((a) => parsed && a.image === parsed.file)
        .map((a) => {
          const attrs = mapping.map(a.attributes);
          if (!attrs.ok) throw new Error(attrs.reason);
          return { ...a, image: item.image.file, attributes: attrs.value };
        }),
    };
  });
  return { items: back, rejected: read.rejected };
}

/** Shape as point lists, independent of type: what "the same geometry" means across formats. */
function canonical(g: Geometry, W: number, H: number): number[][] {
  switch (g.type) {
    case 'bbox':
      return [[g.bbox[0], g.bbox[1], g.bbox[0] + g.bbox[2], g.bbox[1], g.bbox[0] + g.bbox[2], g.bbox[1] + g.bbox[3], g.bbox[0], g.bbox[1] + g.bbox[3]]];
    case 'rotated_bbox':
      return [rotatedCorners(g).flat()];
    case 'polygon':
    case 'polyline':
      return [g.points.flat()];
    case 'line':
      return [[...g.p1, ...g.p2]];
    case 'points':
      return g.points.map((p) => [...p]);
    case 'circle':
      return [[...g.center, g.radius]];
    case 'mask':
      return [Array.from(rleToMask(g.rle)).map((v, i) => (v ? i : -1)).filter((i) => i >= 0), [W, H]];
  }
}

/** Whether the format keeps this geometry exactly (native, or converted without loss). */
function survives(v: Variant, g: Geometry): boolean {
  const handling = capabilities(v.format, { yoloTask: v.yoloTask }).geometry[g.type];
  if (handling.kind === 'drop' || (handling.kind === 'convert' && !handling.exact)) return false;
  if (g.type === 'polyline' && handling.kind === 'convert' && /closed/.test(handling.to)) return g.closed;
  return true;
}

const close = (a: number[], b: number[], tol: number) => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= tol);

/** Pairs each surviving original shape with a read-back shape of the same label and geometry. */
function pairUp(original: ExportItem, back: ExportItem, keep: (a: AnnotationRecord) => boolean, caps?: FormatCapabilities): [AnnotationRecord, AnnotationRecord][] {
  const W = original.image.width!;
  const H = original.image.height!;
  const tol = 1e-6 * Math.max(W, H);
  const expand = (list: readonly AnnotationRecord[]) => list.flatMap((a) => canonical(a.geometry, W, H).length > 1 && a.geometry.type === 'points' ? canonical(a.geometry, W, H).map((c) => ({ a, c: [c] })) : [{ a, c: canonical(a.geometry, W, H) }]);
  const wanted = expand(original.annotations.filter(keep));
  const got = expand(back.annotations);
  const pairs: [AnnotationRecord, AnnotationRecord][] = [];
  for (const w of wanted) {
    const same = (g: (typeof got)[number]) => g.a.label === w.a.label && g.c.length === w.c.length && g.c.every((part, k) => close(part, w.c[k], tol));
    // Identical shapes can come back in any order; prefer the twin with the same caption and score.
    const fields = (a: AnnotationRecord) =>
      caps ? JSON.stringify([caps.annotationCaptions && (a.caption ?? null), caps.confidence && (a.confidence ?? null), caps.zOrder && (a.z_order ?? 0), caps.attributes && Object.entries(a.attributes ?? {}).sort()]) : '';
    const twin = got.findIndex((g) => same(g) && fields(g.a) === fields(w.a));
    const i = twin >= 0 ? twin : got.findIndex(same);
    expect(i, `${w.a.geometry.type} ${JSON.stringify(w.c).slice(0, 200)} not found among ${JSON.stringify(got.map((g) => [g.a.label, g.c])).slice(0, 600)}`).toBeGreaterThanOrEqual(0);
    pairs.push([w.a, got[i].a]);
    got.splice(i, 1);
  }
  return pairs;
}

describe('format round trips (property)', () => {
  for (const variant of VARIANTS) {
    it(`${name(variant)}: keeps every shape and field its capability table promises`, () => {
      const caps = capabilities(variant.format, { yoloTask: variant.yoloTask });
      fc.assert(
        fc.property(projectArb, ({ items }) => {
          const back = roundTrip(variant, items);
          expect(JSON.stringify(back.rejected)).toBe('[]');
          items.forEach((item, k) => {
            const result = back.items[k];
            for (const [a, b] of pairUp(item, result, (a) => survives(variant, a.geometry), caps)) {
              if (caps.attributes) expect(b.attributes).toEqual(a.attributes);
              if (caps.annotationCaptions) expect(b.caption ?? null).toBe(a.caption ?? null);
              if (caps.confidence && a.geometry.type !== 'points') expect(b.confidence ?? null).toBe(a.confidence ?? null);
              if (caps.zOrder) expect(b.z_order ?? 0).toBe(a.z_order ?? 0);
            }
            if (caps.imageClasses) expect([...(result.image.classes ?? [])].sort()).toEqual([...(item.image.classes ?? [])].sort());
            if (caps.imageCaptions) expect((result.image.captions ?? []).map((c) => c.text)).toEqual((item.image.captions ?? []).map((c) => c.text));
          });
        }),
        { numRuns: 25 },
      );
    });
  }

  it('every format through every other keeps the shapes both hold', () => {
    fc.assert(
      fc.property(projectArb, fc.constantFrom(...VARIANTS), fc.constantFrom(...VARIANTS), ({ items }, a, b) => {
        const once = roundTrip(a, items);
        const twice = roundTrip(b, once.items);
        expect(JSON.stringify([...once.rejected, ...twice.rejected])).toBe('[]');
        items.forEach((item, k) => {
          // A shape counts when format a keeps it and format b keeps what a turned it into.
          const kept = new Set(pairUp(item, once.items[k], (x) => survives(a, x.geometry)).filter(([, after]) => survives(b, after.geometry)).map(([x]) => x));
          pairUp(item, twice.items[k], (x) => kept.has(x));
        });
      }),
      { numRuns: 150 },
    );
  });
});
