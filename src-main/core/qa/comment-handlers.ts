import { AppError } from '../../../src-shared/contract/errors';
import type { ProcedureArgs } from '../../../src-shared/contract/procedures';
import { anchorOf } from '../../../src-shared/qa/anchor';
import type { CoreDeps, HandlerGroup } from '../deps';
import type { QaStore } from './store';
import type { NewComment } from './store/comments';

type CommentProcedure = 'listComments' | 'createComment' | 'editComment' | 'resolveComment' | 'deleteComment' | 'openIssues';

/** Comments (Labeler API): threads on a project, image, annotation or item, pinned on the image, with replies and resolve/reopen. */
export function commentHandlers(deps: CoreDeps, qa: QaStore): HandlerGroup<CommentProcedure> {
  const { store, changed } = deps;

  /** Where a new comment goes: inherited from its thread, or from the annotation, image, item or project named. */
  const target = (input: ProcedureArgs<'createComment'>): Omit<NewComment, 'text' | 'comment_type'> & { comment_type?: NewComment['comment_type'] } => {
    if (input.parent_id) {
      const parent = qa.comments.row(input.parent_id);
      const root = parent.parent_id ? qa.comments.row(parent.parent_id as string) : parent;
      return {
        project_id: root.project_id as string, image_id: (root.image_id as string | null) ?? null, annotation_id: (root.annotation_id as string | null) ?? null,
        item_id: (root.item_id as string | null) ?? null, parent_id: root.id, x: null, y: null, comment_type: root.comment_type as NewComment['comment_type'],
      };
    }
    if (input.annotation_id) {
      const a = store.annotations.get(input.annotation_id);
      const pin = input.x !== undefined && input.y !== undefined ? [input.x, input.y] : anchorOf(a.geometry);
      return { project_id: a.project_id, image_id: a.image_id, annotation_id: a.id, item_id: null, parent_id: null, x: pin?.[0] ?? null, y: pin?.[1] ?? null };
    }
    if (input.image_id) {
      const image = store.images.get(input.image_id);
      if (input.x !== undefined && input.y !== undefined && (input.x < 0 || input.y < 0 || input.x > image.width || input.y > image.height)) {
        throw new AppError('VALIDATION_ERROR', `The pin (${input.x}, ${input.y}) is outside the ${image.width}×${image.height} image; pin inside it.`, [{ field: 'x', message: 'outside the image' }]);
      }
      return { project_id: image.project_id, image_id: image.id, annotation_id: null, item_id: null, parent_id: null, x: input.x ?? null, y: input.y ?? null };
    }
    if (input.item_id) {
      const item = qa.items.get(input.item_id);
      return { project_id: item.project_id, image_id: null, annotation_id: null, item_id: item.id, parent_id: null, x: null, y: null };
    }
    if (input.project_id) {
      store.projects.get(input.project_id);
      return { project_id: input.project_id, image_id: null, annotation_id: null, item_id: null, parent_id: null, x: null, y: null };
    }
    throw new AppError('VALIDATION_ERROR', 'Say what the comment is about: give image_id, annotation_id, item_id, project_id, or parent_id to reply.', [{ field: 'image_id', message: 'no target' }]);
  };

  /** Only the author (or an admin) edits or deletes a comment. */
  const requireAuthor = (commentId: string, action: string) => {
    const me = qa.people.local();
    const row = qa.comments.row(commentId);
    if (row.author_id && row.author_id !== me.id && me.role !== 'admin') {
      throw new AppError('FORBIDDEN', `${action} is for the comment's author or an admin; reply to the thread instead.`);
    }
    return row;
  };

  return {
    listComments: ({ project_id, offset, limit, ...filter }) => {
      store.projects.get(project_id);
      return qa.comments.threads(project_id, filter, offset, limit, qa.people.refs());
    },
    createComment: (input) => {
      if ((input.x === undefined) !== (input.y === undefined)) throw new AppError('VALIDATION_ERROR', 'A pin needs both x and y.', [{ field: input.x === undefined ? 'x' : 'y', message: 'missing' }]);
      const where = target(input);
      const me = qa.people.local();
      const id = qa.comments.create({ ...where, text: input.text, comment_type: where.parent_id ? (where.comment_type ?? 'comment') : input.comment_type }, me.id);
      changed(where.project_id, ['comments'], where.image_id ?? undefined);
      return qa.comments.get(id, qa.people.refs());
    },
    editComment: ({ comment_id, text }) => {
      const row = requireAuthor(comment_id, 'Editing a comment');
      qa.comments.edit(comment_id, text);
      changed(row.project_id as string, ['comments'], (row.image_id as string | null) ?? undefined);
      return qa.comments.get(comment_id, qa.people.refs());
    },
    resolveComment: ({ comment_id, resolved }) => {
      const me = qa.people.local();
      const rootId = qa.comments.setResolved(comment_id, resolved, me.id);
      const thread = qa.comments.threadOf(rootId, qa.people.refs());
      changed(thread.project_id, ['comments'], thread.image_id ?? undefined);
      return thread;
    },
    deleteComment: ({ comment_id }) => {
      const row = requireAuthor(comment_id, 'Deleting a comment');
      const n = qa.comments.delete(comment_id);
      changed(row.project_id as string, ['comments'], (row.image_id as string | null) ?? undefined);
      return { deleted: n };
    },
    openIssues: ({ project_id, offset, limit }) => {
      store.projects.get(project_id);
      const page = qa.comments.threads(project_id, { resolved: false, comment_type: 'issue' }, offset, limit, qa.people.refs());
      return { total: page.total, by_image: qa.comments.openByImage(project_id), threads: page.items };
    },
  };
}
