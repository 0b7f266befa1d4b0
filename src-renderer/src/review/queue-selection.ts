/**
 * Multi-selection in a review queue, as file managers do it: a plain click or checkbox toggles
 * one row and makes it the anchor; Shift-click selects the range from the anchor; select all
 * takes every row. Pure, so the rules are tested without a DOM.
 */
export interface Selection {
  ids: ReadonlySet<string>;
  /** The row a Shift-click range starts from. */
  anchor: string | null;
}

export const emptySelection: Selection = { ids: new Set(), anchor: null };

/** The selection after clicking `id` (its checkbox, or the row with Ctrl/Cmd or Shift held). */
export function clickSelection(order: readonly string[], current: Selection, id: string, shift: boolean): Selection {
  const from = current.anchor === null ? -1 : order.indexOf(current.anchor);
  const to = order.indexOf(id);
  if (shift && from >= 0 && to >= 0) {
    const [a, b] = from <= to ? [from, to] : [to, from];
    return { ids: new Set([...current.ids, ...order.slice(a, b + 1)]), anchor: current.anchor };
  }
  const ids = new Set(current.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: id };
}

export const selectAll = (order: readonly string[]): Selection => ({ ids: new Set(order), anchor: order[0] ?? null });

/** Keeps only rows still in the queue (after a reload), in queue order. */
export function keepPresent(order: readonly string[], current: Selection): Selection {
  const ids = new Set(order.filter((id) => current.ids.has(id)));
  return { ids, anchor: current.anchor !== null && order.includes(current.anchor) ? current.anchor : null };
}

/** The selected ids in queue order. */
export const selectedInOrder = (order: readonly string[], current: Selection): string[] => order.filter((id) => current.ids.has(id));

/**
 * Which row is current after the queue reloads. `advance` moves past the current row (after a
 * decision on it); a row that left the queue hands over to the next one still there, else the
 * previous one, else the first.
 */
export function nextCurrent(before: readonly string[], after: readonly string[], current: string | null, advance: boolean): string | null {
  const present = new Set(after);
  if (current !== null && present.has(current) && !advance) return current;
  const at = current === null ? -1 : before.indexOf(current);
  if (at < 0) return after[0] ?? null;
  return before.slice(at + 1).find((id) => present.has(id)) ?? before.slice(0, at + (advance ? 1 : 0)).reverse().find((id) => present.has(id)) ?? after[0] ?? null;
}
