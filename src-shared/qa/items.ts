import { z } from 'zod';

/**
 * Labeling items beyond images, in the shapes of the platforms in shared/api-spec: image and
 * text classification (IMG_CLS, TXT_CLS), response pairs (RLHF_PAIR) and the question with
 * choices (QUESTION). Every type offers a list of choices, so one answer shape serves all:
 * the chosen values (number keys pick them in the UI) plus an optional rationale.
 */
export const ITEM_TYPES = ['IMG_CLS', 'TXT_CLS', 'RLHF_PAIR', 'QUESTION'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

const label = z.string().trim().min(1).max(200);
const distinct = (values: string[], ctx: z.RefinementCtx) => {
  if (new Set(values).size !== values.length) ctx.addIssue({ code: 'custom', message: 'choices must be distinct' });
};
const categories = z.array(label).min(2, 'give at least two categories').max(200).superRefine(distinct);

export const imgClsData = z.object({
  image_id: z.string().min(1).max(64),
  categories,
  allowMultiple: z.boolean().default(false),
});
export const txtClsData = z.object({
  text: z.string().min(1, 'the text is empty').max(200_000),
  categories,
  allowMultiple: z.boolean().default(false),
  maxLength: z.number().int().positive().optional(),
});
export const rlhfPairData = z.object({
  prompt: z.string().min(1, 'the prompt is empty').max(200_000),
  responseA: z.string().max(200_000),
  responseB: z.string().max(200_000),
  modelA: z.string().max(200).optional(),
  modelB: z.string().max(200).optional(),
});
export const choiceSchema = z.object({ value: label, text: z.string().max(2_000) });
export const questionData = z.object({
  question_text: z.string().min(1, 'the question is empty').max(20_000),
  choices: z.array(choiceSchema).min(2, 'give at least two choices').max(200).superRefine((cs, ctx) => distinct(cs.map((c) => c.value), ctx)),
  allowMultiple: z.boolean().default(false),
  /** Optional media: an image of the project shown with the question. */
  image_id: z.string().min(1).max(64).optional(),
});

/** Item content by type; the discriminator is the item's `item_type`. */
export const itemContentSchema = z.discriminatedUnion('item_type', [
  z.object({ item_type: z.literal('IMG_CLS'), data: imgClsData }),
  z.object({ item_type: z.literal('TXT_CLS'), data: txtClsData }),
  z.object({ item_type: z.literal('RLHF_PAIR'), data: rlhfPairData }),
  z.object({ item_type: z.literal('QUESTION'), data: questionData }),
]);
export type ItemContent = z.infer<typeof itemContentSchema>;

/** What an annotator submits: the chosen values (one unless the item allows several) and why. */
export const answerSchema = z.object({
  choices: z.array(z.string().min(1).max(200)).min(1, 'choose at least one answer').max(200),
  rationale: z.string().max(20_000).optional(),
});
export type Answer = z.infer<typeof answerSchema>;

export const RLHF_CHOICES = [
  { value: 'A', text: 'Response A is better' },
  { value: 'B', text: 'Response B is better' },
  { value: 'tie', text: 'Tie' },
] as const;

/** The choices of an item in display order: key 1 picks the first. */
export function choicesOf(content: ItemContent): { value: string; text: string }[] {
  switch (content.item_type) {
    case 'IMG_CLS':
    case 'TXT_CLS':
      return content.data.categories.map((c) => ({ value: c, text: c }));
    case 'RLHF_PAIR':
      return RLHF_CHOICES.map((c) => ({ ...c }));
    case 'QUESTION':
      return content.data.choices;
  }
}

export const allowsMultiple = (content: ItemContent): boolean => content.item_type !== 'RLHF_PAIR' && content.data.allowMultiple;

/** Problems with an answer for this item (empty when it is valid). */
export function answerProblems(content: ItemContent, answer: Answer): string[] {
  const allowed = new Set(choicesOf(content).map((c) => c.value));
  const problems: string[] = [];
  const unknown = answer.choices.filter((c) => !allowed.has(c));
  if (unknown.length) problems.push(`not a choice of this item: ${unknown.join(', ')} (choose from ${[...allowed].join(', ')})`);
  if (new Set(answer.choices).size !== answer.choices.length) problems.push('a choice is given twice');
  if (answer.choices.length > 1 && !allowsMultiple(content)) problems.push('this item takes a single answer');
  return problems;
}

/** An answer as one nominal category: its sorted choices joined by "|" (agreement metrics compare these). */
export const answerKey = (answer: Answer): string => [...new Set(answer.choices)].sort().join('|');

/**
 * Scores an answer against the expected one: correct only on the exact same set of choices;
 * `score` is their Jaccard overlap, partial credit for multi-choice items.
 */
export function scoreAnswer(expected: Answer, given: Answer): { correct: boolean; score: number } {
  const e = new Set(expected.choices);
  const g = new Set(given.choices);
  const inter = [...g].filter((c) => e.has(c)).length;
  const union = new Set([...e, ...g]).size;
  return { correct: inter === e.size && inter === g.size, score: union ? inter / union : 1 };
}
