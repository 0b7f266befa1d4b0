/** Pure helpers for choosing an item's answer (the labeling keys, gold marking), tested without a DOM. */

/** The choice a number key picks (1 is the first), or null. */
export function choiceForKey(key: string, choices: readonly { value: string }[]): string | null {
  if (!/^[1-9]$/.test(key)) return null;
  return choices[Number(key) - 1]?.value ?? null;
}

/** The selection after picking `value`: toggled for multi-label items, replaced otherwise. */
export function pick(selection: readonly string[], value: string, multiple: boolean): string[] {
  if (!multiple) return [value];
  return selection.includes(value) ? selection.filter((v) => v !== value) : [...selection, value];
}

/** The chosen values in the item's choice order (stable answers whatever order keys were pressed). */
export function ordered(selection: readonly string[], choices: readonly { value: string }[]): string[] {
  return choices.map((c) => c.value).filter((v) => selection.includes(v));
}
