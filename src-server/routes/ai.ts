import { projectFor } from '../auth/access';
import { notImplemented, validation } from '../errors';
import { captionBody, captionOut, segmentBody, segmentOut } from '../schemas/ai';
import { errorEnvelope } from '../schemas/common';
import { imageRow } from '../services/images';
import type { RouteModule } from './index';

export const aiRoutes: RouteModule = (add, ctx) => {
  add({
    method: 'POST',
    url: '/ai/segment',
    tag: 'ai',
    summary: 'Segment an object from point and box prompts with SAM: COCO RLE masks, bbox, area, confidence',
    description: 'Answers 501 NOT_IMPLEMENTED when the server has no SAM model configured.',
    body: segmentBody,
    responses: { 200: segmentOut, 400: errorEnvelope, 404: errorEnvelope, 501: errorEnvelope },
    async handler({ principal, body }) {
      const project = await projectFor(ctx.db, principal, body.project_id);
      const image = await imageRow(ctx.db, project.id, body.image_id);
      const engine = ctx.ai.segment;
      if (!engine) throw notImplemented('AI segmentation is not available on this server: no SAM model is configured (see docs/server.md, "AI assist").');
      const box = body.prompts.boxes[0]?.bbox;
      for (const [field, x, y] of [...body.prompts.points.map((p, i) => [`prompts.points[${i}]`, p.x, p.y] as const), ...(box ? [['prompts.boxes[0]', box[0], box[1]] as const] : [])]) {
        if (x < 0 || y < 0 || x > image.width || y > image.height) throw validation(`${field} lies outside the ${image.width}×${image.height} image`, [{ field, message: 'outside the image' }]);
      }
      const started = performance.now();
      const masks = await engine.segment({
        imageFile: ctx.files.blobPath(image.sha256),
        width: Number(image.width),
        height: Number(image.height),
        points: body.prompts.points.map((p) => ({ x: p.x, y: p.y, label: p.type === 'negative' ? 0 : 1 })),
        box,
      });
      return {
        masks: masks.map((m) => ({ segmentation: { size: m.size, counts: m.counts }, area: m.area, bbox: m.bbox, confidence: m.score })),
        inference_time_ms: Math.round(performance.now() - started),
        model: engine.model,
      };
    },
  });

  add({
    method: 'POST',
    url: '/ai/caption',
    tag: 'ai',
    summary: 'Caption an image with a configured caption model',
    description: 'Answers 501 NOT_IMPLEMENTED unless a caption model is configured: the server never makes up a caption.',
    body: captionBody,
    responses: { 200: captionOut, 404: errorEnvelope, 501: errorEnvelope },
    async handler({ principal, body }) {
      const project = await projectFor(ctx.db, principal, body.project_id);
      const image = await imageRow(ctx.db, project.id, body.image_id);
      const model = ctx.ai.caption;
      if (!model) throw notImplemented('Captioning is not available on this server: no caption model is configured (see docs/server.md, "AI assist").');
      const started = performance.now();
      const out = await model.caption({ imageFile: ctx.files.blobPath(image.sha256), prompt: body.prompt_template });
      return { caption: out.caption, confidence: out.confidence, model: model.model, inference_time_ms: Math.round(performance.now() - started) };
    },
  });
};
