import { sortedUnique, voteCounts, type Rating } from './ratings';

export interface VoteResult {
  item: string;
  /** The winning label. */
  label: string;
  /** Votes per label. */
  votes: Record<string, number>;
  /** Share of the item's annotators that gave the winning label. */
  support: number;
  /** Annotators who rated the item. */
  n: number;
  /** True when two or more labels tied for the most votes (the tie is broken, see `majorityVote`). */
  tied: boolean;
}

/**
 * Majority vote per item. A tie goes to the label used most across the whole data set, then
 * to the alphabetically first, so the result never depends on the order of the ratings.
 */
export function majorityVote(ratings: readonly Rating[]): VoteResult[] {
  const overall = new Map<string, number>();
  for (const r of ratings) overall.set(r.value, 0);
  const rows = voteCounts(ratings);
  for (const { votes } of rows) for (const [label, n] of votes) overall.set(label, (overall.get(label) ?? 0) + n);
  return rows.map(({ item, votes, n }) => {
    const best = Math.max(...votes.values());
    const leaders = sortedUnique([...votes].filter(([, c]) => c === best).map(([label]) => label));
    leaders.sort((a, b) => overall.get(b)! - overall.get(a)!);
    return { item, label: leaders[0], votes: Object.fromEntries([...votes].sort(([a], [b]) => (a < b ? -1 : 1))), support: best / n, n, tied: leaders.length > 1 };
  });
}
