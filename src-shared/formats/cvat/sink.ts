import type { ReportCollector } from '../report';
import { exportRelative, type ExportItem, type FormatSink, type Output, type SinkHeader, type SinkOptions } from '../sink';
import { cvatFooter, cvatHeader, cvatImage } from './write';

/** CVAT layout: one `annotations.xml` (splits as each image's `subset`) and `images/<split>/…`. */
export function cvatSink(header: SinkHeader, options: SinkOptions, report: ReportCollector): FormatSink {
  let id = 0;
  return {
    begin: () => [{ kind: 'text', path: 'annotations.xml', text: cvatHeader(header, options.name, options.total) }],
    add(item: ExportItem): Output[] {
      const rel = exportRelative(item.image.file, item.image.split);
      const name = item.image.split ? `${item.image.split}/${rel}` : rel;
      const out: Output[] = [{ kind: 'text', path: 'annotations.xml', text: cvatImage(id++, { ...item.image, file: name }, item.annotations, report) }];
      if (options.withImages) out.push({ kind: 'image', path: `images/${name}`, source: item.source });
      return out;
    },
    end: () => [{ kind: 'text', path: 'annotations.xml', text: cvatFooter() }],
  };
}
