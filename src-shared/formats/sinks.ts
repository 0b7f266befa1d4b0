import { cocoSink } from './coco/sink';
import { cvatSink } from './cvat/sink';
import { labelmeSink } from './labelme/sink';
import { labelStudioSink } from './labelstudio/sink';
import type { DatasetFormat } from './model';
import type { ReportCollector } from './report';
import type { FormatSink, SinkHeader, SinkOptions } from './sink';
import { vocSink } from './voc/sink';
import { yoloSink } from './yolo/sink';

/** The writer of each format behind the one `FormatSink` interface the exporter drives. */
export function createSink(format: DatasetFormat, header: SinkHeader, options: SinkOptions, report: ReportCollector): FormatSink {
  switch (format) {
    case 'coco':
      return cocoSink(header, options, report);
    case 'yolo':
      return yoloSink(header, options, report);
    case 'voc':
      return vocSink(header, options, report);
    case 'labelme':
      return labelmeSink(header, options, report);
    case 'cvat':
      return cvatSink(header, options, report);
    case 'labelstudio':
      return labelStudioSink(header, options, report);
  }
}
