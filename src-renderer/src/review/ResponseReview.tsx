import { useCallback, useEffect, useRef, useState } from 'react';
import { REVIEW_STATUSES, type Item, type Person } from '../../../src-shared/qa/entities';
import { ITEM_TYPES, type ItemType } from '../../../src-shared/qa/items';
import { api } from '../api/client';
import { useBusy } from '../common/use-busy';
import { reportError } from '../errors/error-store';
import { chunks, MAX_IDS_PER_CALL } from './bulk-review';
import { FilterSelect } from './FilterSelect';
import { clickSelection, emptySelection, nextCurrent, selectAll, selectedInOrder } from './queue-selection';
import { RejectReason } from './RejectReason';
import { ResponseDetail, answerText, type ResponseEntry } from './ResponseDetail';
import { isSelectAll, responseKeyAction } from './review-keys';
import { useReviewQueue } from './use-review-queue';

type Status = (typeof REVIEW_STATUSES)[number];

interface ResponseFilters {
  item_type?: ItemType;
  annotator_id?: string;
  status: Status | 'all';
}

const responseIdOf = (r: ResponseEntry) => r.id;

const STATUS_FILTER = [...REVIEW_STATUSES, 'all'] as const;

const DONE: Record<Status, string> = { approved: 'Approved', rejected: 'Rejected', pending: 'Reset' };

/**
 * Response review: annotators' answers to items, pending first by default, filtered by item
 * type, annotator and status. J/K or the arrows walk the list, Y approves, X rejects with a
 * reason (an issue comment on the item), U resets; ticked responses are approved together.
 */
export function ResponseReview({ projectId }: { projectId: string }) {
  const [people, setPeople] = useState<Person[]>([]);
  const [filters, setFilters] = useState<ResponseFilters>({ status: 'pending' });
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [items, setItems] = useState<ReadonlyMap<string, Item>>(new Map());
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, run] = useBusy();
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    api.listPeople({}).then(setPeople, reportError);
  }, []);

  const fetchQueue = useCallback(
    () =>
      api.responseQueue({
        project_id: projectId,
        item_type: filters.item_type,
        annotator_id: filters.annotator_id,
        review_status: filters.status === 'all' ? null : filters.status,
        offset: 0,
        limit: 1000,
      }),
    [projectId, filters],
  );
  const { rows: entries, total, selection, setSelection, load } = useReviewQueue(fetchQueue, responseIdOf);

  useEffect(() => {
    void load().then((list) => setCurrentId((cur) => nextCurrent([], list.map(responseIdOf), cur, false)));
  }, [load]);

  const current = entries.find((r) => r.id === currentId) ?? null;
  const currentItemId = current?.item_id ?? null;

  useEffect(() => {
    if (!currentItemId || items.has(currentItemId)) return;
    api.getItem({ item_id: currentItemId }).then((item) => setItems((m) => new Map(m).set(item.id, item)), reportError);
  }, [currentItemId, items]);

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [currentId]);

  const decide = useCallback(
    async (ids: string[], status: Status, why?: string) => {
      if (!ids.length || busy) return;
      await run(async () => {
        for (const part of chunks(ids, MAX_IDS_PER_CALL)) {
          await api.reviewResponses({ response_ids: part, status, ...(why?.trim() ? { reason: why.trim() } : {}) });
        }
        setMessage(`${DONE[status]} ${ids.length === 1 ? 'response' : `${ids.length} responses`}`);
        const before = entries.map(responseIdOf);
        const list = await load();
        const single = ids.length === 1 && ids[0] === currentId;
        setCurrentId(nextCurrent(before, list.map(responseIdOf), currentId, single));
      });
    },
    [busy, entries, currentId, load, run],
  );

  const move = useCallback(
    (delta: number) => {
      const i = entries.findIndex((r) => r.id === currentId);
      const next = entries[i + delta];
      if (next) setCurrentId(next.id);
    },
    [entries, currentId],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (rejecting) return;
      const action = responseKeyAction(e);
      if (!action) return;
      e.preventDefault();
      if (action === 'next') move(1);
      else if (action === 'prev') move(-1);
      else if (!current) return;
      else if (action === 'approve') void decide([current.id], 'approved');
      else if (action === 'reset') void decide([current.id], 'pending');
      else setRejecting(current.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rejecting, current, move, decide]);

  const order = entries.map((r) => r.id);
  const selectedIds = selectedInOrder(order, selection);
  const setFilter = (patch: Partial<ResponseFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const nameOf = (r: ResponseEntry) => r.annotator?.full_name ?? 'unknown';

  return (
    <>
      <div className="review-filters" data-testid="response-filters">
        <FilterSelect label="Item type" testId="response-filter-type" any value={filters.item_type} options={ITEM_TYPES} onChange={(item_type) => setFilter({ item_type })} />
        <FilterSelect label="Annotator" testId="response-filter-annotator" any value={filters.annotator_id} options={people.map((p) => ({ value: p.id, text: p.full_name }))} onChange={(annotator_id) => setFilter({ annotator_id })} />
        <FilterSelect label="Status" testId="response-filter-status" value={filters.status} options={STATUS_FILTER} onChange={(status) => setFilter({ status })} />
        <span className="muted" data-testid="response-queue-count">
          {total} response{total === 1 ? '' : 's'}
        </span>
        <span className="muted review-keys">
          <kbd>J</kbd>/<kbd>K</kbd> or arrows move · <kbd>Y</kbd> approve · <kbd>X</kbd> reject · <kbd>U</kbd> reset · Shift/Ctrl+click or <kbd>Ctrl</kbd>+<kbd>A</kbd> select
        </span>
        {message && (
          <span className="review-message" data-testid="review-message">
            {message}
          </span>
        )}
      </div>
      <div className="response-body">
        <aside className="review-queue response-queue">
          {selectedIds.length > 0 && (
            <div className="bulk-bar" data-testid="response-bulk-bar">
              <div className="bulk-actions">
                <strong>{selectedIds.length} selected</strong>
                <button type="button" data-testid="response-bulk-approve" disabled={busy} onClick={() => void decide(selectedIds, 'approved')}>
                  Approve selected
                </button>
                <button type="button" className="ghost" disabled={busy} onClick={() => setSelection(emptySelection)}>
                  Clear
                </button>
              </div>
            </div>
          )}
          <div
            className="queue-list"
            tabIndex={0}
            data-testid="response-queue-list"
            onKeyDown={(e) => {
              if (!isSelectAll(e)) return;
              e.preventDefault();
              setSelection(selectAll(order));
            }}
          >
            <ul ref={listRef} data-testid="response-queue">
              {entries.map((r) => {
                const selected = selection.ids.has(r.id);
                return (
                  <li key={r.id} className={['queue-row', r.id === currentId ? 'current' : '', selected ? 'selected' : ''].join(' ').trim()} aria-selected={r.id === currentId}>
                    <input type="checkbox" data-testid="response-check" aria-label="Select response" checked={selected} readOnly onClick={(e) => setSelection(clickSelection(order, selection, r.id, e.shiftKey))} />
                    <button
                      type="button"
                      data-testid="response-row"
                      data-response-id={r.id}
                      data-status={r.review_status}
                      onClick={(e) => {
                        if (e.shiftKey || e.ctrlKey || e.metaKey) setSelection(clickSelection(order, selection, r.id, e.shiftKey));
                        else setCurrentId(r.id);
                      }}
                    >
                      <span className="name">
                        <span className="muted">{r.item_type}</span> {r.external_id ?? r.item_id.slice(0, 8)}
                      </span>
                      <span className="counts">
                        <span className="muted">{nameOf(r)}</span>
                        <span className="answer">{r.skipped ? 'skipped' : answerText(items.get(r.item_id) ?? null, r.answer?.choices ?? [])}</span>
                        {r.is_gold && <span className={`st ${r.correct ? 'approved' : 'rejected'}`} title="gold answer">{r.correct ? 'gold ✓' : 'gold ✗'}</span>}
                        <span className={`st ${r.review_status}`}>{r.review_status}</span>
                      </span>
                    </button>
                  </li>
                );
              })}
              {entries.length === 0 && (
                <li className="muted" data-testid="response-queue-empty">
                  No responses with these filters.
                </li>
              )}
            </ul>
          </div>
        </aside>
        <main className="response-main">
          {current ? (
            <>
              <ResponseDetail entry={current} item={items.get(current.item_id) ?? null} />
              <div className="row response-actions">
                <button type="button" data-testid="response-approve" disabled={busy} onClick={() => void decide([current.id], 'approved')}>
                  Approve <kbd>Y</kbd>
                </button>
                <button type="button" className="danger" data-testid="response-reject" disabled={busy} onClick={() => setRejecting(current.id)}>
                  Reject… <kbd>X</kbd>
                </button>
                <button type="button" className="ghost" data-testid="response-reset" disabled={busy} onClick={() => void decide([current.id], 'pending')}>
                  Reset <kbd>U</kbd>
                </button>
              </div>
              {rejecting && (
                <RejectReason
                  key={rejecting}
                  label="Reason for rejecting (optional, becomes an issue comment on the item)"
                  boxTestId="response-reject-box"
                  inputTestId="response-reject-reason"
                  onReject={(why) => {
                    setRejecting(null);
                    void decide([rejecting], 'rejected', why);
                  }}
                  onCancel={() => setRejecting(null)}
                />
              )}
            </>
          ) : (
            <div className="empty muted">{entries.length ? 'Choose a response.' : 'No response to review.'}</div>
          )}
        </main>
      </div>
    </>
  );
}
