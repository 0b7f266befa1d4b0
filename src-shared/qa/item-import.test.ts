import { describe, expect, it } from 'vitest';
import { itemFormatOf, parseItemsCsv, parseItemsJsonl } from './item-import';

describe('item import', () => {
  it('reads the 000 task shape and flat JSONL lines, and reports bad lines by number', () => {
    const text = [
      JSON.stringify({ type: 'TXT_CLS', data: { text: 'Win a prize', categories: ['spam', 'ham'] }, instructions: 'Classify', id: 't1' }),
      '',
      JSON.stringify({ type: 'RLHF_PAIR', data: { prompt: 'What is the capital of France?', responseA: 'Paris.', responseB: 'Lyon.', modelA: 'gpt-4', modelB: 'claude-3' } }),
      JSON.stringify({ question_text: 'What do you see?', choices: [{ choice_value: 'person', choice_text: 'Contains Person' }, { choice_value: 'car', choice_text: 'Contains Car' }], allow_multiple: true, expected: ['person'] }),
      '{"type": "TXT_CLS", "text": "x"',
      JSON.stringify({ type: 'VIDEO', text: 'x' }),
      JSON.stringify({ type: 'IMG_CLS', image: 'cat.jpg', categories: 'cat|dog', goldTask: true, expected: 'cat' }),
      JSON.stringify({ type: 'TXT_CLS', text: 'x', categories: ['a', 'b'], expected: 'c' }),
    ].join('\n');
    const { drafts, rejected } = parseItemsJsonl(text);
    expect(drafts.map((d) => [d.line, d.draft.item_type, d.draft.external_id])).toEqual([[1, 'TXT_CLS', 't1'], [3, 'RLHF_PAIR', null], [4, 'QUESTION', null], [7, 'IMG_CLS', null]]);
    expect(drafts[0].draft).toMatchObject({ instructions: 'Classify', data: { text: 'Win a prize', categories: ['spam', 'ham'], allowMultiple: false }, expected: null });
    expect(drafts[1].draft.data).toMatchObject({ modelA: 'gpt-4', modelB: 'claude-3' });
    expect(drafts[2].draft).toMatchObject({ data: { choices: [{ value: 'person', text: 'Contains Person' }, { value: 'car', text: 'Contains Car' }], allowMultiple: true }, expected: { choices: ['person'] } });
    expect(drafts[3].draft).toMatchObject({ image_ref: 'cat.jpg', expected: { choices: ['cat'] }, data: { categories: ['cat', 'dog'] } });
    expect(rejected.map((r) => r.line)).toEqual([5, 6, 8]);
    expect(rejected[0].reason).toMatch(/not valid JSON/);
    expect(rejected[1].reason).toMatch(/unknown type "VIDEO"/);
    expect(rejected[2].reason).toMatch(/expected: not a choice of this item: c/);
  });

  it('reads CSV columns with lists as "a|b" or JSON, quoted commas and line breaks', () => {
    const text = [
      'type,id,text,categories,allow_multiple,prompt,response_a,response_b,expected',
      'TXT_CLS,1,"Hello, world",spam|ham,,,,,ham',
      'TXT_CLS,2,"two\nlines","[""a"",""b"",""c""]",yes,,,,a|c',
      'RLHF_PAIR,3,,,,Say hi,Hi!,"Hello, there",',
      'TXT_CLS,4,,spam|ham,,,,,',
    ].join('\r\n');
    const { drafts, rejected } = parseItemsCsv(text);
    expect(drafts.map((d) => d.draft.external_id)).toEqual(['1', '2', '3']);
    expect(drafts[0].draft).toMatchObject({ data: { text: 'Hello, world', categories: ['spam', 'ham'] }, expected: { choices: ['ham'] } });
    expect(drafts[1].draft).toMatchObject({ data: { text: 'two\nlines', categories: ['a', 'b', 'c'], allowMultiple: true }, expected: { choices: ['a', 'c'] } });
    expect(drafts[2].draft.data).toEqual({ prompt: 'Say hi', responseA: 'Hi!', responseB: 'Hello, there' });
    expect(rejected).toEqual([{ line: 6, reason: expect.stringMatching(/text/) }]);
  });

  it('reports a broken CSV as one rejection with its position', () => {
    expect(parseItemsCsv('type,text\nTXT_CLS,"open').rejected[0]).toMatchObject({ line: 2, reason: expect.stringMatching(/never closed/) });
  });

  it('knows the format from the file name', () => {
    expect(itemFormatOf('a/b/items.CSV')).toBe('csv');
    expect(itemFormatOf('items.ndjson')).toBe('jsonl');
    expect(itemFormatOf('items.txt')).toBeNull();
  });
});
