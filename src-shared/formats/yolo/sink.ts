import type { ReportCollector } from '../report';
import { basename } from '../report';
import { exportRelative, type ExportItem, type FormatSink, type Output, type SinkHeader, type SinkOptions } from '../sink';
import { splitOf, yoloPaths } from './layout';
import { yoloDataYaml, yoloLabelText, yoloNames } from './write';

/**
 * YOLO layout: `images/<split>/…`, `labels/<split>/….txt` (no file for an image without labels,
 * as Ultralytics reads a missing file as background) and `data.yaml`; classification writes
 * `<split>/<class>/<image>` folders, which only make sense with the images.
 */
export function yoloSink(header: SinkHeader, options: SinkOptions, report: ReportCollector): FormatSink {
  const task = options.yoloTask ?? 'detect';
  const names = yoloNames(header.classes, report);
  const index = new Map(header.classes.map((c) => [c.name, c.id ?? 0]));
  const splits = new Set<string>();
  return {
    begin: () => [],
    add(item: ExportItem): Output[] {
      const split = item.image.split ?? null;
      if (split) splits.add(split);
      const rel = exportRelative(item.image.file, split);
      if (task === 'classify') {
        const [first, ...rest] = item.image.classes ?? [];
        if (!first) {
          report.warn('classify-no-class', 'images without an image-level class were left out of the classification folders', item.image.file);
          return [];
        }
        if (rest.length) report.warn('classify-several', 'images with several image-level classes were filed under the first', item.image.file);
        return options.withImages ? [{ kind: 'image', path: `${split ?? 'train'}/${first}/${basename(rel)}`, source: item.source }] : [];
      }
      const paths = yoloPaths(rel, split);
      const out: Output[] = [];
      const text = yoloLabelText(item.image, item.annotations, task, (label) => index.get(label), report);
      if (text) out.push({ kind: 'text', path: paths.label, text });
      if (item.image.classes?.length) report.warn('image-classes-dropped', 'image-level classes cannot be written to YOLO label files');
      if (item.image.captions?.length) report.warn('image-captions-dropped', 'image captions cannot be written to YOLO');
      if (options.withImages) out.push({ kind: 'image', path: paths.image, source: item.source });
      return out;
    },
    end(): Output[] {
      if (task === 'classify') return [];
      const entries: Record<string, string> = {};
      for (const split of [...splits].sort()) {
        const key = splitOf(`${split}/x`) ?? split;
        if (!entries[key]) entries[key] = `images/${split}`;
      }
      if (!entries.train) entries.train = entries.val ?? 'images';
      if (!entries.val) entries.val = entries.train;
      return [{ kind: 'text', path: 'data.yaml', text: yoloDataYaml(names, entries, task) }];
    },
  };
}
