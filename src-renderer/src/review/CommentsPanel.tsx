import { useCallback, useEffect, useState } from 'react';
import type { Thread } from '../../../src-shared/qa/entities';
import { api } from '../api/client';
import { useBusy } from '../common/use-busy';
import { reportError } from '../errors/error-store';
import type { Pin } from './ReviewCanvas';

/** Comment threads of the image under review: add (pinned at the picked point), reply, resolve/reopen. */
export function CommentsPanel({ projectId, imageId, threads, pin, onClearPin, onChanged }: {
  projectId: string;
  imageId: string;
  threads: readonly Thread[];
  pin: Pin | null;
  onClearPin(): void;
  onChanged(): void;
}) {
  const [text, setText] = useState('');
  const [issue, setIssue] = useState(false);
  const [busy, run] = useBusy();

  const add = async () => {
    if (!text.trim()) return;
    await run(async () => {
      await api.createComment({ project_id: projectId, image_id: imageId, text, comment_type: issue ? 'issue' : 'comment', ...(pin ? { x: pin.x, y: pin.y } : {}) });
      setText('');
      onClearPin();
      onChanged();
    });
  };

  return (
    <section className="comments-panel" data-testid="comments-panel">
      <h2>Comments ({threads.length})</h2>
      <ul className="thread-list">
        {threads.map((t) => (
          <ThreadRow key={t.id} thread={t} onChanged={onChanged} />
        ))}
        {threads.length === 0 && <li className="muted">No comments on this image.</li>}
      </ul>
      <div className="comment-form">
        <textarea
          data-testid="comment-text"
          placeholder="Add a comment (Ctrl+Enter posts; click the image to pin it)"
          value={text}
          rows={2}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void add();
            }
            if (e.key === 'Escape') e.currentTarget.blur();
          }}
        />
        <div className="row">
          <label>
            <input type="checkbox" data-testid="comment-issue" checked={issue} onChange={(e) => setIssue(e.target.checked)} /> issue
          </label>
          {pin ? (
            <span className="pin-note" data-testid="comment-pin">
              pinned at {pin.x}, {pin.y}{' '}
              <button type="button" className="ghost small" onClick={onClearPin}>
                unpin
              </button>
            </span>
          ) : (
            <span className="muted">not pinned</span>
          )}
          <span className="spacer" />
          <button type="button" data-testid="comment-add" disabled={busy || !text.trim()} onClick={() => void add()}>
            Comment
          </button>
        </div>
      </div>
    </section>
  );
}

function ThreadRow({ thread, onChanged }: { thread: Thread; onChanged(): void }) {
  const [reply, setReply] = useState('');
  const [replying, setReplying] = useState(false);
  const act = useCallback(
    async (fn: () => Promise<unknown>) => {
      try {
        await fn();
        onChanged();
      } catch (e) {
        reportError(e);
      }
    },
    [onChanged],
  );
  useEffect(() => setReply(''), [thread.id]);
  return (
    <li className={thread.resolved ? 'thread resolved' : 'thread'} data-testid="comment-thread" data-resolved={thread.resolved ? 'true' : 'false'} data-comment-id={thread.id}>
      <div className="comment">
        <span className={`comment-type ${thread.comment_type}`}>{thread.comment_type}</span>
        <strong>{thread.author?.full_name ?? 'someone'}</strong>
        {thread.x !== null && thread.y !== null && (
          <span className="muted">
            {' '}
            @ {Math.round(thread.x)},{Math.round(thread.y)}
          </span>
        )}
        {thread.annotation_id && <span className="muted"> on annotation</span>}
        <div className="comment-text" data-testid="comment-body">
          {thread.text}
        </div>
      </div>
      {thread.replies.map((r) => (
        <div key={r.id} className="comment reply" data-testid="comment-reply">
          <strong>{r.author?.full_name ?? 'someone'}</strong>
          <div className="comment-text">{r.text}</div>
        </div>
      ))}
      <div className="row">
        <button type="button" className="ghost small" data-testid="comment-reply-open" onClick={() => setReplying((v) => !v)}>
          Reply
        </button>
        <button
          type="button"
          className="ghost small"
          data-testid="comment-resolve"
          onClick={(e) => {
            // Give the keyboard back to the review flow (Enter would press this button again).
            e.currentTarget.blur();
            void act(() => api.resolveComment({ comment_id: thread.id, resolved: !thread.resolved }));
          }}
        >
          {thread.resolved ? 'Reopen' : 'Resolve'}
        </button>
        {thread.resolved && <span className="muted">resolved{thread.resolved_by ? ` by ${thread.resolved_by.full_name}` : ''}</span>}
      </div>
      {replying && (
        <div className="row">
          <input
            autoFocus
            data-testid="comment-reply-text"
            placeholder="Reply (Enter posts)"
            value={reply}
            onChange={(e) => setReply(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && reply.trim()) {
                e.preventDefault();
                void act(() => api.createComment({ parent_id: thread.id, text: reply })).then(() => {
                  setReply('');
                  setReplying(false);
                });
              }
              if (e.key === 'Escape') setReplying(false);
            }}
          />
        </div>
      )}
    </li>
  );
}
