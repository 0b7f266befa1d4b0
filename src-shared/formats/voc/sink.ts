import type { ReportCollector } from '../report';
import { basename, stem } from '../report';
import { exportRelative, uniqueNames, type ExportItem, type FormatSink, type Output, type SinkHeader, type SinkOptions } from '../sink';
import { vocLabelmap, vocXml } from './write';

/**
 * VOC layout: flat `Annotations/<name>.xml` and `JPEGImages/<name>` (a repeated name gets a
 * `_2` suffix, reported), `ImageSets/Main/<split>.txt` lists, and CVAT's `labelmap.txt`.
 */
export function vocSink(header: SinkHeader, options: SinkOptions, report: ReportCollector): FormatSink {
  const unique = uniqueNames();
  const lists = new Map<string, string[]>();
  return {
    begin: () => [],
    add(item: ExportItem): Output[] {
      const { name, renamed } = unique(basename(exportRelative(item.image.file, item.image.split)));
      if (renamed) report.warn('voc-renamed', 'images with the same name in different folders were renamed (VOC folders are flat)', `${item.image.file} → ${name}`);
      const split = item.image.split;
      if (split) lists.set(split, [...(lists.get(split) ?? []), stem(name)]);
      const out: Output[] = [{ kind: 'text', path: `Annotations/${stem(name)}.xml`, text: vocXml({ ...item.image, file: name }, item.annotations, report) }];
      if (item.image.classes?.length) report.warn('image-classes-dropped', 'image-level classes cannot be written to VOC');
      if (item.image.captions?.length) report.warn('image-captions-dropped', 'image captions cannot be written to VOC');
      if (options.withImages) out.push({ kind: 'image', path: `JPEGImages/${name}`, source: item.source });
      return out;
    },
    end(): Output[] {
      const out: Output[] = [{ kind: 'text', path: 'labelmap.txt', text: vocLabelmap(header.classes) }];
      for (const [split, names] of [...lists].sort()) out.push({ kind: 'text', path: `ImageSets/Main/${split}.txt`, text: `${names.join('\n')}\n` });
      return out;
    },
  };
}
