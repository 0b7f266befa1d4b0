import type { ReportCollector } from '../report';
import { basename, dirname, joinPath, stem } from '../report';
import { exportRelative, type ExportItem, type FormatSink, type Output, type SinkHeader, type SinkOptions } from '../sink';
import { labelmeJson } from './write';

/** LabelMe layout: `<split>/<folders>/<name>.json` beside the image, as LabelMe saves it. */
export function labelmeSink(_header: SinkHeader, options: SinkOptions, report: ReportCollector): FormatSink {
  return {
    begin: () => [],
    add(item: ExportItem): Output[] {
      const rel = joinPath(item.image.split ?? '', exportRelative(item.image.file, item.image.split));
      const out: Output[] = [{ kind: 'text', path: joinPath(dirname(rel), `${stem(rel)}.json`), text: labelmeJson(item.image, basename(rel), item.annotations, report) }];
      if (options.withImages) out.push({ kind: 'image', path: rel, source: item.source });
      return out;
    },
    end: () => [],
  };
}
