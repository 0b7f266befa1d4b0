import { projectFor } from '../auth/access';
import { errorEnvelope, pageOf, projectParams } from '../schemas/common';
import { taskCreate, taskListQuery, taskOut, taskParams, taskPatch } from '../schemas/tasks';
import { insertTask, listTasks, patchTask, taskOut as toOut, taskRow } from '../services/tasks';
import { notFound } from '../errors';
import type { RouteModule } from './index';

export const taskRoutes: RouteModule = (add, ctx) => {
  add({
    method: 'GET',
    url: '/projects/:project_id/tasks',
    tag: 'tasks',
    summary: 'List tasks (filters: assignee_id, status)',
    params: projectParams,
    query: taskListQuery,
    responses: { 200: pageOf(taskOut), 404: errorEnvelope },
    handler: async ({ principal, params, query }) => listTasks(ctx.db, await projectFor(ctx.db, principal, params.project_id), query),
  });

  add({
    method: 'POST',
    url: '/projects/:project_id/tasks',
    tag: 'tasks',
    summary: 'Create a task: a batch of images for an assignee (reviewers, admins)',
    params: projectParams,
    body: taskCreate,
    responses: { 201: taskOut, 400: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope },
    async handler({ principal, params, body }) {
      const project = await projectFor(ctx.db, principal, params.project_id);
      return toOut(ctx.db, await ctx.db.transaction((tx) => insertTask(tx, principal, project, body)));
    },
  });

  add({
    method: 'GET',
    url: '/projects/:project_id/tasks/:task_id',
    tag: 'tasks',
    summary: 'One task',
    params: taskParams,
    responses: { 200: taskOut, 404: errorEnvelope },
    async handler({ principal, params }) {
      const project = await projectFor(ctx.db, principal, params.project_id);
      const row = await taskRow(ctx.db, project.id, params.task_id);
      if (row.deleted_at) throw notFound('task', params.task_id);
      return toOut(ctx.db, row);
    },
  });

  add({
    method: 'PATCH',
    url: '/projects/:project_id/tasks/:task_id',
    tag: 'tasks',
    summary: 'Update a task: status and progress (the assignee), anything (reviewers, admins)',
    params: taskParams,
    body: taskPatch,
    responses: { 200: taskOut, 400: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope },
    async handler({ principal, params, body }) {
      const project = await projectFor(ctx.db, principal, params.project_id);
      return toOut(ctx.db, await ctx.db.transaction((tx) => patchTask(tx, principal, project, params.task_id, body)));
    },
  });
};
