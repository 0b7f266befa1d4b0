import { z } from 'zod';

/**
 * Annotation geometry in the Labeler API's shapes, in image pixel coordinates.
 * One schema per annotation type; `annotationSchema` picks by `annotation_type`.
 */
const coord = z.number().finite();
const length = z.number().finite().nonnegative();
export const pointSchema = z.tuple([coord, coord]);

export const bboxGeometry = z.object({
  type: z.literal('bbox'),
  bbox: z.tuple([coord, coord, length, length]),
});

export const rotatedBboxGeometry = z.object({
  type: z.literal('rotated_bbox'),
  cx: coord,
  cy: coord,
  width: length,
  height: length,
  angle: coord,
});

export const polygonGeometry = z.object({
  type: z.literal('polygon'),
  points: z.array(pointSchema).min(3, 'a polygon needs at least 3 points'),
  /** Inner rings (holes), each at least 3 points. */
  holes: z.array(z.array(pointSchema).min(3)).optional(),
});

export const lineGeometry = z.object({
  type: z.literal('line'),
  p1: pointSchema,
  p2: pointSchema,
  width: length.default(1),
});

export const polylineGeometry = z.object({
  type: z.literal('polyline'),
  points: z.array(pointSchema).min(2, 'a polyline needs at least 2 points'),
  width: length.default(1),
  closed: z.boolean().default(false),
});

export const circleGeometry = z.object({
  type: z.literal('circle'),
  center: pointSchema,
  radius: z.number().finite().positive(),
  start_angle: coord.default(0),
  end_angle: coord.default(360),
});

export const pointsGeometry = z.object({
  type: z.literal('points'),
  points: z.array(pointSchema).min(1, 'at least one point'),
  /** Optional per-point labels (keypoint names) and visibility, same length as points. */
  labels: z.array(z.string()).optional(),
  visible: z.array(z.boolean()).optional(),
});

/** COCO RLE: `counts` as the compressed string or the uncompressed run lengths; `size` is [height, width]. */
export const maskGeometry = z.object({
  type: z.literal('mask'),
  rle: z.object({
    size: z.tuple([z.number().int().positive(), z.number().int().positive()]),
    counts: z.union([z.string(), z.array(z.number().int().nonnegative())]),
  }),
});

export const geometrySchema = z.discriminatedUnion('type', [
  bboxGeometry,
  rotatedBboxGeometry,
  polygonGeometry,
  lineGeometry,
  polylineGeometry,
  circleGeometry,
  pointsGeometry,
  maskGeometry,
]);

export type Geometry = z.infer<typeof geometrySchema>;
export type AnnotationType = Geometry['type'];
export const ANNOTATION_TYPES = [
  'bbox',
  'rotated_bbox',
  'polygon',
  'line',
  'polyline',
  'circle',
  'points',
  'mask',
] as const satisfies readonly AnnotationType[];
export type Point = z.infer<typeof pointSchema>;
