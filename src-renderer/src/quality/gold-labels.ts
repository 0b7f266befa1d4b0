import type { Gold, Item } from '../../../src-shared/qa/entities';

const snippet = (text: string, max = 48) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** What a person recognises an item by: its external id and the start of its text. */
export function itemLabel(item: Item): string {
  const id = item.external_id ?? `#${item.position + 1}`;
  switch (item.item_type) {
    case 'TXT_CLS':
      return `${id} — ${snippet(item.data.text)}`;
    case 'RLHF_PAIR':
      return `${id} — ${snippet(item.data.prompt)}`;
    case 'QUESTION':
      return `${id} — ${snippet(item.data.question_text)}`;
    case 'IMG_CLS':
      return `${id} — image`;
  }
}

/** The expected answer or shapes of a gold mark, in a few words. */
export function expectedLabel(gold: Gold): string {
  const e = gold.expected;
  if ('choices' in e) return e.choices.join(', ');
  return `${e.shapes.length} shape${e.shapes.length === 1 ? '' : 's'}`;
}
