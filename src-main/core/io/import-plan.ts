import type { Image, LabelClass, Project } from '../../../src-shared/contract/entities';
import { validateGeometry } from '../../../src-shared/geometry/validate';
import { mapAttributes, type AttributeMapping } from '../../../src-shared/formats/attribute-mapping';
import { mapClasses, type ClassMapping } from '../../../src-shared/formats/class-mapping';
import type { Dataset } from '../../../src-shared/formats/model';
import { ReportCollector } from '../../../src-shared/formats/report';
import type { NewAnnotation } from '../store/annotations';
import type { ResolvedImage } from './resolve-images';

/**
 * Turns a parsed dataset and its resolved images into exactly what the commit writes: the
 * project's new class list and attribute schema, the new image records, the annotation rows, and
 * image-level labels — with every record that cannot go in rejected (class, attributes, geometry
 * against the real image size), so the report is complete before anything is written.
 */

export interface ImportPlan {
  classes: LabelClass[];
  classesCreated: LabelClass[];
  attributes: Project['attributes'];
  attributesAdded: Project['attributes'];
  /** Dataset image file → its place: an existing image id, or an index into `newImages`. */
  newImages: Extract<ResolvedImage, { kind: 'new' }>['record'][];
  existingImages: Image[];
  /** Rows keyed by image: `image` is an existing image id, or `new:<index>`; the commit fills in `image_id`. */
  annotations: (NewAnnotation & { image: string })[];
  imageLabels: Map<string, ImageAnnotations>;
  missing: number;
  report: ReportCollector;
}

type Where = { file: string; position: string };
const hasKeys = (o: object) => {
  for (const _ in o) return true;
  return false;
};
type ImageAnnotations = Image['image_annotations'];

/** Where each dataset image lands: an existing image id, or `new:<index>` into the records to insert. */
function placeImages(dataset: Dataset, resolved: Map<string, ResolvedImage>) {
  const keyOf = new Map<string, string>();
  const sizeOf = new Map<string, { width: number; height: number }>();
  const newImages: ImportPlan['newImages'] = [];
  const existingImages: Image[] = [];
  const newByPath = new Map<string, number>();
  const existingIds = new Set<string>();
  let missing = 0;
  for (const img of dataset.images) {
    const r = resolved.get(img.file);
    if (!r || keyOf.has(img.file)) continue;
    if (r.kind === 'existing') {
      keyOf.set(img.file, r.image.id);
      if (!existingIds.has(r.image.id)) existingImages.push(r.image);
      existingIds.add(r.image.id);
      sizeOf.set(img.file, r.image);
      continue;
    }
    let index = newByPath.get(r.record.path);
    if (index === undefined) {
      index = newImages.push(r.record) - 1;
      newByPath.set(r.record.path, index);
      if (!r.facts) missing++;
    }
    keyOf.set(img.file, `new:${index}`);
    sizeOf.set(img.file, r.record);
  }
  return { keyOf, sizeOf, newImages, existingImages, missing };
}

type Placed = ReturnType<typeof placeImages>;

/** Annotation rows, each checked for its image, class, attributes, geometry and confidence. */
function annotationRows(dataset: Dataset, placed: Placed, classes: ClassMapping, attributes: AttributeMapping, report: ReportCollector): ImportPlan['annotations'] {
  const rows: ImportPlan['annotations'] = [];
  const imageFiles = new Set(dataset.images.map((i) => i.file));
  for (const a of dataset.annotations) {
    const image = placed.keyOf.get(a.image);
    if (!image) {
      report.reject(a.where, imageFiles.has(a.image) ? `its image ${a.image} could not be imported (see the image's own entry)` : `image ${a.image} is not part of the dataset`);
      continue;
    }
    const classId = a.label === null ? null : classes.idOf(a.label);
    if (classId === undefined) {
      report.reject(a.where, `class "${a.label}" could not be matched or created`);
      continue;
    }
    const mapped = attributes.map(a.attributes);
    if (!mapped.ok) {
      report.reject(a.where, mapped.reason);
      continue;
    }
    const problems = validateGeometry(a.geometry, placed.sizeOf.get(a.image)!);
    if (problems.length) {
      report.reject(a.where as Where, `${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}`);
      continue;
    }
    if (a.confidence !== null && a.confidence !== undefined && !(a.confidence >= 0 && a.confidence <= 1)) {
      report.reject(a.where, `confidence ${a.confidence} is not between 0 and 1`);
      continue;
    }
    rows.push({
      image,
      image_id: '',
      annotation_type: a.geometry.type,
      class_id: classId,
      geometry: a.geometry,
      attributes: hasKeys(mapped.value) ? mapped.value : undefined,
      caption: a.caption ?? null,
      confidence: a.confidence ?? null,
      source: a.source ?? 'import',
      z_order: a.z_order ?? 0,
    });
  }
  return rows;
}

/** Image-level classes (by id) and captions, merged per target image. */
function imageLabelsOf(dataset: Dataset, placed: Placed, classes: ClassMapping): Map<string, ImageAnnotations> {
  const labels = new Map<string, ImageAnnotations>();
  for (const img of dataset.images) {
    const key = placed.keyOf.get(img.file);
    if (!key || (!img.classes?.length && !img.captions?.length)) continue;
    const ids = (img.classes ?? []).map((c) => classes.idOf(c)).filter((id): id is number => id !== undefined);
    const current = labels.get(key) ?? { classes: [], captions: [] };
    labels.set(key, {
      classes: [...new Set([...current.classes, ...ids])],
      captions: [...current.captions, ...(img.captions ?? []).map((c) => ({ text: c.text, source: c.source, ...(c.confidence !== undefined ? { confidence: c.confidence } : {}) }))],
    });
  }
  return labels;
}

export function planImport(project: Project, dataset: Dataset, resolved: Map<string, ResolvedImage>): ImportPlan {
  const report = new ReportCollector();
  const used = new Set<string>();
  for (const a of dataset.annotations) if (a.label) used.add(a.label);
  for (const i of dataset.images) for (const c of i.classes ?? []) used.add(c);
  const classes = mapClasses(project.classes, dataset.classes, used);
  const attributes = mapAttributes(project.attributes, dataset.attributes, dataset.annotations.map((a) => a.attributes));
  const placed = placeImages(dataset, resolved);
  const rows = annotationRows(dataset, placed, classes, attributes, report);
  const imageLabels = imageLabelsOf(dataset, placed, classes);
  for (const e of attributes.extended) report.warn('attribute-options-added', 'select attributes got new options from the imported values', `${e.name}: ${e.options.join(', ')}`, e.options.length);
  return {
    classes: classes.classes,
    classesCreated: classes.created,
    attributes: attributes.schema,
    attributesAdded: attributes.added,
    newImages: placed.newImages,
    existingImages: placed.existingImages,
    annotations: rows,
    imageLabels,
    missing: placed.missing,
    report,
  };
}
