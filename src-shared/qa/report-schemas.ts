import { z } from 'zod';
import { geometrySchema } from '../geometry/schemas';
import { flagSchema, personRefSchema } from './entities';
import { ITEM_TYPES } from './items';
import { qaSettingsSchema } from './settings';

/** Output shapes of the agreement, consensus, report and analytics procedures. */

const metric = z.number().nullable();

const scoresSchema = z.object({ tp: z.number().int(), fp: z.number().int(), fn: z.number().int(), precision: metric, recall: metric, f1: metric });
export const detectionScoresSchema = z.object({
  overall: scoresSchema,
  by_class: z.record(z.string(), scoresSchema),
  mean_iou: metric,
  matched: z.number().int(),
});

export const itemAgreementSchema = z.object({
  item_type: z.enum(ITEM_TYPES),
  items: z.number().int(),
  /** Items with at least two answers (the ones agreement is measured on). */
  multiply_labeled: z.number().int(),
  annotators: z.number().int(),
  ratings: z.number().int(),
  /** Share of answer pairs on the same item that agree (not chance-corrected). */
  percent_agreement: metric,
  cohen: z.object({ pairs: z.array(z.object({ a: z.string(), b: z.string(), n: z.number().int(), kappa: metric, observed: z.number() })), mean: metric }),
  fleiss: z.object({ kappa: metric, observed: z.number(), expected: z.number(), subjects: z.number().int() }),
  krippendorff: z.object({ alpha: metric, units: z.number().int(), pairable: z.number() }),
});

export const imageAgreementSchema = z.object({
  annotators: z.number().int(),
  /** Images annotated by at least two annotators. */
  images_compared: z.number().int(),
  /** Each ordered pair: `b`'s shapes scored against `a`'s as reference, matched by IoU within a class. */
  pairs: z.array(z.object({ a: z.string(), b: z.string(), images: z.number().int() }).extend(detectionScoresSchema.shape)),
  /** Mean F1 over the pairs, per class and overall. */
  mean_f1: metric,
  mean_f1_by_class: z.record(z.string(), metric),
});

export const agreementSchema = z.object({
  items: z.array(itemAgreementSchema),
  images: imageAgreementSchema,
});
export type Agreement = z.infer<typeof agreementSchema>;

export const CONSENSUS_METHODS = ['majority', 'dawid_skene'] as const;

export const itemConsensusSchema = z.object({
  method: z.enum(CONSENSUS_METHODS),
  consensus_required: z.number().int(),
  items: z.array(z.object({
    item_id: z.string(),
    external_id: z.string().nullable(),
    item_type: z.enum(ITEM_TYPES),
    /** The consensus answer (choices), and its share of votes or its posterior probability. */
    choices: z.array(z.string()),
    confidence: z.number(),
    answers: z.number().int(),
    /** True once the item has consensusRequired answers. */
    reached: z.boolean(),
    /** True when majority vote and Dawid–Skene give the same answer. */
    methods_agree: z.boolean(),
    votes: z.record(z.string(), z.number().int()),
  })),
  coverage: z.object({ items: z.number().int(), reached: z.number().int(), share: metric }),
  /** Dawid–Skene's estimate of each annotator's accuracy, by item type then annotator. */
  annotator_accuracy: z.record(z.string(), z.record(z.string(), z.number())),
});
export type ItemConsensus = z.infer<typeof itemConsensusSchema>;

export const mergedShapeSchema = z.object({
  class_id: z.number().int().nullable(),
  geometry: geometrySchema,
  annotators: z.array(z.string()),
  shape_ids: z.array(z.string()),
  support: z.number(),
  meanIou: z.number(),
  method: z.enum(['box-average', 'medoid']),
});

export const imageConsensusSchema = z.object({
  image_id: z.string(),
  annotators: z.array(z.string()),
  min_votes: z.number().int(),
  kept: z.array(mergedShapeSchema),
  dropped: z.array(mergedShapeSchema),
  /** Annotations left out because IoU is not defined for their type (lines, points, masks). */
  skipped_annotations: z.number().int(),
});

export const goldAccuracySchema = z.object({
  annotator: z.string(),
  person: personRefSchema.nullable(),
  attempts: z.number().int(),
  correct: z.number().int(),
  accuracy: metric,
  mean_score: metric,
});

export const alertSchema = z.object({ severity: z.enum(['info', 'warning', 'critical']), title: z.string(), message: z.string() });

export const qaReportSchema = z.object({
  project: z.object({ id: z.string(), name: z.string() }),
  generated_at: z.string(),
  settings: qaSettingsSchema,
  annotators: z.array(personRefSchema.extend({ responses: z.number().int(), annotations: z.number().int() })),
  agreement: agreementSchema,
  gold: z.object({
    gold_items: z.number().int(),
    gold_images: z.number().int(),
    per_annotator: z.array(goldAccuracySchema),
    /** Geometry scores of each annotator on gold images (IoU-matched, per class). */
    geometry: z.array(z.object({ annotator: z.string(), images: z.number().int() }).extend(detectionScoresSchema.shape)),
  }),
  consensus: z.object({
    consensus_required: z.number().int(),
    items: z.object({ total: z.number().int(), reached: z.number().int(), coverage: metric }),
    images: z.object({ total: z.number().int(), reached: z.number().int(), coverage: metric }),
    /** Share of items where majority vote and Dawid–Skene agree. */
    methods_agree: metric,
  }),
  flags: z.array(flagSchema),
  alerts: z.array(alertSchema),
});
export type QaReport = z.infer<typeof qaReportSchema>;

const timeStatsSchema = z.object({ count: z.number().int(), mean_ms: metric, median_ms: metric, p90_ms: metric });

export const analyticsSchema = z.object({
  period_days: z.number().int(),
  generated_at: z.string(),
  /** The overview of `001_…txt`: activeUsers, labelsToday, avgAccuracy (percent), avgTimePerLabel (seconds), completedTasks. */
  overview: z.object({ activeUsers: z.number().int(), labelsToday: z.number().int(), avgAccuracy: metric, avgTimePerLabel: metric, completedTasks: z.number().int(), totalLabels: z.number().int() }),
  labels_per_day: z.array(z.object({ date: z.string(), labels: z.number().int(), users: z.number().int(), annotations: z.number().int(), responses: z.number().int() })),
  time_per_label: timeStatsSchema.extend({ by_annotator: z.array(timeStatsSchema.extend({ annotator: z.string() })) }),
  accuracy_distribution: z.array(z.object({ name: z.string(), value: z.number().int(), color: z.string() })),
  per_class: z.array(z.object({ label: z.string(), count: z.number().int() })),
  annotators: z.array(z.object({
    annotator: z.string(),
    person: personRefSchema.nullable(),
    labels: z.number().int(),
    labels_today: z.number().int(),
    labels_this_week: z.number().int(),
    labels_this_month: z.number().int(),
    streak_days: z.number().int(),
    last_active: z.string().nullable(),
    accuracy: metric,
  })),
  top_performers: z.array(z.string()),
  honeypot_performance: z.array(z.object({ target: z.string(), attempts: z.number().int(), success_rate: z.number() })),
  quality_alerts: z.array(alertSchema),
});
export type Analytics = z.infer<typeof analyticsSchema>;

export const ANALYTICS_SECTIONS = ['labels_per_day', 'per_class', 'annotators', 'accuracy_distribution', 'time_per_label', 'honeypot_performance'] as const;
