import Database from 'better-sqlite3';
import type { Project } from '../../../src-shared/contract/entities';
import { AppError } from '../../../src-shared/contract/errors';
import type { ExportStats } from '../../../src-shared/formats/capabilities';
import type { AnnotationRecord, ClassRecord, ImageRecord } from '../../../src-shared/formats/model';
import type { SplitItem } from '../../../src-shared/formats/split';
import type { AnnotationType, Geometry } from '../../../src-shared/geometry/schemas';

/**
 * The export side reads a project through its own read-only connection inside one read
 * transaction: a consistent view (WAL snapshot isolation) however long the export runs, while the
 * app keeps writing through the main connection. It reads either the live tables or a snapshot's
 * copies. Pages are fetched by key (filename, id), so no statement stays open between batches.
 */

export interface ExportImage {
  id: string;
  path: string;
  record: ImageRecord;
  /** Raw annotation rows; `annotationsOf` parses them when the image is written, so parsed shapes die young. */
  rows: unknown[][];
}

interface Tables {
  images: string;
  /** Every column of the annotations being exported (for counts and the split). */
  rows: string;
  /** The few columns a page of annotations is read with (see BATCH_COLUMNS). */
  batch: string;
}

/**
 * Columns of a page, in the order `toAnnotation` reads them: source as a small number and the
 * rarely set fields folded into one JSON value that is NULL for a plain shape, so the million rows
 * of a large export allocate little beyond their geometry text.
 */
const BATCH_COLUMNS = `a.image_id, a.class_id, a.geometry,
  CASE a.source WHEN 'human' THEN 0 WHEN 'import' THEN 1 WHEN 'model' THEN 2 WHEN 'sam' THEN 3 END,
  CASE WHEN a.attributes = '{}' AND a.caption IS NULL AND a.confidence IS NULL AND a.z_order = 0 THEN NULL
    ELSE json_array(json(a.attributes), a.caption, a.confidence, a.z_order) END`;
const SOURCES: AnnotationRecord['source'][] = ['human', 'import', 'model', 'sam'];

function tables(snapshotId: string | null): Tables {
  if (!snapshotId) {
    return {
      images: `SELECT i.id, i.filename, i.path, i.width, i.height, i.image_annotations FROM images i WHERE i.project_id = @project AND i.deleted_at IS NULL`,
      rows: 'SELECT * FROM annotations a WHERE a.deleted_at IS NULL AND a.project_id = @project',
      batch: `SELECT ${BATCH_COLUMNS} FROM annotations a WHERE a.deleted_at IS NULL`,
    };
  }
  return {
    images: `SELECT i.id, i.filename, i.path, i.width, i.height, s.image_annotations FROM snapshot_images s JOIN images i ON i.id = s.image_id WHERE s.snapshot_id = @snapshot`,
    rows: 'SELECT * FROM snapshot_annotations a WHERE a.snapshot_id = @snapshot',
    batch: `SELECT ${BATCH_COLUMNS} FROM snapshot_annotations a WHERE a.snapshot_id = @snapshot`,
  };
}

/** Shared by every annotation without attributes (most of them), so a large export allocates none. */
const NO_ATTRIBUTES: Record<string, unknown> = Object.freeze({});
/** The stored form of an image with no image-level classes or captions (the column default). */
const UNLABELLED = '{"classes":[],"captions":[]}';

/**
 * An annotation as read for export. Its geometry is parsed on first use: the COCO writer copies
 * boxes and polygons from `geometryJson` and never needs the parsed form.
 */
class StoredAnnotation implements AnnotationRecord {
  private parsed: Geometry | undefined;
  constructor(
    public image: string,
    public label: string | null,
    public geometryJson: string,
    public attributes: Record<string, unknown>,
    public caption: string | null,
    public confidence: number | null,
    public source: AnnotationRecord['source'],
    public z_order: number,
  ) {}
  get geometry(): Geometry {
    return (this.parsed ??= JSON.parse(this.geometryJson) as Geometry);
  }
}

type ImageRow = { id: string; filename: string; path: string; width: number; height: number; image_annotations: string };

export interface ProjectReader {
  project: Project;
  header: { classes: ClassRecord[]; attributes: Project['attributes']; meta: Record<string, unknown> };
  stats(): ExportStats;
  /** Annotations by type (an index-only count). */
  typeCounts(): Partial<Record<AnnotationType, number>>;
  imageCount(): number;
  splitItems(): SplitItem[];
  keypointAnnotations(): Iterable<Pick<AnnotationRecord, 'label' | 'geometry'>>;
  /** Id and filename of every image, without annotations. */
  imageNames(): Iterable<{ id: string; filename: string }>;
  batches(size: number): Generator<ExportImage[]>;
  annotationsOf(image: ExportImage): AnnotationRecord[];
  close(): void;
}

export function openProjectReader(file: string, projectId: string, snapshotId: string | null): ProjectReader {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.exec('BEGIN');
  try {
    const row = db.prepare('SELECT * FROM projects WHERE id = ? AND deleted_at IS NULL').get(projectId) as Record<string, string> | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No project with id ${projectId}. List projects to see the ids that exist.`);
    let classesJson = row.classes;
    let attributesJson = row.attributes;
    if (snapshotId) {
      const snap = db.prepare('SELECT classes, attributes FROM snapshots WHERE id = ? AND project_id = ?').get(snapshotId, projectId) as { classes: string; attributes: string } | undefined;
      if (!snap) throw new AppError('NOT_FOUND', `No snapshot ${snapshotId} in this project. List its snapshots to see the ids.`);
      classesJson = snap.classes;
      attributesJson = snap.attributes;
    }
    const project = { ...row, classes: JSON.parse(classesJson), attributes: JSON.parse(attributesJson), task_types: JSON.parse(row.task_types), task_config: JSON.parse(row.task_config) } as unknown as Project;
    return makeReader(db, project, snapshotId);
  } catch (error) {
    db.close();
    throw error;
  }
}

function makeReader(db: Database.Database, project: Project, snapshotId: string | null): ProjectReader {
  const t = tables(snapshotId);
  const params = { project: project.id, snapshot: snapshotId };
  const names = new Map(project.classes.map((c) => [c.id, c.name]));
  const parentName = (id: number | null) => (id === null ? null : names.get(id) ?? null);
  const classes: ClassRecord[] = project.classes.map((c) => ({ id: c.id, name: c.name, color: c.color, parent: parentName(c.parent_id) }));
  const page = db.prepare(`${t.images} AND (i.filename > @after OR (i.filename = @after AND i.id > @afterId)) ORDER BY i.filename, i.id LIMIT @limit`);
  const annotationsOf = db.prepare(`${t.batch} AND a.image_id IN (SELECT value FROM json_each(@ids)) ORDER BY a.image_id, a.z_order, a.created_at, a.id`).raw();
  const typeCounts = (): Partial<Record<AnnotationType, number>> => {
    const out: Partial<Record<AnnotationType, number>> = {};
    const sql = snapshotId
      ? 'SELECT annotation_type AS k, COUNT(*) AS n FROM snapshot_annotations WHERE snapshot_id = @snapshot GROUP BY 1'
      : 'SELECT annotation_type AS k, COUNT(*) AS n FROM annotations WHERE project_id = @project AND deleted_at IS NULL GROUP BY 1';
    for (const { k, n } of db.prepare(sql).all(params) as { k: AnnotationType; n: number }[]) out[k] = n;
    return out;
  };
  const labelOf = (classId: number | null) => (classId === null ? null : names.get(classId) ?? `class_${classId}`);

  const toAnnotation = (r: unknown[], image: string): AnnotationRecord => {
    const extra = r[4] === null ? null : (JSON.parse(r[4] as string) as [Record<string, unknown>, string | null, number | null, number]);
    return new StoredAnnotation(image, labelOf(r[1] as number | null), r[2] as string, extra ? extra[0] : NO_ATTRIBUTES, extra ? extra[1] : null, extra ? extra[2] : null, SOURCES[r[3] as number] ?? 'human', extra ? extra[3] : 0);
  };

  return {
    project,
    header: { classes, attributes: project.attributes, meta: { coco: (project.task_config as Record<string, unknown>).coco } },
    stats() {
      // One pass over the project's annotations; for a project that is most of the table a plain
      // scan beats walking the project index and fetching every row by id.
      const mine = typeCounts();
      const count = Object.values(mine).reduce((a, b) => a + (b ?? 0), 0);
      const total = snapshotId ? count : (db.prepare('SELECT COUNT(*) FROM annotations').pluck().get() as number);
      const scan = !snapshotId && count > total / 4 ? 'annotations a NOT INDEXED WHERE a.deleted_at IS NULL AND a.project_id = @project' : `(${t.rows}) a`;
      const has = (k: string) => `instr(a.geometry, '"${k}"') > 0`;
      const row = db
        .prepare(
          `SELECT SUM(a.attributes <> '{}') AS withAttributes, SUM(a.caption IS NOT NULL AND a.caption <> '') AS withCaption, SUM(a.confidence IS NOT NULL) AS withConfidence,
             SUM(a.z_order <> 0) AS nonZeroZOrder, SUM(a.class_id IS NULL) AS unlabeled,
             SUM(a.annotation_type = 'polygon' AND ${has('holes')} AND json_array_length(a.geometry, '$.holes') > 0) AS polygonsWithHoles,
             SUM(a.annotation_type = 'polyline' AND NOT (json_extract(a.geometry, '$.closed') = 1 AND json_array_length(a.geometry, '$.points') >= 3)) AS openPolylines,
             SUM(a.annotation_type = 'circle' AND abs(json_extract(a.geometry, '$.end_angle') - json_extract(a.geometry, '$.start_angle')) < 360) AS arcs
           FROM ${scan}`,
        )
        .get(params) as Record<string, number | null>;
      const images = db
        .prepare(
          `SELECT COUNT(*) AS images, SUM(json_array_length(i.image_annotations, '$.classes') > 0) AS withClasses, SUM(json_array_length(i.image_annotations, '$.captions') > 0) AS withCaptions,
             SUM(json_array_length(i.image_annotations, '$.classes') > 1) AS several FROM (${t.images}) i`,
        )
        .get(params) as Record<string, number | null>;
      const n = (v: number | null | undefined) => v ?? 0;
      return {
        images: n(images.images),
        annotations: count,
        byType: mine,
        withAttributes: n(row.withAttributes),
        withCaption: n(row.withCaption),
        withConfidence: n(row.withConfidence),
        nonZeroZOrder: n(row.nonZeroZOrder),
        unlabeled: n(row.unlabeled),
        polygonsWithHoles: n(row.polygonsWithHoles),
        openPolylines: n(row.openPolylines),
        arcs: n(row.arcs),
        imagesWithClasses: n(images.withClasses),
        imagesWithCaptions: n(images.withCaptions),
        imagesWithSeveralClasses: n(images.several),
      };
    },
    typeCounts,
    imageCount: () => db.prepare(`SELECT COUNT(*) FROM (${t.images}) i`).pluck().get(params) as number,
    splitItems() {
      const rows = db.prepare(`SELECT i.id, (SELECT json_group_array(DISTINCT a.class_id) FROM (${t.rows}) a WHERE a.image_id = i.id AND a.class_id IS NOT NULL) AS classes, json_extract(i.image_annotations, '$.classes') AS image_classes FROM (${t.images}) i`).all(params) as { id: string; classes: string; image_classes: string | null }[];
      return rows.map((r) => ({ id: r.id, classes: [...new Set([...(JSON.parse(r.classes) as number[]), ...(r.image_classes ? (JSON.parse(r.image_classes) as number[]) : [])])] }));
    },
    *keypointAnnotations() {
      for (const r of db.prepare(`SELECT a.class_id, a.geometry FROM (${t.rows}) a WHERE a.annotation_type = 'points'`).iterate(params) as Iterable<{ class_id: number | null; geometry: string }>) {
        yield { label: labelOf(r.class_id), geometry: JSON.parse(r.geometry) };
      }
    },
    annotationsOf: (image) => image.rows.map((r) => toAnnotation(r, image.record.file)),
    imageNames() {
      return db.prepare(`SELECT i.id, i.filename FROM (${t.images}) i`).iterate(params) as Iterable<{ id: string; filename: string }>;
    },
    *batches(size) {
      let after = '';
      let afterId = '';
      for (;;) {
        const rows = page.all({ ...params, after, afterId, limit: size }) as ImageRow[];
        if (!rows.length) return;
        const byImage = new Map<string, unknown[][]>();
        for (const r of annotationsOf.all({ ...params, ids: JSON.stringify(rows.map((i) => i.id)) }) as unknown[][]) {
          const list = byImage.get(r[0] as string);
          if (list) list.push(r);
          else byImage.set(r[0] as string, [r]);
        }
        yield rows.map((r) => {
          const record: ImageRecord = { file: r.filename, width: r.width, height: r.height };
          if (r.image_annotations !== UNLABELLED) {
            const labels = JSON.parse(r.image_annotations) as { classes: number[]; captions: { text: string; source: string; confidence?: number }[] };
            record.classes = labels.classes.map((c) => names.get(c)).filter((n): n is string => !!n);
            record.captions = labels.captions;
          }
          return { id: r.id, path: r.path, record, rows: byImage.get(r.id) ?? [] };
        });
        after = rows[rows.length - 1].filename;
        afterId = rows[rows.length - 1].id;
      }
    },
    close() {
      try {
        db.exec('COMMIT');
      } finally {
        db.close();
      }
    },
  };
}
