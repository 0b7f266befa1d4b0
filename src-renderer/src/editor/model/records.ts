import type { Annotation, AnnotationInput, AnnotationPatch, Image } from '../../../../src-shared/contract/entities';
import type { Geometry } from '../../../../src-shared/geometry/schemas';

/**
 * One annotation as the editor holds it. `key` is its identity for the whole session: the server
 * id for annotations loaded from the store, a local key for new ones until (and after) their
 * create lands, so undo and redo never depend on ids the store hands out later.
 */
export interface ShapeRecord {
  readonly key: string;
  readonly class_id: number | null;
  readonly geometry: Geometry;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly caption: string | null;
  readonly z_order: number;
  readonly source: Annotation['source'];
  readonly confidence: number | null;
}

/** Image-level labels (the Labeler API's `image_annotations`). */
export type ImageLevel = Image['image_annotations'];

export function recordFromAnnotation(a: Annotation, key: string): ShapeRecord {
  return { key, class_id: a.class_id, geometry: a.geometry, attributes: a.attributes, caption: a.caption, z_order: a.z_order, source: a.source, confidence: a.confidence };
}

export function createInput(r: ShapeRecord, imageId: string): AnnotationInput {
  return {
    image_id: imageId,
    annotation_type: r.geometry.type,
    class_id: r.class_id,
    geometry: r.geometry,
    attributes: { ...r.attributes },
    caption: r.caption,
    confidence: r.confidence,
    source: r.source,
    z_order: r.z_order,
  };
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** The fields that differ between two versions of a record, as an update patch (empty when equal). */
export function patchBetween(from: ShapeRecord, to: ShapeRecord): AnnotationPatch {
  const patch: AnnotationPatch = {};
  if (from.class_id !== to.class_id) patch.class_id = to.class_id;
  if (!same(from.geometry, to.geometry)) patch.geometry = to.geometry;
  if (!same(from.attributes, to.attributes)) patch.attributes = { ...to.attributes };
  if (from.caption !== to.caption) patch.caption = to.caption;
  if (from.z_order !== to.z_order) patch.z_order = to.z_order;
  if (from.confidence !== to.confidence) patch.confidence = to.confidence;
  return patch;
}

export const sameContent = (a: ShapeRecord, b: ShapeRecord): boolean => Object.keys(patchBetween(a, b)).length === 0;

/** Records in drawing order: by z_order, ties kept in the order given (the store's created order). */
export function sortByZ(records: ShapeRecord[]): ShapeRecord[] {
  return records
    .map((r, i) => [r, i] as const)
    .sort((a, b) => a[0].z_order - b[0].z_order || a[1] - b[1])
    .map(([r]) => r);
}
