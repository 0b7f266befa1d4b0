import type { ReportCollector } from '../report';
import { exportRelative, type ExportItem, type FormatSink, type Output, type SinkHeader, type SinkOptions } from '../sink';
import { CocoWriter } from './write';

/**
 * COCO layout: `annotations/instances_<split>.json` (`instances_default.json` without splits)
 * with `file_name` relative to `images/<split>/`. Annotations go to a part file while images are
 * written, and are appended at the end, so one pass over the project writes the whole file.
 */
export function cocoSink(header: SinkHeader, options: SinkOptions, report: ReportCollector): FormatSink {
  const splits = new Map<string, { writer: CocoWriter; nextId: number }>();
  const json = (split: string) => `annotations/instances_${split}.json`;
  const part = (split: string) => `annotations/.instances_${split}.annotations.part`;
  return {
    begin: () => [],
    add(item: ExportItem): Output[] {
      const split = item.image.split ?? 'default';
      const out: Output[] = [];
      let state = splits.get(split);
      if (!state) {
        state = { writer: new CocoWriter(header, report), nextId: 1 };
        splits.set(split, state);
        out.push({ kind: 'text', path: json(split), text: state.writer.begin() });
      }
      const id = state.nextId++;
      const rel = exportRelative(item.image.file, item.image.split);
      out.push({ kind: 'text', path: json(split), text: state.writer.image(id, { ...item.image, file: rel }) });
      const text = state.writer.annotations(id, item.annotations);
      if (text) out.push({ kind: 'text', path: part(split), text });
      if (options.withImages) out.push({ kind: 'image', path: `images/${item.image.split ? `${split}/` : ''}${rel}`, source: item.source });
      return out;
    },
    end(): Output[] {
      const out: Output[] = [];
      if (!splits.size) {
        const writer = new CocoWriter(header, report);
        splits.set('default', { writer, nextId: 1 });
        out.push({ kind: 'text', path: json('default'), text: writer.begin() });
      }
      for (const [split, { writer }] of splits) {
        out.push({ kind: 'text', path: json(split), text: writer.beginAnnotations() });
        out.push({ kind: 'text', path: part(split), text: '' });
        out.push({ kind: 'concat', path: json(split), from: part(split) });
        out.push({ kind: 'text', path: json(split), text: writer.end() });
      }
      return out;
    },
  };
}
