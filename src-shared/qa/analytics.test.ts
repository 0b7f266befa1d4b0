import { describe, expect, it } from 'vitest';
import { accuracyDistribution, annotatorActivity, labelsPerDay, perClassCounts, qualityAlerts, streakDays, timePerLabel, topPerformers, type LabelEvent } from './analytics';
import { speedFlags } from './speed-flags';
import { splitIntoBatches, roundRobin } from './batches';
import { anchorOf } from './anchor';

const ev = (at: string, annotator: string, label: string | null, time: number | null = null, kind: LabelEvent['kind'] = 'response'): LabelEvent => ({ at, annotator, label, time_spent_ms: time, kind });
const NOW = '2025-01-20T15:00:00Z';
const events = [
  ev('2025-01-18T10:00:00Z', 'ann', 'cat', 4000),
  ev('2025-01-19T10:00:00Z', 'ann', 'cat', 1000),
  ev('2025-01-20T09:00:00Z', 'ann', 'dog', 3000),
  ev('2025-01-20T09:30:00Z', 'bob', 'cat', 500),
  ev('2025-01-20T09:31:00Z', 'bob', 'dog', null, 'annotation'),
  ev('2024-12-01T09:00:00Z', 'bob', 'dog', 9000),
];

describe('analytics', () => {
  it('counts labels and active users per day, zero-filling days without work', () => {
    expect(labelsPerDay(events, NOW, 4)).toEqual([
      { date: '2025-01-17', labels: 0, users: 0, annotations: 0, responses: 0 },
      { date: '2025-01-18', labels: 1, users: 1, annotations: 0, responses: 1 },
      { date: '2025-01-19', labels: 1, users: 1, annotations: 0, responses: 1 },
      { date: '2025-01-20', labels: 3, users: 2, annotations: 1, responses: 2 },
    ]);
  });

  it('gives time per label (mean, median, p90) overall and per annotator', () => {
    const t = timePerLabel(events);
    expect(t).toMatchObject({ count: 5, mean_ms: 3500, median_ms: 3000, p90_ms: 9000 });
    expect(t.by_annotator.map((a) => [a.annotator, a.median_ms])).toEqual([['ann', 3000], ['bob', 4750]]);
  });

  it('buckets accuracies like the quality analytics of 001', () => {
    expect(accuracyDistribution([0.95, 0.9, 0.85, 0.7, 0.2, null]).map((b) => [b.name, b.value])).toEqual([['90-100%', 2], ['80-89%', 1], ['70-79%', 1], ['<70%', 1]]);
  });

  it('counts per class, streaks, activity and top performers', () => {
    expect(perClassCounts(events)).toEqual([{ label: 'cat', count: 3 }, { label: 'dog', count: 3 }]);
    expect(streakDays(new Set(['2025-01-18', '2025-01-19', '2025-01-20']), NOW)).toBe(3);
    expect(streakDays(new Set(['2025-01-18', '2025-01-19']), NOW)).toBe(2);
    expect(streakDays(new Set(['2025-01-18']), NOW)).toBe(0);
    const activity = annotatorActivity(events, [{ annotator: 'bob', attempts: 2, correct: 2, accuracy: 1, mean_score: 1 }], NOW);
    expect(activity.find((a) => a.annotator === 'ann')).toMatchObject({ labels: 3, labels_today: 1, labels_this_week: 3, streak_days: 3, accuracy: null });
    expect(activity.find((a) => a.annotator === 'bob')).toMatchObject({ labels: 3, labels_this_week: 2, labels_this_month: 2, streak_days: 1 });
    expect(topPerformers(activity).map((a) => a.annotator)).toEqual(['bob', 'ann']);
  });

  it('flags fast answerers and raises alerts, worst first', () => {
    const speed = speedFlags(events.map((e, i) => ({ id: `r${i}`, annotator: e.annotator, time_spent_ms: e.time_spent_ms })), 2000, 0.2);
    expect(speed.fast).toEqual(['r1', 'r3']);
    expect(speed.annotators.map((a) => [a.annotator, a.fast_response_rate, a.flagged])).toEqual([['ann', 1 / 3, true], ['bob', 0.5, true]]);
    const alerts = qualityAlerts({ gold: [{ annotator: 'x', attempts: 4, correct: 1, accuracy: 0.25, mean_score: 0.25 }], speed: speed.annotators, agreement: 0.5, coverage: 0.5, qualityThreshold: 0.7, maxFastRate: 0.2 });
    expect(alerts.map((a) => [a.severity, a.title])).toEqual([['critical', 'Low Accuracy Alert'], ['warning', 'Fast Responses'], ['warning', 'Low Agreement'], ['info', 'Consensus Incomplete']]);
    expect(alerts[0].message).toBe('1 user below 70% accuracy threshold');
  });
});

describe('task batches and comment anchors', () => {
  it('splits by size or by count and deals batches round-robin', () => {
    expect(splitIntoBatches([1, 2, 3, 4, 5], { size: 2 })).toEqual([[1, 2], [3, 4], [5]]);
    expect(splitIntoBatches([1, 2, 3, 4, 5], { count: 2 })).toEqual([[1, 2, 3], [4, 5]]);
    expect(splitIntoBatches([1, 2], { count: 5 })).toEqual([[1], [2]]);
    expect(roundRobin([[1], [2], [3]], ['ann', 'bob']).map((b) => b.assignee)).toEqual(['ann', 'bob', 'ann']);
  });

  it('pins a comment at the centre of the shape', () => {
    expect(anchorOf({ type: 'bbox', bbox: [10, 20, 30, 40] })).toEqual([25, 40]);
    expect(anchorOf({ type: 'polygon', points: [[0, 0], [4, 0], [4, 4], [0, 4]] })).toEqual([2, 2]);
  });
});
