import { z } from 'zod';

/**
 * Quality settings of a project, kept in its `task_config.qa` so they sync with the project.
 * Names follow the project fields of `000_…txt` where they exist (consensusRequired,
 * goldTaskPercentage, qualityThreshold).
 */
export const qaSettingsSchema = z.object({
  /** How many annotators label each item (k); consensus needs k answers. */
  consensusRequired: z.number().int().min(1).max(50).default(1),
  /** Share of each annotator's queue that is gold, in percent. */
  goldTaskPercentage: z.number().min(0).max(90).default(10),
  /** Gold accuracy below this (0..1) raises a quality alert. */
  qualityThreshold: z.number().min(0).max(1).default(0.7),
  /** Answers quicker than this are "fast" (speed check). */
  minTimeMs: z.number().int().min(0).max(600_000).default(2_000),
  /** An annotator with more than this share of fast answers is flagged. */
  maxFastRate: z.number().min(0).max(1).default(0.2),
  /** Shapes match between annotators (and against gold geometry) at or above this IoU. */
  iouThreshold: z.number().min(0.05).max(1).default(0.5),
  /** A gold image counts as passed when the annotator's F1 against the expected shapes reaches this. */
  goldImageMinF1: z.number().min(0).max(1).default(0.8),
});
export type QaSettings = z.infer<typeof qaSettingsSchema>;

/** The settings stored in a project's task_config, defaults filled in; unreadable values fall back to defaults. */
export function qaSettingsOf(taskConfig: Record<string, unknown>): QaSettings {
  const parsed = qaSettingsSchema.safeParse(taskConfig.qa ?? {});
  return parsed.success ? parsed.data : qaSettingsSchema.parse({});
}
