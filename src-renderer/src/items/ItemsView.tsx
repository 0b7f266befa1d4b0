import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueueItem } from '../../../src-shared/qa/entities';
import { api } from '../api/client';
import { useBusy } from '../common/use-busy';
import { reportError } from '../errors/error-store';
import { isTypingTarget } from '../review/review-keys';
import { SectionHeader } from '../review/ProjectTabs';
import { MarkGoldButton } from '../quality/MarkGoldButton';
import { canReview, useProfile } from '../people/profile-store';
import { ItemContentView } from './ItemContentView';
import { ItemImport } from './ItemImport';
import { choiceForKey, ordered, pick } from './item-keys';

interface Queue {
  item: QueueItem | null;
  position: number;
  remaining: number;
  total: number;
}

/**
 * Items: importing them, then labeling the local annotator's queue with the keyboard — number
 * keys choose (multi-label items toggle), Enter submits, S skips with a reason, R writes a rationale.
 */
export function ItemsView({ projectId }: { projectId: string }) {
  const profile = useProfile((s) => s.profile);
  const [projectName, setProjectName] = useState('');
  const [queue, setQueue] = useState<Queue | null>(null);
  const [selection, setSelection] = useState<string[]>([]);
  const [rationale, setRationale] = useState('');
  const [skipping, setSkipping] = useState(false);
  const [skipReason, setSkipReason] = useState('');
  const [done, setDone] = useState(0);
  const [busy, run] = useBusy();
  const started = useRef({ at: Date.now(), iso: new Date().toISOString() });
  const rationaleRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    // Arriving from a tab button: hand the keys to this view (Enter would press the tab again).
    (document.activeElement as HTMLElement | null)?.blur();
  }, []);

  useEffect(() => {
    api.getProject({ project_id: projectId }).then((p) => setProjectName(p.name), reportError);
  }, [projectId]);

  const loadNext = useCallback(async () => {
    try {
      const q = await api.nextItem({ project_id: projectId });
      setQueue(q);
      setSelection(q.item?.my_response?.answer?.choices ?? []);
      setRationale(q.item?.my_response?.answer?.rationale ?? '');
      setSkipping(false);
      setSkipReason('');
      started.current = { at: Date.now(), iso: new Date().toISOString() };
    } catch (e) {
      reportError(e);
    }
  }, [projectId]);

  useEffect(() => {
    void loadNext();
  }, [loadNext]);

  const item = queue?.item ?? null;

  const submit = useCallback(async () => {
    if (!item || busy || selection.length === 0) return;
    await run(async () => {
      await api.submitResponse({
        item_id: item.id,
        answer: { choices: ordered(selection, item.choices), ...(rationale.trim() ? { rationale: rationale.trim() } : {}) },
        time_spent_ms: Math.min(86_400_000, Date.now() - started.current.at),
        started_at: started.current.iso,
      });
      setDone((d) => d + 1);
      await loadNext();
    });
  }, [item, busy, selection, rationale, loadNext, run]);

  const skip = useCallback(async () => {
    if (!item || !skipReason.trim()) return;
    await run(async () => {
      await api.skipItem({ item_id: item.id, reason: skipReason.trim(), time_spent_ms: Math.min(86_400_000, Date.now() - started.current.at) });
      await loadNext();
    });
  }, [item, skipReason, loadNext, run]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!item || skipping || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      const value = choiceForKey(e.key, item.choices);
      if (value) {
        e.preventDefault();
        setSelection((s) => pick(s, value, item.allow_multiple));
      } else if (e.key === 'Enter' && (e.target as { tagName?: string } | null)?.tagName !== 'BUTTON') {
        e.preventDefault();
        void submit();
      } else if (e.key === 's' || e.key === 'S') {
        e.preventDefault();
        setSkipping(true);
      } else if (e.key === 'r' || e.key === 'R') {
        e.preventDefault();
        rationaleRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [item, skipping, submit]);

  return (
    <div className="page items-view" data-testid="items-view">
      <SectionHeader projectId={projectId} title={projectName ? `${projectName} — items` : 'Items'} />
      <div className="items-body">
        {canReview(profile) && <ItemImport projectId={projectId} onImported={() => void loadNext()} />}
        <section className="labeler" data-testid="item-labeler">
          {queue && (
            <div className="item-progress muted" data-testid="item-progress">
              {item ? `Item ${queue.position} of ${queue.total} · ${queue.remaining} left` : `${queue.total} items`} · {done} answered this session
              {' · '}
              <kbd>1</kbd>–<kbd>9</kbd> choose · <kbd>Enter</kbd> submit · <kbd>S</kbd> skip · <kbd>R</kbd> rationale
            </div>
          )}
          {!item && queue && (
            <div className="empty" data-testid="items-done">
              {queue.total ? 'All items are labeled. 🎉' : 'No items yet: import some above.'}
            </div>
          )}
          {item && (
            <div className="item-card" data-testid="item-card" data-item-type={item.item_type} data-item-id={item.id}>
              {item.instructions && <p className="instructions">{item.instructions}</p>}
              <ItemContentView item={item} keyHints />
              <ol className="choices" data-testid="item-choices">
                {item.choices.map((c, i) => (
                  <li key={c.value}>
                    <button
                      type="button"
                      data-testid="item-choice"
                      data-value={c.value}
                      aria-pressed={selection.includes(c.value)}
                      className={selection.includes(c.value) ? 'choice selected' : 'choice'}
                      onClick={() => setSelection((s) => pick(s, c.value, item.allow_multiple))}
                    >
                      <kbd>{i + 1}</kbd> {c.text || c.value}
                    </button>
                  </li>
                ))}
              </ol>
              {item.allow_multiple && <p className="muted">Several answers allowed: number keys toggle.</p>}
              <label className="rationale">
                <span>
                  Rationale (optional) — <kbd>R</kbd> to write, <kbd>Enter</kbd> submits, <kbd>Shift+Enter</kbd> new line
                </span>
                <textarea
                  ref={rationaleRef}
                  data-testid="item-rationale"
                  rows={2}
                  value={rationale}
                  onChange={(e) => setRationale(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && !e.shiftKey) {
                      e.preventDefault();
                      e.currentTarget.blur();
                      void submit();
                    } else if (e.key === 'Escape') e.currentTarget.blur();
                  }}
                />
              </label>
              {skipping ? (
                <div className="skip-box" data-testid="skip-box">
                  <label>
                    <span>
                      Why skip? — <kbd>Enter</kbd> skips, <kbd>Esc</kbd> cancels
                    </span>
                    <input
                      autoFocus
                      data-testid="skip-reason"
                      value={skipReason}
                      onChange={(e) => setSkipReason(e.target.value)}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') {
                          e.preventDefault();
                          void skip();
                        } else if (e.key === 'Escape') {
                          e.preventDefault();
                          setSkipping(false);
                        }
                      }}
                    />
                  </label>
                </div>
              ) : (
                <div className="row">
                  <button type="button" data-testid="item-submit" disabled={busy || selection.length === 0} onClick={() => void submit()}>
                    Submit <kbd>Enter</kbd>
                  </button>
                  <button type="button" className="ghost" data-testid="item-skip" onClick={() => setSkipping(true)}>
                    Skip <kbd>S</kbd>
                  </button>
                  <MarkGoldButton key={item.id} itemId={item.id} choices={ordered(selection, item.choices)} />
                </div>
              )}
            </div>
          )}
        </section>
      </div>
    </div>
  );
}
