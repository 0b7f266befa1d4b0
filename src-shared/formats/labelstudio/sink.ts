import type { ReportCollector } from '../report';
import { exportRelative, type ExportItem, type FormatSink, type Output, type SinkHeader, type SinkOptions } from '../sink';
import { labelStudioConfig, labelStudioTask } from './write';

/**
 * Label Studio layout: `tasks.json` (`tasks_<split>.json` per split), images under `images/`,
 * referenced as `/data/local-files/?d=images/…` (serve the export folder as local storage), and
 * `config.xml`, the labeling config the results' control names match.
 */
export function labelStudioSink(header: SinkHeader, options: SinkOptions, report: ReportCollector): FormatSink {
  const files = new Map<string, number>();
  let id = 0;
  const fileOf = (split: string | null | undefined) => (split ? `tasks_${split}.json` : 'tasks.json');
  return {
    begin: () => [{ kind: 'text', path: 'config.xml', text: labelStudioConfig(header.classes) }],
    add(item: ExportItem): Output[] {
      const path = fileOf(item.image.split);
      const n = files.get(path) ?? 0;
      files.set(path, n + 1);
      const rel = exportRelative(item.image.file, item.image.split);
      const imagePath = `images/${item.image.split ? `${item.image.split}/` : ''}${rel}`;
      const task = labelStudioTask(++id, item.image, `/data/local-files/?d=${imagePath}`, item.annotations, report);
      const out: Output[] = [{ kind: 'text', path, text: `${n ? ',\n' : '[\n'}${task}` }];
      if (options.withImages) out.push({ kind: 'image', path: imagePath, source: item.source });
      return out;
    },
    end: () => (files.size ? [...files.keys()].map((path) => ({ kind: 'text' as const, path, text: '\n]\n' })) : [{ kind: 'text' as const, path: 'tasks.json', text: '[]\n' }]),
  };
}
