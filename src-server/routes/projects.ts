import { projectFor } from '../auth/access';
import { errorEnvelope, pageOf, projectParams } from '../schemas/common';
import { datasetParams, projectCreate, projectListQuery, projectOut, projectPatch } from '../schemas/projects';
import { deleteProject, getProject, insertProject, listProjects, patchProject, projectForDataset, projectView } from '../services/projects';
import type { RouteModule } from './index';

export const projectRoutes: RouteModule = (add, ctx) => {
  add({
    method: 'GET',
    url: '/datasets/:dataset_id/project',
    tag: 'datasets',
    summary: 'The project of a dataset (1:1), created with default settings when missing',
    params: datasetParams,
    responses: { 200: projectOut, 403: errorEnvelope },
    handler: async ({ principal, params }) => projectForDataset(ctx.db, principal, params.dataset_id),
  });

  add({
    method: 'GET',
    url: '/projects',
    tag: 'projects',
    summary: "List your team's projects (filters: status, dataset_id, owner_id; pagination and sort)",
    query: projectListQuery,
    responses: { 200: pageOf(projectOut) },
    handler: async ({ principal, query }) => listProjects(ctx.db, principal, query),
  });

  add({
    method: 'POST',
    url: '/projects',
    tag: 'projects',
    summary: 'Create a project (admins)',
    body: projectCreate,
    responses: { 201: projectOut, 400: errorEnvelope, 403: errorEnvelope, 409: errorEnvelope },
    async handler({ principal, body }) {
      const row = await ctx.db.transaction((tx) => insertProject(tx, principal, body));
      return projectView(ctx.db, row);
    },
  });

  add({
    method: 'GET',
    url: '/projects/:project_id',
    tag: 'projects',
    summary: 'One project with its task configuration and statistics',
    params: projectParams,
    responses: { 200: projectOut, 404: errorEnvelope },
    handler: async ({ principal, params }) => getProject(ctx.db, principal, params.project_id),
  });

  add({
    method: 'PATCH',
    url: '/projects/:project_id',
    tag: 'projects',
    summary: 'Change a project (admins); classes still used by annotations cannot be removed',
    params: projectParams,
    body: projectPatch,
    responses: { 200: projectOut, 403: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope },
    async handler({ principal, params, body }) {
      const row = await ctx.db.transaction((tx) => patchProject(tx, principal, params.project_id, body));
      return projectView(ctx.db, row);
    },
  });

  add({
    method: 'DELETE',
    url: '/projects/:project_id',
    tag: 'projects',
    summary: 'Delete a project with all its images, annotations, tasks, comments, exports and snapshots (admins)',
    params: projectParams,
    responses: { 204: null, 403: errorEnvelope, 404: errorEnvelope },
    async handler({ principal, params, reply }) {
      await projectFor(ctx.db, principal, params.project_id);
      await ctx.db.transaction((tx) => deleteProject(tx, principal, params.project_id));
      reply.code(204);
      return undefined;
    },
  });
};
