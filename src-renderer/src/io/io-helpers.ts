import type { EventPayload } from '../../../src-shared/contract/events';

export type Progress = EventPayload<'progress'>;

export const IMPORT_FORMAT_LABELS = {
  coco: 'COCO',
  yolo: 'YOLO',
  voc: 'Pascal VOC',
  labelme: 'LabelMe',
  cvat: 'CVAT',
  labelstudio: 'Label Studio',
  images: 'Images only',
} as const;
export type DetectedFormat = keyof typeof IMPORT_FORMAT_LABELS;
export type ExportFormat = Exclude<DetectedFormat, 'images'>;
export const DETECTED_FORMAT_LIST = Object.keys(IMPORT_FORMAT_LABELS) as DetectedFormat[];
export const EXPORT_FORMAT_LIST = DETECTED_FORMAT_LIST.filter((f): f is ExportFormat => f !== 'images');

let counter = 0;
/** A job id the dialog chooses, so it can follow its own `progress` events and cancel the job. */
export function newJobId(kind: 'import' | 'export'): string {
  counter += 1;
  return `ui-${kind}-${Date.now().toString(36)}-${counter}`;
}

/** Percent done of a progress event; 0 while the total is still unknown. */
export function percentOf(progress: Progress | null): number {
  if (!progress || progress.total <= 0) return progress?.finished ? 100 : 0;
  return Math.max(0, Math.min(100, Math.round((100 * progress.done) / progress.total)));
}

export interface SplitDraft {
  train: string;
  val: string;
  test: string;
}
export type SplitResult = { ok: true; split: { train: number; val: number; test: number } } | { ok: false; message: string };

/**
 * Ratios typed as fractions (0.8) or percents (80): blanks count as 0; they must add up to 1
 * (or 100), which the contract checks too, but the dialog says so before a round trip.
 */
export function parseSplit(draft: SplitDraft): SplitResult {
  const raw = [draft.train, draft.val, draft.test].map((s) => s.trim());
  const values = raw.map((s) => (s === '' ? 0 : Number(s)));
  if (values.some((v) => !Number.isFinite(v) || v < 0)) return { ok: false, message: 'Ratios are numbers of 0 or more.' };
  const sum = values.reduce((a, b) => a + b, 0);
  if (sum <= 0) return { ok: false, message: 'Give at least one non-zero ratio.' };
  const percent = values.some((v) => v > 1);
  const scaled = percent ? values.map((v) => v / 100) : values;
  const total = scaled.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) > 1e-6) return { ok: false, message: `Ratios add up to ${percent ? `${+(total * 100).toFixed(4)}%` : +total.toFixed(4)}; they must add up to ${percent ? '100%' : '1'}.` };
  const [train, val, test] = scaled;
  return { ok: true, split: { train, val, test } };
}

/** Bytes as a short human size. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
