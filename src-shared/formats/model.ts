import type { AttributeDef } from '../contract/entities';
import type { Geometry } from '../geometry/schemas';

/**
 * The interchange model every format adapter speaks: parsers turn a format's files into these
 * records, writers turn them back into files. Records name classes by `label` (a class name) and
 * images by `file` (the path as the format names it), so no adapter ever sees store ids, and no
 * external shape (a COCO category, a CVAT `<box>`) leaks past its adapter.
 */

export const DATASET_FORMATS = ['coco', 'yolo', 'voc', 'labelme', 'cvat', 'labelstudio'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** Where a record came from, for reports: a file and a position inside it ("line 4", "annotations[12]"). */
export interface Where {
  file: string;
  position: string;
}

/** A record that could not be imported, and why. */
export interface Rejection extends Where {
  reason: string;
}

/** Something the user should know that did not stop the import or export, counted. */
export interface FormatWarning {
  code: string;
  message: string;
  count: number;
  /** A few examples (file names, record positions), at most 5. */
  examples: string[];
}

export interface Caption {
  text: string;
  source: string;
  confidence?: number;
}

/** A class as a format declares it. `id` is the format's own id when it has one (YOLO index, COCO category id − 1). */
export interface ClassRecord {
  name: string;
  id?: number | null;
  /** Name of the parent class (COCO supercategory). */
  parent?: string | null;
  color?: string | null;
}

export interface ImageRecord {
  /** Path of the image relative to the dataset root, forward slashes. */
  file: string;
  /** Size the format declares (null when it declares none, as in YOLO). */
  width: number | null;
  height: number | null;
  /** Image-level class names. */
  classes?: string[];
  captions?: Caption[];
  split?: string | null;
  /** Base64 image bytes embedded in the annotation file (LabelMe `imageData`). */
  embedded?: string | null;
}

export type AnnotationSource = 'human' | 'sam' | 'model' | 'import';

export interface AnnotationRecord {
  /** `ImageRecord.file` of the image it belongs to. */
  image: string;
  /** Class name, or null for an unlabelled shape. */
  label: string | null;
  geometry: Geometry;
  attributes?: Record<string, unknown>;
  caption?: string | null;
  confidence?: number | null;
  source?: AnnotationSource;
  z_order?: number;
  /**
   * The geometry exactly as stored (JSON), when the caller has it: writers may copy its numbers
   * instead of printing them again (the COCO writer does, for polygons — the costliest part of a
   * large export). It must describe the same geometry as `geometry`.
   */
  geometryJson?: string;
}

/** What a parser produces: records with their origin, plus what it could not read. */
export interface Dataset {
  classes: ClassRecord[];
  /** Attribute schema the format declares (CVAT label attributes); others infer it from values. */
  attributes: AttributeDef[];
  images: (ImageRecord & { where: Where })[];
  annotations: (AnnotationRecord & { where: Where })[];
  /** Format-level data worth keeping for a later export (COCO `info` and `licenses`). */
  meta: Record<string, unknown>;
}

export interface ParseOutcome {
  dataset: Dataset;
  rejected: Rejection[];
  warnings: FormatWarning[];
}

export function emptyDataset(): Dataset {
  return { classes: [], attributes: [], images: [], annotations: [], meta: {} };
}

/** What an exporter hands a writer: the project's classes and attribute schema. */
export interface ExportHeader {
  classes: ClassRecord[];
  attributes: AttributeDef[];
  meta: Record<string, unknown>;
}

/** A read-only view of a dataset's files that parsers use (core implements it over a folder). */
export interface FileSource {
  /** Every file, relative to the root, forward slashes, sorted. */
  list(): readonly string[];
  /** The text of a file, or null when it is absent or unreadable. */
  text(path: string): string | null;
  /** The first few kilobytes of a file's text (for sniffing its format without reading it all). */
  head?(path: string): string | null;
  /** Why `text(path)` returned null (too large, unreadable), when the source knows. */
  problem?(path: string): string | null;
  /** Pixel size of an image file, when the caller knows it (YOLO needs it to de-normalise). */
  imageSize?(path: string): { width: number; height: number } | null;
}
