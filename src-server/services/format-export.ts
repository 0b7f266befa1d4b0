import { randomUUID } from 'node:crypto';
import { createOutput } from '../../src-main/core/io/output';
import type { LabelClass } from '../../src-shared/contract/entities';
import type { Geometry } from '../../src-shared/geometry/schemas';
import { chooseYoloTask } from '../../src-shared/formats/capabilities';
import type { AnnotationRecord, ClassRecord, DatasetFormat, ImageRecord } from '../../src-shared/formats/model';
import { ReportCollector } from '../../src-shared/formats/report';
import { createSink } from '../../src-shared/formats/sinks';
import { assignSplits } from '../../src-shared/formats/split';
import type { ExportWriter, ExportWriters } from './exports';

/** The API's format names → the shared format writers' names. */
const FORMATS = { coco: 'coco', yolo: 'yolo', pascal_voc: 'voc' } as const satisfies Record<string, DatasetFormat>;
const SPLIT_SEED = 20250113;

/**
 * A zip export through the workstation's format writers (src-shared/formats) and its export
 * output (src-main/core/io/output: staged, then zipped): the server feeds the writers the
 * project's records image by image, and adds an `export_report.json` listing every shape a format
 * had to convert or leave out.
 */
function sinkWriter(format: DatasetFormat): ExportWriter {
  return async ({ data, options, imageFile, outFile }) => {
    const { project, images, annotations } = data;
    const classById = new Map<number, LabelClass>(project.classes.map((c) => [c.id, c]));
    const classes: ClassRecord[] = project.classes.map((c) => ({ name: c.name, id: c.id, color: c.color, parent: c.parent_id === null ? null : (classById.get(c.parent_id)?.name ?? null) }));
    const byImage = new Map<string, AnnotationRecord[]>();
    const byType: Record<string, number> = {};
    for (const a of annotations) {
      const { area: _area, ...geometry } = a.geometry as Geometry & { area?: number };
      byType[a.annotation_type] = (byType[a.annotation_type] ?? 0) + 1;
      const list = byImage.get(a.image_id) ?? [];
      list.push({ image: a.image_filename, label: a.class_id === null ? null : (classById.get(a.class_id)?.name ?? null), geometry: geometry as Geometry, attributes: a.attributes, caption: a.caption, confidence: a.confidence, source: a.source, z_order: a.z_order });
      byImage.set(a.image_id, list);
    }
    const splits = options.split ? assignSplits(images.map((i) => ({ id: i.id, classes: [] })), { train: options.split.train, val: options.split.val, test: options.split.test }, SPLIT_SEED) : null;
    const report = new ReportCollector();
    const imagesWithClasses = images.filter((i) => i.image_annotations.classes.length).length;
    const sink = createSink(format, { classes, attributes: project.attributes, meta: {} }, { withImages: options.include_images, yoloTask: format === 'yolo' ? chooseYoloTask({ byType, imagesWithClasses, annotations: annotations.length }) : undefined, name: project.name, total: images.length }, report);

    const files = new Map(images.map((i) => [i.id, imageFile(i)]));
    const output = createOutput(outFile, { zip: true, overwrite: true, jobId: randomUUID(), imagePath: (id) => files.get(id) ?? null }, report);
    try {
      await output.apply(sink.begin());
      for (const image of images) {
        const record: ImageRecord = {
          file: image.filename,
          width: image.width,
          height: image.height,
          classes: image.image_annotations.classes.map((id) => classById.get(id)?.name).filter((n): n is string => Boolean(n)),
          captions: image.image_annotations.captions,
          split: splits?.get(image.id) ?? null,
        };
        await output.apply(sink.add({ image: record, annotations: byImage.get(image.id) ?? [], source: image.id }));
      }
      await output.apply(sink.end());
      await output.apply([{ kind: 'text', path: 'export_report.json', text: JSON.stringify({ format, rejected: report.rejected, warnings: report.warnings }, null, 2) }]);
      await output.finish();
    } catch (error) {
      await output.abort();
      throw error;
    }
    return { mime: 'application/zip', ext: 'zip' };
  };
}

/** coco, yolo and pascal_voc through the shared format writers. */
export function formatWriters(): ExportWriters {
  return { coco: sinkWriter(FORMATS.coco), yolo: sinkWriter(FORMATS.yolo), pascal_voc: sinkWriter(FORMATS.pascal_voc) };
}
