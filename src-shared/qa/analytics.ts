import type { GoldAccuracy } from './gold';
import { mean, median, round, sortedUnique } from './ratings';
import type { SpeedStats } from './speed-flags';

/**
 * The analytics of the platforms in `000_…txt` and `001_…txt`, computed locally from label
 * events (an annotation drawn or a response submitted). Dates are UTC days (YYYY-MM-DD).
 */
export interface LabelEvent {
  /** ISO timestamp. */
  at: string;
  annotator: string;
  kind: 'annotation' | 'response';
  /** Class or answer the label gave, for per-class counts. */
  label: string | null;
  /** Time spent, when the UI measured it (responses). */
  time_spent_ms: number | null;
}

const DAY = 86_400_000;
const dayOf = (iso: string) => iso.slice(0, 10);
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** Labels and active annotators per day over the last `days` days up to `now`, zero-filled, oldest first. */
export function labelsPerDay(events: readonly LabelEvent[], now: string, days: number): { date: string; labels: number; users: number; annotations: number; responses: number }[] {
  const today = dayOf(now);
  const rows = Array.from({ length: days }, (_, i) => addDays(today, i - days + 1)).map((date) => ({ date, labels: 0, users: 0, annotations: 0, responses: 0, people: new Set<string>() }));
  const index = new Map(rows.map((r, i) => [r.date, i]));
  for (const e of events) {
    const i = index.get(dayOf(e.at));
    if (i === undefined) continue;
    rows[i].labels++;
    rows[i][e.kind === 'annotation' ? 'annotations' : 'responses']++;
    rows[i].people.add(e.annotator);
  }
  return rows.map(({ people, ...r }) => ({ ...r, users: people.size }));
}

export interface TimeStats {
  count: number;
  mean_ms: number | null;
  median_ms: number | null;
  p90_ms: number | null;
}

function timeStats(times: readonly number[]): TimeStats {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    count: times.length,
    mean_ms: round(mean(times), 1),
    median_ms: median(times),
    p90_ms: sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)] : null,
  };
}

/** Time per label over the events that carry a time, overall and per annotator. */
export function timePerLabel(events: readonly LabelEvent[]): TimeStats & { by_annotator: (TimeStats & { annotator: string })[] } {
  const timed = events.filter((e) => e.time_spent_ms !== null);
  return {
    ...timeStats(timed.map((e) => e.time_spent_ms as number)),
    by_annotator: sortedUnique(timed.map((e) => e.annotator)).map((annotator) => ({ annotator, ...timeStats(timed.filter((e) => e.annotator === annotator).map((e) => e.time_spent_ms as number)) })),
  };
}

/** The accuracy buckets and colours of `001_…txt`'s quality analytics. */
export const ACCURACY_BUCKETS = [
  { name: '90-100%', min: 0.9, color: '#4caf50' },
  { name: '80-89%', min: 0.8, color: '#ff9800' },
  { name: '70-79%', min: 0.7, color: '#f44336' },
  { name: '<70%', min: -Infinity, color: '#9e9e9e' },
] as const;

/** How many annotators fall in each accuracy bucket (annotators without gold answers are left out). */
export function accuracyDistribution(accuracies: readonly (number | null)[]): { name: string; value: number; color: string }[] {
  const known = accuracies.filter((a): a is number => a !== null);
  return ACCURACY_BUCKETS.map((b, i) => ({
    name: b.name,
    color: b.color,
    value: known.filter((a) => a >= b.min && (i === 0 || a < ACCURACY_BUCKETS[i - 1].min)).length,
  }));
}

/** Labels per class (or answer), most used first. */
export function perClassCounts(events: readonly LabelEvent[]): { label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const e of events) if (e.label !== null) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1));
}

/** Consecutive active days ending today (or yesterday, when nothing was labeled yet today). */
export function streakDays(activeDays: ReadonlySet<string>, now: string): number {
  let day = dayOf(now);
  if (!activeDays.has(day)) day = addDays(day, -1);
  let streak = 0;
  while (activeDays.has(day)) {
    streak++;
    day = addDays(day, -1);
  }
  return streak;
}

export interface AnnotatorActivity {
  annotator: string;
  labels: number;
  labels_today: number;
  labels_this_week: number;
  labels_this_month: number;
  streak_days: number;
  last_active: string | null;
  accuracy: number | null;
}

/** Activity of every annotator: counts today / last 7 days / last 30 days, streak, and gold accuracy. */
export function annotatorActivity(events: readonly LabelEvent[], gold: readonly GoldAccuracy[], now: string): AnnotatorActivity[] {
  const today = dayOf(now);
  const weekStart = addDays(today, -6);
  const monthStart = addDays(today, -29);
  const accuracy = new Map(gold.map((g) => [g.annotator, g.accuracy]));
  return sortedUnique([...events.map((e) => e.annotator), ...gold.map((g) => g.annotator)]).map((annotator) => {
    const mine = events.filter((e) => e.annotator === annotator);
    const days = mine.map((e) => dayOf(e.at));
    return {
      annotator,
      labels: mine.length,
      labels_today: days.filter((d) => d === today).length,
      labels_this_week: days.filter((d) => d >= weekStart && d <= today).length,
      labels_this_month: days.filter((d) => d >= monthStart && d <= today).length,
      streak_days: streakDays(new Set(days), now),
      last_active: mine.length ? mine.map((e) => e.at).sort().at(-1)! : null,
      accuracy: accuracy.get(annotator) ?? null,
    };
  });
}

/** The best annotators: by gold accuracy (unknown last), then labels this week, then total labels. */
export function topPerformers(activity: readonly AnnotatorActivity[], n = 5): AnnotatorActivity[] {
  return [...activity]
    .sort((a, b) => (b.accuracy ?? -1) - (a.accuracy ?? -1) || b.labels_this_week - a.labels_this_week || b.labels - a.labels || (a.annotator < b.annotator ? -1 : 1))
    .slice(0, n);
}

export interface QualityAlert {
  severity: 'info' | 'warning' | 'critical';
  title: string;
  message: string;
}

export interface AlertInputs {
  gold: readonly GoldAccuracy[];
  speed: readonly SpeedStats[];
  /** Krippendorff's alpha (or another chance-corrected agreement) over the project, if known. */
  agreement: number | null;
  /** Share of items that reached consensusRequired answers. */
  coverage: number | null;
  qualityThreshold: number;
  maxFastRate: number;
}

/** Quality alerts in the form of `001_…txt` ({severity, title, message}); worst first. */
export function qualityAlerts(input: AlertInputs): QualityAlert[] {
  const alerts: QualityAlert[] = [];
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const low = input.gold.filter((g) => g.accuracy !== null && g.accuracy < input.qualityThreshold);
  if (low.length) {
    alerts.push({ severity: low.some((g) => (g.accuracy as number) < input.qualityThreshold - 0.2) ? 'critical' : 'warning', title: 'Low Accuracy Alert', message: `${low.length} ${low.length === 1 ? 'user' : 'users'} below ${pct(input.qualityThreshold)} accuracy threshold` });
  }
  const fast = input.speed.filter((s) => s.flagged);
  if (fast.length) alerts.push({ severity: 'warning', title: 'Fast Responses', message: `${fast.length} ${fast.length === 1 ? 'user answers' : 'users answer'} too fast more than ${pct(input.maxFastRate)} of the time` });
  if (input.agreement !== null && input.agreement < 0.667) {
    alerts.push({ severity: input.agreement < 0.4 ? 'critical' : 'warning', title: 'Low Agreement', message: `Krippendorff's alpha is ${input.agreement.toFixed(3)}; below 0.667 conclusions are tentative, so review the guidelines with the team` });
  }
  if (input.coverage !== null && input.coverage < 1) alerts.push({ severity: 'info', title: 'Consensus Incomplete', message: `${pct(input.coverage)} of items have the required number of answers` });
  const order = { critical: 0, warning: 1, info: 2 };
  return alerts.sort((a, b) => order[a.severity] - order[b.severity]);
}
