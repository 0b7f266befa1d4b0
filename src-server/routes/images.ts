import fs from 'node:fs';
import type { FastifyReply } from 'fastify';
import { demand, projectFor } from '../auth/access';
import { probeImage } from '../../src-main/core/images/probe';
import { AppError } from '../../src-shared/contract/errors';
import { HttpError, notFound, validation } from '../errors';
import { baseUrl, checkSignature, signPath } from '../files/signed-url';
import { errorEnvelope, pageOf, projectParams } from '../schemas/common';
import { blobOut, blobParams, contentParams, imageCreate, imageListQuery, imageOut, imageParams, imagePatch, imageUrlOut, imageUrlQuery, imageWithAnnotations, signedQuery } from '../schemas/images';
import { now } from '../services/common';
import { getImage, imageRow, insertImage, listImages, patchImage } from '../services/images';
import { imageView } from '../services/views';
import type { RouteModule } from './index';

const MIME: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', bmp: 'image/bmp', tiff: 'image/tiff' };

export const imageRoutes: RouteModule = (add, ctx) => {
  const sendBlob = async (reply: FastifyReply, sha256: string, cache: string) => {
    const meta = await ctx.db.get<{ mime: string; size_bytes: number }>('SELECT mime, size_bytes FROM blobs WHERE sha256 = ?', [sha256]);
    const file = ctx.files.blobPath(sha256);
    if (!meta || !fs.existsSync(file)) throw notFound('file', sha256);
    reply.header('Content-Type', meta.mime).header('Content-Length', String(meta.size_bytes)).header('Cache-Control', cache).header('ETag', `"${sha256}"`);
    return reply.send(fs.createReadStream(file));
  };

  add({
    method: 'GET',
    url: '/projects/:project_id/images',
    tag: 'images',
    summary: 'List images (filters: annotated, reviewed, assigned_to, filename)',
    params: projectParams,
    query: imageListQuery,
    responses: { 200: pageOf(imageOut), 404: errorEnvelope },
    handler: async ({ principal, params, query }) => listImages(ctx.db, await projectFor(ctx.db, principal, params.project_id), query),
  });

  add({
    method: 'POST',
    url: '/projects/:project_id/images',
    tag: 'images',
    summary: 'Add an uploaded file (by sha256) to the project as an image (admins, reviewers)',
    params: projectParams,
    body: imageCreate,
    responses: { 201: imageOut, 400: errorEnvelope, 403: errorEnvelope, 409: errorEnvelope },
    async handler({ principal, params, body }) {
      const project = await projectFor(ctx.db, principal, params.project_id);
      return imageView(await ctx.db.transaction((tx) => insertImage(tx, principal, project, body)));
    },
  });

  add({
    method: 'GET',
    url: '/projects/:project_id/images/:image_id',
    tag: 'images',
    summary: 'One image with its annotations',
    params: imageParams,
    responses: { 200: imageWithAnnotations, 404: errorEnvelope },
    handler: async ({ principal, params }) => getImage(ctx.db, await projectFor(ctx.db, principal, params.project_id), params.image_id),
  });

  add({
    method: 'PATCH',
    url: '/projects/:project_id/images/:image_id',
    tag: 'images',
    summary: 'Set image-level labels (classes, captions); reviewers and admins may also set `reviewed`',
    params: imageParams,
    body: imagePatch,
    responses: { 200: imageOut, 400: errorEnvelope, 404: errorEnvelope },
    async handler({ principal, params, body }) {
      const project = await projectFor(ctx.db, principal, params.project_id);
      return imageView(await ctx.db.transaction((tx) => patchImage(tx, principal, project, params.image_id, body)));
    },
  });

  add({
    method: 'GET',
    url: '/projects/:project_id/images/:image_id/url',
    tag: 'images',
    summary: 'A signed, expiring URL of the image file, served by this server without a token',
    params: imageParams,
    query: imageUrlQuery,
    responses: { 200: imageUrlOut, 404: errorEnvelope },
    async handler({ principal, params, query, req }) {
      const project = await projectFor(ctx.db, principal, params.project_id);
      await imageRow(ctx.db, project.id, params.image_id);
      const seconds = Math.min(query.expires_in, ctx.config.signedUrlMaxSeconds);
      const expires = Math.floor(Date.now() / 1000) + seconds;
      const signature = signPath(ctx.secrets.urls, 'image', params.image_id, expires);
      return {
        url: `${baseUrl(ctx.config, req)}/api/v1/images/${encodeURIComponent(params.image_id)}/content?expires=${expires}&signature=${signature}`,
        expires_in: seconds,
        expires_at: new Date(expires * 1000).toISOString(),
      };
    },
  });

  add({
    method: 'GET',
    url: '/images/:image_id/content',
    tag: 'images',
    auth: 'signed',
    summary: 'The image file behind a signed URL (no token; the signature and expiry are checked)',
    params: contentParams,
    query: signedQuery,
    responses: { 200: { binary: 'image/*' }, 403: errorEnvelope, 404: errorEnvelope },
    async handler({ params, query, reply }) {
      checkSignature(ctx.secrets.urls, 'image', params.image_id, query.expires, query.signature);
      const image = await ctx.db.get<{ sha256: string }>('SELECT sha256 FROM images WHERE id = ? AND deleted_at IS NULL', [params.image_id]);
      if (!image) throw notFound('image', params.image_id);
      return sendBlob(reply, image.sha256, `private, max-age=${Math.max(0, query.expires - Math.floor(Date.now() / 1000))}`);
    },
  });

  add({
    method: 'GET',
    url: '/projects/:project_id/images/:image_id/file',
    tag: 'images',
    summary: 'Download the image file (for sync)',
    params: imageParams,
    responses: { 200: { binary: 'image/*' }, 404: errorEnvelope },
    async handler({ principal, params, reply }) {
      const project = await projectFor(ctx.db, principal, params.project_id);
      const image = await imageRow(ctx.db, project.id, params.image_id);
      return sendBlob(reply, image.sha256, 'private, max-age=31536000, immutable');
    },
  });

  add({
    method: 'HEAD',
    url: '/files/:sha256',
    tag: 'files',
    summary: 'Whether your team already uploaded this file (200) or not (404): skip uploads you do not need',
    params: blobParams,
    responses: { 200: null, 404: null },
    async handler({ principal, params, reply }) {
      const owned = await ctx.db.get('SELECT sha256 FROM blob_owners WHERE team_id = ? AND sha256 = ?', [principal.user.team_id, params.sha256]);
      reply.code(owned ? 200 : 404);
      return undefined;
    },
  });

  add({
    method: 'PUT',
    url: '/files/:sha256',
    tag: 'files',
    summary: 'Upload an image file, addressed by its sha256 (idempotent: 201 when new, 200 when already there)',
    description: 'Body: the raw bytes (Content-Type: application/octet-stream or image/*). The sha256 of the bytes must match the path.',
    params: blobParams,
    body: undefined,
    bodyType: 'binary',
    bodyLimit: ctx.config.limits.uploadBytes,
    responses: { 201: blobOut, 200: blobOut, 400: errorEnvelope, 413: errorEnvelope, 415: errorEnvelope },
    async handler({ principal, params, req, reply }) {
      demand(principal, 'image.add', 'upload images');
      const bytes = req.body;
      if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw validation('Send the file bytes as the body (Content-Type: application/octet-stream).');
      const staged = await ctx.files.stage(bytes);
      try {
        if (staged.sha256 !== params.sha256) throw validation(`The body's sha256 is ${staged.sha256}, not ${params.sha256}: the upload was damaged or the path is wrong.`);
        let facts: Awaited<ReturnType<typeof probeImage>>;
        try {
          facts = await probeImage(staged.file);
        } catch (error) {
          throw new HttpError(415, 'UNSUPPORTED_FILE', `Not an image this server accepts: ${(error as AppError).message}.`);
        }
        await ctx.files.commitBlob(staged.file, staged.sha256);
        const t = now();
        const mime = MIME[facts.format] ?? 'application/octet-stream';
        await ctx.db.run('INSERT INTO blobs (sha256, size_bytes, mime, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING', [staged.sha256, facts.size_bytes, mime, facts.width, facts.height, t]);
        const added = await ctx.db.run('INSERT INTO blob_owners (team_id, sha256, created_at) VALUES (?, ?, ?) ON CONFLICT (team_id, sha256) DO NOTHING', [principal.user.team_id, staged.sha256, t]);
        reply.code(added ? 201 : 200);
        return { sha256: staged.sha256, size_bytes: facts.size_bytes, width: facts.width, height: facts.height, mime, created: added > 0 };
      } finally {
        await fs.promises.rm(staged.file, { force: true });
      }
    },
  });
};
