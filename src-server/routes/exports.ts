import fs from 'node:fs';
import { projectFor } from '../auth/access';
import { notFound } from '../errors';
import { baseUrl, checkSignature, signPath } from '../files/signed-url';
import { errorEnvelope, projectParams } from '../schemas/common';
import { exportAccepted, exportCreate, exportOut, exportParams, snapshotCreate, snapshotOut } from '../schemas/exports';
import { signedQuery } from '../schemas/images';
import { exportById, exportRow, exportView, startExport } from '../services/exports';
import { createSnapshot } from '../services/snapshots';
import { z } from 'zod';
import type { RouteModule } from './index';

export const exportRoutes: RouteModule = (add, ctx) => {
  add({
    method: 'POST',
    url: '/projects/:project_id/export',
    tag: 'export',
    summary: 'Start an export (coco, yolo, pascal_voc, custom); poll its status (reviewers, admins)',
    params: projectParams,
    body: exportCreate,
    responses: { 202: exportAccepted, 400: errorEnvelope, 403: errorEnvelope, 501: errorEnvelope },
    async handler({ principal, params, body }) {
      return startExport(ctx, principal, await projectFor(ctx.db, principal, params.project_id), body);
    },
  });

  add({
    method: 'GET',
    url: '/projects/:project_id/exports/:export_id',
    tag: 'export',
    summary: 'Status of an export and, when completed, a signed download URL',
    params: exportParams,
    responses: { 200: exportOut, 404: errorEnvelope },
    async handler({ principal, params, req }) {
      const project = await projectFor(ctx.db, principal, params.project_id);
      const row = await exportRow(ctx.db, project, params.export_id);
      let url: string | null = null;
      if (row.status === 'completed' && row.expires_at) {
        const expires = Math.floor(Date.parse(row.expires_at) / 1000);
        url = `${baseUrl(ctx.config, req)}/api/v1/exports/${encodeURIComponent(row.id)}/download?expires=${expires}&signature=${signPath(ctx.secrets.urls, 'export', row.id, expires)}`;
      }
      return exportView(row, url);
    },
  });

  add({
    method: 'GET',
    url: '/exports/:export_id/download',
    tag: 'export',
    auth: 'signed',
    summary: 'The export file behind a signed URL',
    params: z.object({ export_id: z.string().min(1).max(100) }),
    query: signedQuery,
    responses: { 200: { binary: 'application/octet-stream' }, 403: errorEnvelope, 404: errorEnvelope },
    async handler({ params, query, reply }) {
      checkSignature(ctx.secrets.urls, 'export', params.export_id, query.expires, query.signature);
      const row = await exportById(ctx.db, params.export_id);
      if (!row || row.status !== 'completed' || !row.file_name) throw notFound('export', params.export_id);
      const file = ctx.files.resolve(row.file_name);
      if (!fs.existsSync(file)) throw notFound('export', params.export_id);
      const ext = row.file_name.split('.').pop();
      reply.header('Content-Type', ext === 'zip' ? 'application/zip' : 'application/json').header('Content-Disposition', `attachment; filename="${row.id}.${ext}"`);
      return reply.send(fs.createReadStream(file));
    },
  });

  add({
    method: 'POST',
    url: '/projects/:project_id/snapshots',
    tag: 'export',
    summary: 'Freeze the project as a versioned snapshot (reviewers, admins)',
    params: projectParams,
    body: snapshotCreate,
    responses: { 201: snapshotOut, 403: errorEnvelope, 409: errorEnvelope },
    async handler({ principal, params, body }) {
      return createSnapshot(ctx, principal, await projectFor(ctx.db, principal, params.project_id), body);
    },
  });
};
