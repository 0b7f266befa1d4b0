import { projectFor } from '../auth/access';
import { commentCreate, commentListQuery, commentOut, commentParams, resolveOut } from '../schemas/comments';
import { errorEnvelope, pageOf, projectParams } from '../schemas/common';
import { commentOut as toOut, insertComment, listComments, resolveComment } from '../services/comments';
import type { RouteModule } from './index';

export const commentRoutes: RouteModule = (add, ctx) => {
  add({
    method: 'GET',
    url: '/projects/:project_id/comments',
    tag: 'comments',
    summary: 'List comment threads with their replies (filters: image_id, annotation_id, resolved)',
    params: projectParams,
    query: commentListQuery,
    responses: { 200: pageOf(commentOut), 404: errorEnvelope },
    handler: async ({ principal, params, query }) => listComments(ctx.db, await projectFor(ctx.db, principal, params.project_id), query),
  });

  add({
    method: 'POST',
    url: '/projects/:project_id/comments',
    tag: 'comments',
    summary: 'Comment on the project, an image or an annotation; with parent_id, reply in a thread',
    params: projectParams,
    body: commentCreate,
    responses: { 201: commentOut, 400: errorEnvelope, 404: errorEnvelope },
    async handler({ principal, params, body }) {
      const project = await projectFor(ctx.db, principal, params.project_id);
      return toOut(ctx.db, await ctx.db.transaction((tx) => insertComment(tx, principal, project, body)));
    },
  });

  add({
    method: 'PATCH',
    url: '/projects/:project_id/comments/:comment_id/resolve',
    tag: 'comments',
    summary: 'Resolve a comment (its author, reviewers, admins)',
    params: commentParams,
    responses: { 200: resolveOut, 403: errorEnvelope, 404: errorEnvelope },
    async handler({ principal, params }) {
      const project = await projectFor(ctx.db, principal, params.project_id);
      const row = await ctx.db.transaction((tx) => resolveComment(tx, principal, project, params.comment_id));
      return { id: row.id, resolved: Boolean(row.resolved), resolved_by: row.resolved_by === null ? null : Number(row.resolved_by), resolved_at: row.resolved_at };
    },
  });
};
