import { describe, expect, it } from 'vitest';
import { answerKey, answerProblems, choicesOf, itemContentSchema, scoreAnswer, type ItemContent } from './items';

const text: ItemContent = itemContentSchema.parse({ item_type: 'TXT_CLS', data: { text: 'Buy now!', categories: ['spam', 'ham', 'promotion'] } });
const multi: ItemContent = itemContentSchema.parse({ item_type: 'TXT_CLS', data: { text: 'x', categories: ['a', 'b', 'c'], allowMultiple: true } });
const pair: ItemContent = itemContentSchema.parse({ item_type: 'RLHF_PAIR', data: { prompt: 'Capital of France?', responseA: 'Paris.', responseB: 'Lyon.' } });

describe('items and answers', () => {
  it('offer their choices in order: categories, A/B/tie, or the question choices', () => {
    expect(choicesOf(text).map((c) => c.value)).toEqual(['spam', 'ham', 'promotion']);
    expect(choicesOf(pair).map((c) => c.value)).toEqual(['A', 'B', 'tie']);
  });

  it('refuse unknown choices, repeats, and several choices on a single-answer item', () => {
    expect(answerProblems(text, { choices: ['spam'] })).toEqual([]);
    expect(answerProblems(text, { choices: ['eggs'] })[0]).toMatch(/not a choice of this item: eggs/);
    expect(answerProblems(text, { choices: ['spam', 'ham'] })).toEqual(['this item takes a single answer']);
    expect(answerProblems(multi, { choices: ['a', 'b'] })).toEqual([]);
    expect(answerProblems(multi, { choices: ['a', 'a'] })).toEqual(['a choice is given twice']);
    expect(answerProblems(pair, { choices: ['tie'], rationale: 'both fine' })).toEqual([]);
  });

  it('refuse duplicate categories and too few choices', () => {
    expect(itemContentSchema.safeParse({ item_type: 'TXT_CLS', data: { text: 'x', categories: ['a', 'a'] } }).success).toBe(false);
    expect(itemContentSchema.safeParse({ item_type: 'QUESTION', data: { question_text: 'q', choices: [{ value: 'a', text: 'A' }] } }).success).toBe(false);
  });

  it('compare multi-choice answers as sets: key, exact correctness and Jaccard score', () => {
    expect(answerKey({ choices: ['b', 'a'] })).toBe('a|b');
    expect(scoreAnswer({ choices: ['a', 'b'] }, { choices: ['b', 'a'] })).toEqual({ correct: true, score: 1 });
    expect(scoreAnswer({ choices: ['a', 'b'] }, { choices: ['a'] })).toEqual({ correct: false, score: 0.5 });
    expect(scoreAnswer({ choices: ['A'] }, { choices: ['B'] })).toEqual({ correct: false, score: 0 });
  });
});
