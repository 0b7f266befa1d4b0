import { toCsv } from './csv';
import type { Analytics } from './report-schemas';
import { ANALYTICS_SECTIONS } from './report-schemas';

export type AnalyticsSection = (typeof ANALYTICS_SECTIONS)[number];

type Cell = string | number | boolean | null;

/** One analytics section as a table (header first), for CSV export and spreadsheets. */
export function analyticsTable(a: Analytics, section: AnalyticsSection): Cell[][] {
  switch (section) {
    case 'labels_per_day':
      return [['date', 'labels', 'users', 'annotations', 'responses'], ...a.labels_per_day.map((d) => [d.date, d.labels, d.users, d.annotations, d.responses])];
    case 'per_class':
      return [['label', 'count'], ...a.per_class.map((c) => [c.label, c.count])];
    case 'annotators':
      return [
        ['annotator_id', 'full_name', 'email', 'labels', 'labels_today', 'labels_this_week', 'labels_this_month', 'streak_days', 'last_active', 'accuracy'],
        ...a.annotators.map((p) => [p.annotator, p.person?.full_name ?? null, p.person?.email ?? null, p.labels, p.labels_today, p.labels_this_week, p.labels_this_month, p.streak_days, p.last_active, p.accuracy]),
      ];
    case 'accuracy_distribution':
      return [['bucket', 'annotators'], ...a.accuracy_distribution.map((b) => [b.name, b.value])];
    case 'time_per_label': {
      const t = a.time_per_label;
      return [['annotator_id', 'count', 'mean_ms', 'median_ms', 'p90_ms'], ['(all)', t.count, t.mean_ms, t.median_ms, t.p90_ms], ...t.by_annotator.map((x) => [x.annotator, x.count, x.mean_ms, x.median_ms, x.p90_ms])];
    }
    case 'honeypot_performance':
      return [['target', 'attempts', 'success_rate'], ...a.honeypot_performance.map((h) => [h.target, h.attempts, h.success_rate])];
  }
}

export const analyticsCsv = (a: Analytics, section: AnalyticsSection): string => toCsv(analyticsTable(a, section));
