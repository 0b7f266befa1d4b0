import type { ProcedureArgs } from '../../../src-shared/contract/procedures';
import { anchorOf } from '../../../src-shared/qa/anchor';
import { scoreAnswer, type Answer, type ItemType } from '../../../src-shared/qa/items';
import type { CoreDeps, HandlerGroup } from '../deps';
import { REVIEWERS, requireRole } from './access';
import type { QaStore } from './store';
import { json } from './store/context';
import type { QueueFilter } from './store/reviews';
import { toResponse } from './store/responses';

type ReviewProcedure = 'reviewQueue' | 'reviewNeighbours' | 'reviewAnnotations' | 'reviewImage' | 'responseQueue' | 'reviewResponses' | 'reviewHistory';

const queueFilter = (f: Partial<ProcedureArgs<'reviewQueue'>>, reviewed: boolean | null): QueueFilter => ({
  annotator_id: f.annotator_id,
  class_id: f.class_id,
  annotation_type: f.annotation_type,
  annotation_status: f.annotation_status,
  reviewed,
});

const verb = { approved: 'Approved', rejected: 'Rejected', pending: 'Reopened' } as const;

/** Reviewer mode: the queue, approve/reject with reasons that become comments, reviewed images, the review log. */
export function reviewHandlers(deps: CoreDeps, qa: QaStore): HandlerGroup<ReviewProcedure> {
  const { store, changed } = deps;

  /** The next id of the queue after `current` in filename order; wraps to the first when nothing follows. */
  const nextInQueue = (projectId: string, current: string, filter: QueueFilter): string | null => {
    const queue = qa.reviews.queueIds(projectId, filter).filter((id) => id !== current);
    if (!queue.length) return null;
    const order = store.images.orderedIds(projectId);
    const at = order.indexOf(current);
    const inQueue = new Set(queue);
    return order.slice(at + 1).find((id) => inQueue.has(id)) ?? queue[0];
  };

  return {
    reviewQueue: ({ project_id, offset, limit, ...filter }) => {
      store.projects.get(project_id);
      return qa.reviews.queue(project_id, queueFilter(filter, filter.reviewed), offset, limit);
    },
    reviewNeighbours: ({ image_id, ...filter }) => {
      const image = store.images.get(image_id);
      const ids = qa.reviews.queueIds(image.project_id, queueFilter(filter, filter.reviewed));
      const index = ids.indexOf(image_id);
      if (index >= 0) return { previous: ids[index - 1] ?? null, next: ids[index + 1] ?? null, index, total: ids.length };
      const order = store.images.orderedIds(image.project_id);
      const inQueue = new Set(ids);
      const after = order.slice(order.indexOf(image_id) + 1).find((id) => inQueue.has(id)) ?? null;
      const before = order.slice(0, Math.max(0, order.indexOf(image_id))).reverse().find((id) => inQueue.has(id)) ?? null;
      return { previous: before, next: after, index: -1, total: ids.length };
    },
    reviewAnnotations: ({ annotation_ids, status, reason }) => {
      const me = qa.people.local();
      requireRole(me, REVIEWERS, 'Reviewing annotations');
      const ids = [...new Set(annotation_ids)];
      const targets = ids.map((id) => store.annotations.get(id));
      const comments = new Map<string, string>();
      qa.db.transaction(() => {
        if (reason) {
          for (const a of targets) {
            const pin = anchorOf(a.geometry);
            comments.set(a.id, qa.comments.create({
              project_id: a.project_id, image_id: a.image_id, annotation_id: a.id, item_id: null, parent_id: null,
              text: `${verb[status]}: ${reason}`, comment_type: status === 'approved' ? 'comment' : 'issue', x: pin?.[0] ?? null, y: pin?.[1] ?? null,
            }, me.id));
          }
        }
        qa.reviews.setAnnotationStatus(ids, status, me.id, reason ?? null, comments);
      })();
      for (const projectId of new Set(targets.map((a) => a.project_id))) changed(projectId, reason ? ['annotations', 'comments'] : ['annotations'], targets.length === 1 ? targets[0].image_id : undefined);
      return { annotations: ids.map((id) => store.annotations.get(id)), comment_ids: [...comments.values()] };
    },
    reviewImage: ({ image_id, reviewed, ...filter }) => {
      const me = qa.people.local();
      requireRole(me, REVIEWERS, 'Marking images reviewed');
      const image = store.images.get(image_id);
      qa.reviews.setImageReviewed(image.project_id, image_id, reviewed, me.id);
      changed(image.project_id, ['images'], image_id);
      return { image: store.images.get(image_id), next_image_id: nextInQueue(image.project_id, image_id, queueFilter(filter, false)) };
    },
    responseQueue: ({ project_id, offset, limit, ...filter }) => {
      store.projects.get(project_id);
      const refs = qa.people.refs();
      const { rows, total } = qa.reviews.responseQueue(project_id, filter, offset, limit);
      const items = rows.map((row) => {
        const response = toResponse(row, refs);
        const expected = row.gold_expected ? json<Answer | null>(row.gold_expected, null) : null;
        return {
          ...response,
          item_type: row.item_type as ItemType,
          external_id: (row.external_id as string | null) ?? null,
          is_gold: expected !== null,
          correct: expected && response.answer ? scoreAnswer(expected, response.answer).correct : null,
        };
      });
      return { items, total, offset, limit };
    },
    reviewResponses: ({ response_ids, status, reason }) => {
      const me = qa.people.local();
      requireRole(me, REVIEWERS, 'Reviewing responses');
      const ids = [...new Set(response_ids)];
      const rows = ids.map((id) => qa.responses.row(id));
      const comments = new Map<string, string>();
      qa.db.transaction(() => {
        if (reason) {
          for (const r of rows) {
            comments.set(r.id, qa.comments.create({
              project_id: r.project_id as string, image_id: null, annotation_id: null, item_id: r.item_id as string, parent_id: null,
              text: `${verb[status]}: ${reason}`, comment_type: status === 'approved' ? 'comment' : 'issue', x: null, y: null,
            }, me.id));
          }
        }
        qa.reviews.setResponseStatus(ids, status, me.id, reason ?? null, comments);
      })();
      if (reason) for (const projectId of new Set(rows.map((r) => r.project_id as string))) changed(projectId, ['comments']);
      const refs = qa.people.refs();
      return { responses: ids.map((id) => qa.responses.get(id, refs)), comment_ids: [...comments.values()] };
    },
    reviewHistory: ({ project_id, image_id, offset, limit }) => {
      store.projects.get(project_id);
      return qa.reviews.history(project_id, image_id ?? null, offset, limit, qa.people.refs());
    },
  };
}
