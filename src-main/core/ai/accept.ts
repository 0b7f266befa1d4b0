import type { ProcedureArgs } from '../../../src-shared/contract/procedures';
import { AppError } from '../../../src-shared/contract/errors';
import { polygonArea } from '../../../src-shared/geometry/validate';
import type { SegmentResult } from './types';

type AnnotationInput = ProcedureArgs<'createAnnotation'>;

export interface AcceptOptions {
  as: 'polygon' | 'mask';
  /** Polygons: one annotation per part, or only the largest part (one object per box). */
  components: 'all' | 'largest';
  class_id: number | null;
  z_order?: number;
}

/**
 * The annotations a SAM result becomes: polygon(s) with holes, or one COCO RLE mask; always with
 * source "sam" and the model's score as confidence. An empty mask stores nothing.
 */
export function resultToAnnotations(result: Pick<SegmentResult, 'polygons' | 'rle' | 'score' | 'area'>, imageId: string, options: AcceptOptions): AnnotationInput[] {
  if (result.area === 0 || (options.as === 'polygon' && !result.polygons.length)) {
    throw new AppError('VALIDATION_ERROR', 'The mask is empty, so there is nothing to store. Click inside the object or draw a box around it.');
  }
  const base = {
    image_id: imageId,
    class_id: options.class_id,
    attributes: {},
    caption: null,
    confidence: Math.min(1, Math.max(0, result.score)),
    source: 'sam' as const,
    z_order: options.z_order ?? 0,
  };
  if (options.as === 'mask') return [{ ...base, annotation_type: 'mask', geometry: { type: 'mask', rle: result.rle } }];
  const polygons = options.components === 'largest' ? [...result.polygons].sort((a, b) => polygonArea(b.points) - polygonArea(a.points)).slice(0, 1) : result.polygons;
  return polygons.map((p) => ({
    ...base,
    annotation_type: 'polygon' as const,
    geometry: { type: 'polygon' as const, points: p.points, ...(p.holes?.length ? { holes: p.holes } : {}) },
  }));
}
