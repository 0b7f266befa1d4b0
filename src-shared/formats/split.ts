/**
 * Train/val/test splits: deterministic for a seed (the same images and seed always give the same
 * split, whatever order the images come in), sizes by largest remainder so they add up exactly,
 * and optionally stratified so each class appears in every split in proportion.
 */

export const SPLIT_NAMES = ['train', 'val', 'test'] as const;
export type SplitRatios = Record<string, number>;

/** "0.8,0.1,0.1" (or "80,10,10") → { train: 0.8, val: 0.1, test: 0.1 }; an error message for anything else. */
export function parseSplitRatios(text: string): { ok: true; ratios: SplitRatios } | { ok: false; reason: string } {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length < 1 || parts.length > 3) return { ok: false, reason: `a split has 1 to 3 parts (train,val,test), got "${text}"` };
  const values = parts.map(Number);
  if (values.some((v) => !Number.isFinite(v) || v < 0)) return { ok: false, reason: `split parts must be non-negative numbers, got "${text}"` };
  const sum = values.reduce((a, b) => a + b, 0);
  const scale = Math.abs(sum - 1) < 1e-6 ? 1 : Math.abs(sum - 100) < 1e-4 ? 100 : 0;
  if (!scale) return { ok: false, reason: `split parts must add up to 1 (or 100), "${text}" adds up to ${sum}` };
  const ratios: SplitRatios = {};
  values.forEach((v, i) => (ratios[SPLIT_NAMES[i]] = v / scale));
  return { ok: true, ratios };
}

/** mulberry32: a small, well-mixed 32-bit PRNG, so splits are the same on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Integer counts summing to `n` whose shares follow `quotas` (largest remainder; ties go to the earlier split). */
export function apportion(quotas: readonly number[], n: number): number[] {
  const counts = quotas.map((q) => Math.max(0, Math.floor(q)));
  let rest = n - counts.reduce((a, b) => a + b, 0);
  const order = quotas.map((q, i) => ({ i, frac: q - Math.floor(q) }));
  order.sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) counts[order[k].i]++;
  for (let k = order.length - 1; rest < 0; k = (k - 1 + order.length) % order.length) {
    if (counts[order[k].i] > 0) {
      counts[order[k].i]--;
      rest++;
    }
  }
  return counts;
}

export interface SplitItem {
  id: string;
  /** Class ids present in the item (used when stratifying). */
  classes: readonly number[];
}

/**
 * Assigns every item to a split. Stratified: items are grouped by their rarest class (items with
 * none form their own group), and each group is cut in the ratios, carrying rounding from group to
 * group so the totals stay within one item of the ratios.
 */
export function assignSplits(items: readonly SplitItem[], ratios: SplitRatios, seed: number, stratify = false): Map<string, string> {
  const names = Object.keys(ratios).filter((k) => ratios[k] > 0);
  const shares = names.map((k) => ratios[k]);
  const random = seededRandom(seed);
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const result = new Map<string, string>();
  if (!names.length) return result;
  const groups = new Map<string, SplitItem[]>();
  if (stratify) {
    const frequency = new Map<number, number>();
    for (const item of sorted) for (const c of new Set(item.classes)) frequency.set(c, (frequency.get(c) ?? 0) + 1);
    for (const item of sorted) {
      let rarest: number | null = null;
      for (const c of item.classes) {
        if (rarest === null || frequency.get(c)! < frequency.get(rarest)! || (frequency.get(c) === frequency.get(rarest) && c < rarest)) rarest = c;
      }
      const k = rarest === null ? 'none' : `c${rarest}`;
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k)!.push(item);
    }
  } else {
    groups.set('all', sorted);
  }
  const order = [...groups.entries()].sort((a, b) => a[1].length - b[1].length || (a[0] < b[0] ? -1 : 1));
  const assigned = names.map(() => 0);
  let before = 0;
  for (const [, group] of order) {
    const quotas = shares.map((r, i) => r * group.length + (r * before - assigned[i]));
    const counts = apportion(quotas, group.length);
    shuffle(group, random);
    let k = 0;
    counts.forEach((count, i) => {
      for (let j = 0; j < count; j++) result.set(group[k++].id, names[i]);
      assigned[i] += count;
    });
    before += group.length;
  }
  return result;
}
