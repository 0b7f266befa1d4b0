import { projectFor } from '../auth/access';
import { validation } from '../errors';
import { errorEnvelope, projectParams } from '../schemas/common';
import { changesOut, changesQuery, pushBody, pushOut } from '../schemas/sync';
import { changesSince } from '../services/changes';
import { push } from '../services/push';
import type { RouteModule } from './index';

/** The sync extension of the reference (docs/server.md): change feed and idempotent push. */
export const syncRoutes: RouteModule = (add, ctx) => {
  const { maxChanges, maxPushMutations } = ctx.config.limits;
  add({
    method: 'GET',
    url: '/projects/:project_id/changes',
    tag: 'sync',
    summary: 'Extension: rows changed after a cursor (project, images, annotations, tasks, comments, tombstones), oldest first',
    description: 'Start with since=0; pass the answered `cursor` as the next `since` until `has_more` is false. Pages never miss or repeat a row, even under concurrent writes.',
    params: projectParams,
    query: changesQuery,
    responses: { 200: changesOut, 400: errorEnvelope, 404: errorEnvelope },
    async handler({ principal, params, query }) {
      if (query.limit > maxChanges) throw validation(`limit: at most ${maxChanges}`, [{ field: 'limit', message: `at most ${maxChanges}` }]);
      const project = await projectFor(ctx.db, principal, params.project_id);
      return changesSince(ctx.db, project, Number(query.since), query.limit);
    },
  });

  add({
    method: 'POST',
    url: '/sync/push',
    tag: 'sync',
    summary: 'Extension: apply client mutations, each exactly once per (client_id, seq): applied | duplicate | conflict | rejected',
    body: pushBody,
    responses: { 200: pushOut, 400: errorEnvelope, 403: errorEnvelope },
    async handler({ principal, body }) {
      if (body.mutations.length > maxPushMutations) throw validation(`mutations: at most ${maxPushMutations} per push`, [{ field: 'mutations', message: `at most ${maxPushMutations}` }]);
      return { results: await push(ctx.db, principal, body.client_id, body.mutations) };
    },
  });
};
