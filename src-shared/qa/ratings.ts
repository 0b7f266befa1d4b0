/**
 * Categorical ratings as the agreement and aggregation functions take them: one row per
 * (item, annotator) with the label given. Labels are strings; a multi-choice answer becomes one
 * category by joining its sorted choices (`answerKey` in items.ts).
 */
export interface Rating {
  item: string;
  annotator: string;
  value: string;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted, de-duplicated strings: every function here orders categories and people this way so results never depend on input order. */
export const sortedUnique = (values: Iterable<string>): string[] => [...new Set(values)].sort(byText);

/** item → annotator → value; when an annotator rated an item twice, the later row wins. */
export function ratingsByItem(ratings: readonly Rating[]): Map<string, Map<string, string>> {
  const items = new Map<string, Map<string, string>>();
  for (const r of ratings) {
    let row = items.get(r.item);
    if (!row) items.set(r.item, (row = new Map()));
    row.set(r.annotator, r.value);
  }
  return items;
}

/** Vote counts per category for every item, items in sorted order. */
export function voteCounts(ratings: readonly Rating[]): { item: string; votes: Map<string, number>; n: number }[] {
  const items = ratingsByItem(ratings);
  return sortedUnique(items.keys()).map((item) => {
    const votes = new Map<string, number>();
    for (const value of items.get(item)!.values()) votes.set(value, (votes.get(value) ?? 0) + 1);
    return { item, votes, n: items.get(item)!.size };
  });
}

export const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);

export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Rounds for display and JSON (metrics keep full precision internally). */
export const round = (x: number | null, digits = 4): number | null => (x === null || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);
