import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Annotation, Project } from '../../../src-shared/contract/entities';
import type { Person, Thread } from '../../../src-shared/qa/entities';
import { api } from '../api/client';
import { reportError } from '../errors/error-store';
import { classLookup } from '../viewer/class-colors';
import { BulkBar } from './BulkBar';
import { CommentsPanel } from './CommentsPanel';
import { ImageFilters } from './ImageFilters';
import { ImageQueue } from './ImageQueue';
import { emptySelection, nextCurrent, selectedInOrder } from './queue-selection';
import { RejectReason } from './RejectReason';
import { ReviewCanvas, type Pin } from './ReviewCanvas';
import { reviewKeyAction, type ReviewFilters, type QueueEntry, filterInput } from './review-keys';
import { useReviewQueue } from './use-review-queue';

const STATUS_LABEL: Record<string, string> = { pending: 'pending', approved: 'approved', rejected: 'rejected' };
const imageIdOf = (q: QueueEntry) => q.image_id;

/**
 * Image review: the queue of images awaiting review (filtered by annotator, class, type, status),
 * the open image with its annotations, and the keyboard flow — ↑/↓ focus an annotation, Y approves,
 * X rejects (with an optional reason), U resets, Enter marks the image reviewed and opens the next.
 * Images ticked in the queue are reviewed together from the bulk bar.
 */
export function ImageReview({ projectId, project }: { projectId: string; project: Project | null }) {
  const [people, setPeople] = useState<Person[]>([]);
  const [filters, setFilters] = useState<ReviewFilters>({ reviewed: 'false' });
  const [imageId, setImageId] = useState<string | null>(null);
  const [annotations, setAnnotations] = useState<Annotation[]>([]);
  const [focus, setFocus] = useState(0);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [threads, setThreads] = useState<Thread[]>([]);
  const [issues, setIssues] = useState<{ total: number; by_image: { image_id: string; filename: string; open: number }[] }>({ total: 0, by_image: [] });
  const [pin, setPin] = useState<Pin | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    api.listPeople({}).then(setPeople, reportError);
  }, [projectId]);

  const fetchQueue = useCallback(() => api.reviewQueue({ project_id: projectId, ...filterInput(filters), offset: 0, limit: 1000 }), [projectId, filters]);
  const { rows: queue, total: queueTotal, selection, setSelection, load: loadQueue } = useReviewQueue(fetchQueue, imageIdOf);

  const loadIssues = useCallback(() => {
    api.openIssues({ project_id: projectId, offset: 0, limit: 100 }).then(setIssues, reportError);
  }, [projectId]);

  useEffect(() => {
    void loadQueue().then((items) => setImageId((current) => nextCurrent([], items.map(imageIdOf), current, false)));
    loadIssues();
  }, [loadQueue, loadIssues]);

  const loadImage = useCallback(async () => {
    if (!imageId) {
      setAnnotations([]);
      setThreads([]);
      return;
    }
    try {
      const [anns, comments] = await Promise.all([api.listAnnotations({ image_id: imageId }), api.listComments({ project_id: projectId, image_id: imageId, offset: 0, limit: 1000 })]);
      setAnnotations(anns);
      setThreads(comments.items);
    } catch (e) {
      reportError(e);
    }
  }, [imageId, projectId]);

  useEffect(() => {
    setFocus(0);
    setPin(null);
    setRejecting(null);
    void loadImage();
  }, [loadImage]);

  const refreshComments = useCallback(() => {
    void loadImage();
    loadIssues();
  }, [loadImage, loadIssues]);

  const lookup = useMemo(() => classLookup(project?.classes ?? []), [project]);
  const entry = queue.find((q) => q.image_id === imageId) ?? null;
  const [imageSize, setImageSize] = useState<{ width: number; height: number } | null>(null);
  useEffect(() => {
    if (entry) setImageSize({ width: entry.width, height: entry.height });
    else if (imageId) api.getImage({ image_id: imageId }).then((i) => setImageSize({ width: i.width, height: i.height }), reportError);
    else setImageSize(null);
  }, [imageId, entry?.width, entry?.height]); // eslint-disable-line react-hooks/exhaustive-deps
  const focused = annotations[Math.min(focus, annotations.length - 1)] ?? null;

  const setStatus = useCallback(
    async (annotationId: string, status: Annotation['annotation_status'], why?: string) => {
      try {
        const result = await api.reviewAnnotations({ annotation_ids: [annotationId], status, ...(why?.trim() ? { reason: why.trim() } : {}) });
        const updated = new Map(result.annotations.map((a) => [a.id, a]));
        setAnnotations((list) => list.map((a) => updated.get(a.id) ?? a));
        if (result.comment_ids.length) refreshComments();
        setMessage(`${status === 'pending' ? 'Reset' : status === 'approved' ? 'Approved' : 'Rejected'} annotation`);
        // Move on to the next annotation after a decision, as a reviewer works down the list.
        setFocus((f) => Math.min(f + 1, Math.max(0, annotations.length - 1)));
        void loadQueue();
      } catch (e) {
        reportError(e);
      }
    },
    [annotations.length, loadQueue, refreshComments],
  );

  const go = useCallback(
    (delta: number) => {
      const i = queue.findIndex((q) => q.image_id === imageId);
      const next = queue[i + delta];
      if (next) setImageId(next.image_id);
    },
    [queue, imageId],
  );

  const markReviewed = useCallback(async () => {
    if (!imageId) return;
    try {
      const f = filterInput(filters);
      const { next_image_id } = await api.reviewImage({
        image_id: imageId,
        reviewed: true,
        annotator_id: f.annotator_id,
        class_id: f.class_id,
        annotation_type: f.annotation_type,
        annotation_status: f.annotation_status,
      });
      setMessage(next_image_id ? 'Image reviewed — next image' : 'Image reviewed — queue done');
      const items = await loadQueue();
      setImageId(next_image_id ?? items[0]?.image_id ?? null);
    } catch (e) {
      reportError(e);
    }
  }, [imageId, filters, loadQueue]);

  const bulkDone = useCallback(
    async (summary: string) => {
      setMessage(summary);
      setSelection(emptySelection);
      const items = await loadQueue();
      setImageId((current) => nextCurrent([], items.map(imageIdOf), current, false));
      void loadImage();
    },
    [loadQueue, loadImage],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (rejecting) return;
      const action = reviewKeyAction(e);
      if (!action) return;
      e.preventDefault();
      switch (action) {
        case 'focus-next':
          setFocus((f) => Math.min(f + 1, Math.max(0, annotations.length - 1)));
          break;
        case 'focus-prev':
          setFocus((f) => Math.max(0, f - 1));
          break;
        case 'approve':
          if (focused) void setStatus(focused.id, 'approved');
          break;
        case 'reject':
          if (focused) setRejecting(focused.id);
          break;
        case 'reset':
          if (focused) void setStatus(focused.id, 'pending');
          break;
        case 'reviewed':
          void markReviewed();
          break;
        case 'next-image':
          go(1);
          break;
        case 'prev-image':
          go(-1);
          break;
        case 'comment':
          document.querySelector<HTMLTextAreaElement>('[data-testid="comment-text"]')?.focus();
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rejecting, annotations.length, focused, setStatus, markReviewed, go]);

  const pins = useMemo(() => threads.filter((t) => t.x !== null && t.y !== null).map((t) => ({ x: t.x!, y: t.y!, resolved: t.resolved })), [threads]);
  const classes = project?.classes ?? [];
  const setFilter = (patch: Partial<ReviewFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const queueIndex = queue.findIndex((q) => q.image_id === imageId);

  const selectedIds = selectedInOrder(queue.map((q) => q.image_id), selection);

  return (
    <>
      <div className="review-filters" data-testid="review-filters">
        <ImageFilters filters={filters} people={people} classes={classes} onChange={setFilter} />
        <span className="muted" data-testid="review-queue-count">
          {queueTotal} image{queueTotal === 1 ? '' : 's'} in queue
        </span>
        <span className="muted review-keys" data-testid="review-keys-hint">
          <kbd>↑</kbd>/<kbd>↓</kbd> focus · <kbd>Y</kbd> approve · <kbd>X</kbd> reject · <kbd>U</kbd> reset · <kbd>Enter</kbd> reviewed → next · <kbd>←</kbd>/<kbd>→</kbd> image · <kbd>C</kbd> comment · wheel zoom, drag pan, <kbd>0</kbd>/<kbd>F</kbd> fit · Shift/Ctrl+click or <kbd>Ctrl</kbd>+<kbd>A</kbd> select images
        </span>
        {message && (
          <span className="review-message" data-testid="review-message">
            {message}
          </span>
        )}
      </div>
      <div className="review-body">
        <aside className="review-queue">
          {selectedIds.length > 0 && <BulkBar imageIds={selectedIds} filters={filters} onDone={(m) => void bulkDone(m)} onClear={() => setSelection(emptySelection)} />}
          <ImageQueue queue={queue} imageId={imageId} selection={selection} onOpen={setImageId} onSelect={setSelection} />
          <section className="open-issues" data-testid="open-issues">
            <h2>Open issues ({issues.total})</h2>
            <ul>
              {issues.by_image.map((b) => (
                <li key={b.image_id}>
                  <button type="button" className="ghost small" data-testid="open-issue-image" onClick={() => setImageId(b.image_id)}>
                    {b.filename} <span className="st issues">{b.open}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        </aside>
        <main className="review-main">
          {imageId && imageSize ? (
            <ReviewCanvas imageId={imageId} size={imageSize} annotations={annotations} focusedId={focused?.id ?? null} lookup={lookup} pins={pins} pending={pin} onPick={setPin} />
          ) : (
            <div className="empty muted">{queue.length ? 'Choose an image.' : 'No image to review.'}</div>
          )}
          {entry && (
            <div className="review-image-bar" data-testid="review-image-name">
              {entry.filename} — {queueIndex + 1} / {queueTotal}
            </div>
          )}
        </main>
        <aside className="review-side">
          <section>
            <h2>Annotations ({annotations.length})</h2>
            <ul className="review-annotations" data-testid="review-annotations">
              {annotations.map((a, i) => (
                <li
                  key={a.id}
                  data-testid="review-annotation"
                  data-annotation-id={a.id}
                  data-status={a.annotation_status}
                  aria-selected={focused?.id === a.id}
                  className={focused?.id === a.id ? 'focused' : undefined}
                  onClick={() => setFocus(i)}
                >
                  <span className="swatch" style={{ background: lookup.colorOf(a.class_id) }} />
                  <span className="name">
                    {lookup.nameOf(a.class_id)} <span className="muted">{a.annotation_type}</span>
                  </span>
                  <span className={`st ${a.annotation_status}`} data-testid="review-annotation-status">
                    {STATUS_LABEL[a.annotation_status]}
                  </span>
                </li>
              ))}
            </ul>
            {rejecting && (
              <RejectReason
                key={rejecting}
                label="Reason for rejecting (optional)"
                boxTestId="reject-box"
                inputTestId="reject-reason"
                onReject={(why) => {
                  setRejecting(null);
                  void setStatus(rejecting, 'rejected', why);
                }}
                onCancel={() => setRejecting(null)}
              />
            )}
          </section>
          {imageId && <CommentsPanel projectId={projectId} imageId={imageId} threads={threads} pin={pin} onClearPin={() => setPin(null)} onChanged={refreshComments} />}
        </aside>
      </div>
    </>
  );
}
