import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/contract/errors';
import { toCsv } from '../../../src-shared/qa/csv';
import { itemFormatOf, parseItemsCsv, parseItemsJsonl, type ItemFileFormat, type ImportRejection } from '../../../src-shared/qa/item-import';
import { itemContentSchema, scoreAnswer, type Answer } from '../../../src-shared/qa/items';
import type { QaStore } from './store';
import { json } from './store/context';
import type { NewItem } from './store/items';

function readSource(source: { file?: string; content?: string; format?: ItemFileFormat }): { text: string; format: ItemFileFormat } {
  if (source.content !== undefined) return { text: source.content, format: source.format ?? (source.content.trimStart().startsWith('{') ? 'jsonl' : 'csv') };
  const file = path.resolve(source.file!);
  const format = source.format ?? itemFormatOf(file);
  if (!format) throw new AppError('UNSUPPORTED_FILE', `Cannot tell the format of ${file} from its name; use .jsonl or .csv, or say the format.`);
  try {
    return { text: fs.readFileSync(file, 'utf8'), format };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `No file at ${file}. Check the path.`);
    throw new AppError('IO_ERROR', `Cannot read ${file}: ${(error as Error).message}.`);
  }
}

/**
 * Imports items into a project in one transaction: lines that cannot be items are reported with
 * their line number and reason, the rest land; an external id already in the project (or earlier
 * in the file) is skipped, so importing the same file twice adds nothing.
 */
export function importItems(qa: QaStore, projectId: string, source: { file?: string; content?: string; format?: ItemFileFormat }) {
  const { text, format } = readSource(source);
  const parsed = format === 'csv' ? parseItemsCsv(text) : parseItemsJsonl(text);
  const failed: ImportRejection[] = [...parsed.rejected];
  const seen = qa.items.externalIds(projectId);
  const resolveImage = qa.items.imageResolver(projectId);
  const fresh: { item: NewItem; expected: Answer | null }[] = [];
  let skipped = 0;
  for (const { line, draft } of parsed.drafts) {
    if (draft.external_id !== null && seen.has(draft.external_id)) {
      skipped++;
      continue;
    }
    let data = draft.data;
    if (draft.item_type === 'IMG_CLS') {
      const imageId = resolveImage(draft.image_ref ?? '');
      if (!imageId) {
        failed.push({ line, reason: `no image "${draft.image_ref}" in this project (import its folder first, or give the image id)` });
        continue;
      }
      data = { ...data, image_id: imageId };
    }
    if (draft.item_type === 'QUESTION' && draft.image_ref) {
      const imageId = resolveImage(draft.image_ref);
      if (imageId) data = { ...data, image_id: imageId };
    }
    const content = itemContentSchema.parse({ item_type: draft.item_type, data });
    if (draft.external_id !== null) seen.add(draft.external_id);
    fresh.push({ item: { external_id: draft.external_id, instructions: draft.instructions, content }, expected: draft.expected });
  }
  const me = qa.people.local();
  qa.db.transaction(() => {
    const ids = qa.items.insertMany(projectId, fresh.map((f) => f.item));
    fresh.forEach((f, i) => f.expected && qa.gold.mark(projectId, { item_id: ids[i] }, f.expected, me.id));
  })();
  failed.sort((a, b) => a.line - b.line);
  return { format, read: parsed.drafts.length + parsed.rejected.length, imported: fresh.length, gold: fresh.filter((f) => f.expected).length, skipped_existing: skipped, failed };
}

const COLUMNS = ['response_id', 'item_id', 'external_id', 'item_type', 'annotator_id', 'annotator_name', 'annotator_email', 'answer', 'rationale', 'skipped', 'skip_reason',
  'confidence', 'time_spent_ms', 'started_at', 'submitted_at', 'task_id', 'review_status', 'reviewer_id', 'reviewed_at', 'is_gold', 'correct'] as const;

/** Every live response of a project as JSONL (answer as an array) or CSV (choices joined by "|"). */
export function exportResponses(qa: QaStore, projectId: string, format: 'jsonl' | 'csv'): { content: string; count: number } {
  const items = new Map(qa.items.all(projectId).map((i) => [i.id, i]));
  const refs = qa.people.refs();
  const rows = qa.responses.all(projectId).map((r) => {
    const item = items.get(r.item_id as string);
    const answer = r.answer ? json<Answer | null>(r.answer, null) : null;
    const person = refs(r.annotator_id as string);
    return {
      response_id: r.id,
      item_id: r.item_id as string,
      external_id: item?.external_id ?? null,
      item_type: item?.content.item_type ?? null,
      annotator_id: r.annotator_id as string,
      annotator_name: person?.full_name ?? null,
      annotator_email: person?.email ?? null,
      answer: answer?.choices ?? null,
      rationale: answer?.rationale ?? null,
      skipped: r.skipped === 1,
      skip_reason: (r.skip_reason as string | null) ?? null,
      confidence: (r.confidence as number | null) ?? null,
      time_spent_ms: (r.time_spent_ms as number | null) ?? null,
      started_at: (r.started_at as string | null) ?? null,
      submitted_at: r.submitted_at as string,
      task_id: (r.task_id as string | null) ?? null,
      review_status: r.review_status as string,
      reviewer_id: (r.reviewer_id as string | null) ?? null,
      reviewed_at: (r.reviewed_at as string | null) ?? null,
      is_gold: item?.expected !== null && item?.expected !== undefined,
      correct: item?.expected && answer ? scoreAnswer(item.expected, answer).correct : null,
    };
  });
  if (format === 'jsonl') return { content: rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''), count: rows.length };
  const table = [COLUMNS as readonly string[], ...rows.map((r) => COLUMNS.map((c) => (c === 'answer' ? (r.answer ?? []).join('|') : r[c])))];
  return { content: toCsv(table as (string | number | boolean | null)[][]), count: rows.length };
}
