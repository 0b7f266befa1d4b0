import { mean, median, sortedUnique } from './ratings';

export interface TimedAnswer {
  id: string;
  annotator: string;
  /** Time spent on the answer; null when unknown (never counted as fast). */
  time_spent_ms: number | null;
}

export interface SpeedStats {
  annotator: string;
  timed: number;
  fast: number;
  /** fast / timed; null when no answer was timed. */
  fast_response_rate: number | null;
  average_time_ms: number | null;
  median_time_ms: number | null;
  /** True when the fast rate exceeds the allowed rate. */
  flagged: boolean;
}

/**
 * Speed checks: an answer quicker than `minTimeMs` is fast (too quick to have read the item);
 * an annotator whose share of fast answers exceeds `maxFastRate` is flagged.
 */
export function speedFlags(answers: readonly TimedAnswer[], minTimeMs: number, maxFastRate: number): { fast: string[]; annotators: SpeedStats[] } {
  const isFast = (a: TimedAnswer) => a.time_spent_ms !== null && a.time_spent_ms < minTimeMs;
  const annotators = sortedUnique(answers.map((a) => a.annotator)).map((annotator) => {
    const times = answers.filter((a) => a.annotator === annotator && a.time_spent_ms !== null).map((a) => a.time_spent_ms as number);
    const fast = times.filter((t) => t < minTimeMs).length;
    const rate = times.length ? fast / times.length : null;
    return {
      annotator,
      timed: times.length,
      fast,
      fast_response_rate: rate,
      average_time_ms: mean(times),
      median_time_ms: median(times),
      flagged: rate !== null && rate > maxFastRate,
    };
  });
  return { fast: answers.filter(isFast).map((a) => a.id), annotators };
}
