/**
 * Splitting a project's images or items into task batches, dealt out to people in turn.
 * Consecutive ids stay together (filename order keeps similar images in one batch).
 */
export function splitIntoBatches<T>(ids: readonly T[], by: { size: number } | { count: number }): T[][] {
  if (!ids.length) return [];
  const size = 'size' in by ? Math.max(1, Math.floor(by.size)) : Math.ceil(ids.length / Math.max(1, Math.min(ids.length, Math.floor(by.count))));
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

/** Assigns batches to people round-robin (batch i to person i mod n); no people gives every batch no assignee. */
export function roundRobin<T>(batches: readonly T[][], people: readonly string[]): { ids: T[]; assignee: string | null }[] {
  return batches.map((ids, i) => ({ ids, assignee: people.length ? people[i % people.length] : null }));
}
