import { z } from 'zod';
import { csvRecords } from './csv';
import { answerProblems, answerSchema, imgClsData, ITEM_TYPES, questionData, rlhfPairData, txtClsData, type Answer, type ItemContent, type ItemType } from './items';

/** Item content as a file gives it: an IMG_CLS item names its image, which core resolves to an id. */
const draftContentSchema = z.discriminatedUnion('item_type', [
  z.object({ item_type: z.literal('IMG_CLS'), data: imgClsData.omit({ image_id: true }) }),
  z.object({ item_type: z.literal('TXT_CLS'), data: txtClsData }),
  z.object({ item_type: z.literal('RLHF_PAIR'), data: rlhfPairData }),
  z.object({ item_type: z.literal('QUESTION'), data: questionData }),
]);

/**
 * Items from JSONL or CSV. JSONL lines take the task shape of `000_…txt`
 * (`{"type":"TXT_CLS","data":{"text":…,"categories":[…]},"instructions":…}`) or the same fields
 * flat; CSV takes flat columns (type,id,text,categories,allow_multiple,prompt,response_a,
 * response_b,model_a,model_b,image,question,choices,expected,instructions), lists separated by
 * "|" or written as a JSON array. An item is gold when it carries an expected answer.
 */
export interface ItemDraft {
  item_type: ItemType;
  external_id: string | null;
  /** Content without the image id for IMG_CLS: core resolves `image_ref` against the project's images. */
  data: Record<string, unknown>;
  instructions: string;
  image_ref: string | null;
  /** Expected answer: present makes the item gold. */
  expected: Answer | null;
}

export interface ImportRejection {
  line: number;
  reason: string;
}

export interface ParsedItems {
  drafts: { line: number; draft: ItemDraft }[];
  rejected: ImportRejection[];
}

const ALIASES: Record<string, string> = {
  id: 'external_id', externalid: 'external_id', external_id: 'external_id',
  type: 'type', item_type: 'type', tasktype: 'type',
  text: 'text', categories: 'categories', labels: 'categories', classes: 'categories',
  allowmultiple: 'allowMultiple', allow_multiple: 'allowMultiple', multi: 'allowMultiple', maxlength: 'maxLength', max_length: 'maxLength',
  prompt: 'prompt', responsea: 'responseA', response_a: 'responseA', responseb: 'responseB', response_b: 'responseB',
  modela: 'modelA', model_a: 'modelA', modelb: 'modelB', model_b: 'modelB',
  image: 'image', image_id: 'image', imageurl: 'image', image_url: 'image', filename: 'image', image_path: 'image',
  question: 'question_text', question_text: 'question_text', questiontext: 'question_text', choices: 'choices',
  expected: 'expected', expected_answer: 'expected', expected_choices: 'expected', gold_answer: 'expected', answer: 'expected', correct: 'expected',
  gold: 'gold', goldtask: 'gold', gold_task: 'gold', is_gold: 'gold', honeypot: 'gold', is_honeypot: 'gold',
  instructions: 'instructions',
};

/** Flattens `{type, data:{…}}` and renames columns to the canonical field names. */
function canonical(record: Record<string, unknown>): Record<string, unknown> {
  const flat: Record<string, unknown> = { ...record };
  if (record.data && typeof record.data === 'object' && !Array.isArray(record.data)) {
    delete flat.data;
    Object.assign(flat, record.data);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const name = ALIASES[key.trim().toLowerCase()] ?? ALIASES[key.trim().toLowerCase().replace(/[\s-]/g, '_')];
    if (name && value !== '' && value !== null && value !== undefined) out[name] = value;
  }
  return out;
}

/** A list from an array, a JSON array string, or "a|b|c". */
function list(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)));
  const text = String(value).trim();
  if (text.startsWith('[')) {
    try {
      const parsed = JSON.parse(text);
      if (Array.isArray(parsed)) return list(parsed);
    } catch {
      // not JSON: fall through to the separator form
    }
  }
  return text.split('|').map((s) => s.trim()).filter(Boolean);
}

function flag(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  return /^(1|true|yes|y)$/i.test(String(value).trim());
}

function inferType(f: Record<string, unknown>): ItemType | null {
  if (f.type !== undefined) {
    const t = String(f.type).trim().toUpperCase();
    return (ITEM_TYPES as readonly string[]).includes(t) ? (t as ItemType) : null;
  }
  if (f.prompt !== undefined || f.responseA !== undefined) return 'RLHF_PAIR';
  if (f.question_text !== undefined) return 'QUESTION';
  if (f.text !== undefined) return 'TXT_CLS';
  if (f.image !== undefined) return 'IMG_CLS';
  return null;
}

/** Question choices from `[{value,text}]`, `["a","b"]` or "a|b". */
function questionChoices(value: unknown): { value: string; text: string }[] | undefined {
  if (Array.isArray(value) && value.every((v) => v && typeof v === 'object')) {
    return (value as Record<string, unknown>[]).map((c) => {
      const v = String(c.value ?? c.choice_value ?? c.id ?? c.text ?? c.choice_text ?? '');
      return { value: v, text: String(c.text ?? c.choice_text ?? v) };
    });
  }
  return list(value)?.map((v) => ({ value: v, text: v }));
}

function issueText(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.filter((p) => p !== 'data').join('.') || 'item'}: ${i.message}`).join('; ');
}

/** One record (a parsed JSONL object or a CSV row) to a draft, or the reason it cannot be one. */
export function itemFromRecord(record: Record<string, unknown>): { ok: true; draft: ItemDraft } | { ok: false; reason: string } {
  const f = canonical(record);
  const itemType = inferType(f);
  if (!itemType) {
    return { ok: false, reason: f.type !== undefined ? `unknown type "${String(f.type)}" (use ${ITEM_TYPES.join(', ')})` : 'cannot tell the item type: give a "type" column or text/prompt/question/image fields' };
  }
  const multi = flag(f.allowMultiple);
  const data: Record<string, unknown> = (() => {
    switch (itemType) {
      case 'IMG_CLS':
        return { categories: list(f.categories), allowMultiple: multi };
      case 'TXT_CLS':
        return { text: f.text === undefined ? undefined : String(f.text), categories: list(f.categories), allowMultiple: multi, maxLength: f.maxLength === undefined ? undefined : Number(f.maxLength) };
      case 'RLHF_PAIR':
        return { prompt: f.prompt === undefined ? undefined : String(f.prompt), responseA: String(f.responseA ?? ''), responseB: String(f.responseB ?? ''), modelA: f.modelA === undefined ? undefined : String(f.modelA), modelB: f.modelB === undefined ? undefined : String(f.modelB) };
      case 'QUESTION':
        return { question_text: f.question_text === undefined ? undefined : String(f.question_text), choices: questionChoices(f.choices), allowMultiple: multi };
    }
  })();
  const parsed = draftContentSchema.safeParse({ item_type: itemType, data });
  if (!parsed.success) return { ok: false, reason: issueText(parsed.error.issues) };
  if (itemType === 'IMG_CLS' && f.image === undefined) return { ok: false, reason: 'an IMG_CLS item needs an image (a filename or id of an image already in the project)' };
  // The image id does not matter for checking the expected answer against the choices.
  const content = (parsed.data.item_type === 'IMG_CLS' ? { ...parsed.data, data: { ...parsed.data.data, image_id: '' } } : parsed.data) as ItemContent;
  const expected = expectedAnswer(f, content);
  if (typeof expected === 'string') return { ok: false, reason: expected };
  return {
    ok: true,
    draft: {
      item_type: itemType,
      external_id: f.external_id === undefined ? null : String(f.external_id),
      data: parsed.data.data as Record<string, unknown>,
      instructions: f.instructions === undefined ? '' : String(f.instructions),
      image_ref: f.image === undefined ? null : String(f.image),
      expected,
    },
  };
}

/** The expected answer of a gold item, null for a normal item, or a reason string when it is wrong. */
function expectedAnswer(f: Record<string, unknown>, content: ItemContent): Answer | null | string {
  const isGold = flag(f.gold);
  if (f.expected === undefined) return isGold ? 'a gold item needs its expected answer (an "expected" field)' : null;
  if (isGold === false) return null;
  const answer = answerSchema.safeParse({ choices: list(f.expected) });
  if (!answer.success) return `expected: ${issueText(answer.error.issues)}`;
  const problems = answerProblems(content, answer.data);
  return problems.length ? `expected: ${problems.join('; ')}` : answer.data;
}

/** Items from JSON Lines: one JSON object per line; blank lines are skipped, bad lines reported. */
export function parseItemsJsonl(text: string): ParsedItems {
  const out: ParsedItems = { drafts: [], rejected: [] };
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      out.rejected.push({ line, reason: `not valid JSON (${(error as Error).message.slice(0, 120)})` });
      return;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      out.rejected.push({ line, reason: 'each line must be one JSON object' });
      return;
    }
    const r = itemFromRecord(value as Record<string, unknown>);
    if (r.ok) out.drafts.push({ line, draft: r.draft });
    else out.rejected.push({ line, reason: r.reason });
  });
  return out;
}

/** Items from CSV with a header row. */
export function parseItemsCsv(text: string): ParsedItems {
  const parsed = csvRecords(text);
  if (!parsed.ok) return { drafts: [], rejected: [{ line: parsed.line, reason: `column ${parsed.column}: ${parsed.reason}` }] };
  const out: ParsedItems = { drafts: [], rejected: [...parsed.rejected] };
  for (const { line, record } of parsed.records) {
    const r = itemFromRecord(record);
    if (r.ok) out.drafts.push({ line, draft: r.draft });
    else out.rejected.push({ line, reason: r.reason });
  }
  out.rejected.sort((a, b) => a.line - b.line);
  return out;
}

export type ItemFileFormat = 'jsonl' | 'csv';

/** The format of an item file from its name: .csv is CSV; .jsonl, .ndjson and .json are JSON Lines. */
export function itemFormatOf(file: string): ItemFileFormat | null {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (/\.(jsonl|ndjson|json)$/.test(lower)) return 'jsonl';
  return null;
}
