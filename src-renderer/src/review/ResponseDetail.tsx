import type { ProcedureOutput } from '../../../src-shared/contract/procedures';
import type { Item } from '../../../src-shared/qa/entities';
import { choicesOf } from '../../../src-shared/qa/items';
import { ItemContentView, type ContentTestIds } from '../items/ItemContentView';

/** The review's end-to-end tests find the item's words, whatever its kind, by one id. */
const REVIEW_IDS: ContentTestIds = { text: 'response-item-text', question: 'response-item-text', prompt: 'response-item-text' };

export type ResponseEntry = ProcedureOutput<'responseQueue'>['items'][number];

/** An answer as a reader says it: the texts of the chosen values ("A — Response A is better"). */
export function answerText(item: Item | null, values: readonly string[]): string {
  const texts = new Map((item ? choicesOf(item) : []).map((c) => [c.value, c.text]));
  return values.map((v) => (texts.has(v) && texts.get(v) !== v ? `${v} — ${texts.get(v)}` : v)).join(', ');
}

/** One response under review: the item as the annotator saw it, their answer, and the gold check. */
export function ResponseDetail({ entry, item }: { entry: ResponseEntry; item: Item | null }) {
  const chosen = new Set(entry.answer?.choices ?? []);
  return (
    <div className="item-card response-detail" data-testid="response-detail" data-response-id={entry.id} data-item-type={entry.item_type}>
      <div className="muted">
        {entry.item_type} {entry.external_id ? `· ${entry.external_id}` : ''} · by {entry.annotator?.full_name ?? 'unknown'}
        {entry.time_spent_ms !== null ? ` · ${(entry.time_spent_ms / 1000).toFixed(1)} s` : ''}
      </div>
      {item ? <ItemContentView item={item} testIds={REVIEW_IDS} chosen={chosen} /> : <div className="muted">Loading the item…</div>}
      <div className="response-answer" data-testid="response-answer">
        <span className="muted">Answer</span>{' '}
        {entry.skipped ? <em>skipped — {entry.skip_reason}</em> : <strong>{answerText(item, entry.answer?.choices ?? [])}</strong>}
        {entry.answer?.rationale && <p className="response-rationale">“{entry.answer.rationale}”</p>}
      </div>
      {entry.is_gold && (
        <div className={`response-gold ${entry.correct ? 'correct' : 'wrong'}`} data-testid="response-gold" data-correct={String(entry.correct)}>
          Gold item: {entry.correct === null ? 'not answered' : entry.correct ? 'answer correct ✓' : 'answer wrong ✗'}
          {entry.correct === false && item?.expected && ` (expected ${answerText(item, item.expected.choices)})`}
        </div>
      )}
    </div>
  );
}
