import { dawidSkene } from './dawid-skene';
import { majorityVote } from './majority-vote';
import type { Rating } from './ratings';

export interface ItemVerdict {
  item: string;
  /** Consensus answer key (choices joined by "|"). */
  label: string;
  /** Vote share (majority) or posterior probability (Dawid–Skene) of the label. */
  confidence: number;
  answers: number;
  reached: boolean;
  methods_agree: boolean;
  votes: Record<string, number>;
}

/**
 * Consensus over items by majority vote or Dawid–Skene, with whether each item has the k
 * answers it needs and whether the two methods agree (a cheap signal of contested items).
 */
export function itemConsensus(ratings: readonly Rating[], method: 'majority' | 'dawid_skene', k: number): { verdicts: ItemVerdict[]; accuracy: Record<string, number> } {
  const mv = majorityVote(ratings);
  const ds = dawidSkene(ratings);
  const dsByItem = new Map(ds.labels.map((l) => [l.item, l]));
  const verdicts = mv.map((v) => {
    const d = dsByItem.get(v.item)!;
    const label = method === 'majority' ? v.label : d.label;
    return {
      item: v.item,
      label,
      confidence: method === 'majority' ? v.support : d.posterior[label],
      answers: v.n,
      reached: v.n >= k,
      methods_agree: v.label === d.label,
      votes: v.votes,
    };
  });
  return { verdicts, accuracy: ds.accuracy };
}
