import { projectFor } from '../auth/access';
import { notFound, validation } from '../errors';
import { annotationCreate, annotationListQuery, annotationOut, annotationParams, annotationPatch, batchCreateBody, batchCreateOut, batchDeleteBody, batchDeleteOut } from '../schemas/annotations';
import { errorEnvelope, pageOf, projectParams } from '../schemas/common';
import { imageParams } from '../schemas/images';
import { annotationOut as toOut, annotationRow, annotationsForImage, deleteAnnotations, insertAnnotations, listAnnotations, patchAnnotation } from '../services/annotations';
import { imageRow } from '../services/images';
import { z } from 'zod';
import type { RouteModule } from './index';

export const annotationRoutes: RouteModule = (add, ctx) => {
  const { maxBatch } = ctx.config.limits;
  const tooMany = (n: number, field: string) => {
    if (n > maxBatch) throw validation(`${field}: at most ${maxBatch} per request (got ${n}); split the batch.`, [{ field, message: `at most ${maxBatch}` }]);
  };

  add({
    method: 'GET',
    url: '/projects/:project_id/annotations',
    tag: 'annotations',
    summary: 'List annotations (filters: image_id, class_id, annotation_type, annotator_id, annotation_status, created_after, created_before)',
    params: projectParams,
    query: annotationListQuery,
    responses: { 200: pageOf(annotationOut), 404: errorEnvelope },
    async handler({ principal, params, query }) {
      return listAnnotations(ctx.db, await projectFor(ctx.db, principal, params.project_id), query);
    },
  });

  add({
    method: 'GET',
    url: '/projects/:project_id/images/:image_id/annotations',
    tag: 'annotations',
    summary: "Every annotation of one image (no pagination)",
    params: imageParams,
    responses: { 200: z.array(annotationOut), 404: errorEnvelope },
    async handler({ principal, params }) {
      const project = await projectFor(ctx.db, principal, params.project_id);
      await imageRow(ctx.db, project.id, params.image_id);
      return annotationsForImage(ctx.db, project, params.image_id);
    },
  });

  add({
    method: 'POST',
    url: '/projects/:project_id/annotations',
    tag: 'annotations',
    summary: 'Create an annotation (bbox, rotated_bbox, polygon, line, polyline, circle, points, mask); geometry checked against the image',
    params: projectParams,
    body: annotationCreate,
    responses: { 201: annotationOut, 400: errorEnvelope, 404: errorEnvelope },
    async handler({ principal, params, body }) {
      const project = await projectFor(ctx.db, principal, params.project_id);
      const [created] = await ctx.db.transaction((tx) => insertAnnotations(tx, principal, project, [body]));
      return created;
    },
  });

  add({
    method: 'POST',
    url: '/projects/:project_id/annotations/batch',
    tag: 'annotations',
    summary: `Create up to ${maxBatch} annotations at once (all or none)`,
    params: projectParams,
    body: batchCreateBody,
    responses: { 201: batchCreateOut, 400: errorEnvelope, 404: errorEnvelope },
    async handler({ principal, params, body }) {
      tooMany(body.annotations.length, 'annotations');
      const project = await projectFor(ctx.db, principal, params.project_id);
      const created = await ctx.db.transaction((tx) => insertAnnotations(tx, principal, project, body.annotations));
      return { created: created.length, annotation_ids: created.map((a) => a.id) };
    },
  });

  add({
    method: 'DELETE',
    url: '/projects/:project_id/annotations/batch',
    tag: 'annotations',
    summary: `Delete up to ${maxBatch} annotations at once; answers how many existed`,
    params: projectParams,
    body: batchDeleteBody,
    responses: { 200: batchDeleteOut, 400: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope },
    async handler({ principal, params, body }) {
      tooMany(body.annotation_ids.length, 'annotation_ids');
      const project = await projectFor(ctx.db, principal, params.project_id);
      return { deleted: await ctx.db.transaction((tx) => deleteAnnotations(tx, principal, project, body.annotation_ids)) };
    },
  });

  add({
    method: 'PATCH',
    url: '/projects/:project_id/annotations/:annotation_id',
    tag: 'annotations',
    summary: 'Change an annotation (annotators: their own; annotation_status: reviewers and admins)',
    params: annotationParams,
    body: annotationPatch,
    responses: { 200: annotationOut, 400: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope },
    async handler({ principal, params, body }) {
      const project = await projectFor(ctx.db, principal, params.project_id);
      const row = await ctx.db.transaction((tx) => patchAnnotation(tx, principal, project, params.annotation_id, body));
      return toOut(ctx.db, project, row);
    },
  });

  add({
    method: 'DELETE',
    url: '/projects/:project_id/annotations/:annotation_id',
    tag: 'annotations',
    summary: 'Delete an annotation (annotators: their own)',
    params: annotationParams,
    responses: { 204: null, 403: errorEnvelope, 404: errorEnvelope },
    async handler({ principal, params, reply }) {
      const project = await projectFor(ctx.db, principal, params.project_id);
      const row = await annotationRow(ctx.db, project.id, params.annotation_id);
      if (row.deleted_at) throw notFound('annotation', params.annotation_id);
      await ctx.db.transaction((tx) => deleteAnnotations(tx, principal, project, [params.annotation_id]));
      reply.code(204);
      return undefined;
    },
  });
};
