import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samSegmentProvider } from '../../src-server/index';
import { createProject, STORAGES, startHarness, type Harness } from './harness';

/** POST /ai/segment through the workstation's SAM engine, with the real default model when it is on this machine. */
const modelDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labeler-server-sam-'));
const { provider, reason } = samSegmentProvider({ dataDir: modelDir });
if (!provider) console.warn(`skipping server SAM tests: ${reason}`);

describe.each(STORAGES)('AI segment on $label', ({ kind, skip }) => {
  const off = skip || !provider;
  let h: Harness;
  let project: any;
  let image: any;
  beforeAll(async () => {
    if (off) return;
    h = await startHarness(kind, { ai: { segment: samSegmentProvider({ dataDir: modelDir }).provider! } });
    project = await createProject(h, h.users.a.admin);
    // A white square on a dark background: SAM has one obvious object to find.
    const png = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#202020' } })
      .composite([{ input: await sharp({ create: { width: 100, height: 80, channels: 3, background: '#f0f0f0' } }).png().toBuffer(), left: 120, top: 60 }])
      .png()
      .toBuffer();
    const sha = createHash('sha256').update(png).digest('hex');
    await h.call(h.users.a.admin, 'PUT', `/api/v1/files/${sha}`, png, { 'content-type': 'application/octet-stream' });
    image = (await h.call(h.users.a.admin, 'POST', `/api/v1/projects/${project.id}/images`, { filename: 'square.png', sha256: sha })).body;
  });
  afterAll(async () => h?.close());

  (off ? it.skip : it)(`segments the object under a click, as COCO RLE in the reference's shape${provider ? '' : ` (skipped: ${reason})`}`, async () => {
    const res = await h.call(h.users.a.annotator, 'POST', '/api/v1/ai/segment', { project_id: project.id, image_id: image.id, prompts: { points: [{ x: 170, y: 100, type: 'positive' }], boxes: [] } });
    expect(res.status, res.raw).toBe(200);
    expect(res.body.inference_time_ms).toBeGreaterThan(0);
    const [mask] = res.body.masks;
    expect(mask.segmentation.size).toEqual([240, 320]);
    expect(typeof mask.segmentation.counts).toBe('string');
    const [x, y, w, hh] = mask.bbox;
    expect(Math.abs(x - 120)).toBeLessThanOrEqual(4);
    expect(Math.abs(y - 60)).toBeLessThanOrEqual(4);
    expect(Math.abs(w - 100)).toBeLessThanOrEqual(6);
    expect(Math.abs(hh - 80)).toBeLessThanOrEqual(6);
    expect(mask.area).toBeGreaterThan(0.85 * 8000);
    expect(mask.confidence).toBeGreaterThan(0.5);
    const outside = await h.call(h.users.a.annotator, 'POST', '/api/v1/ai/segment', { project_id: project.id, image_id: image.id, prompts: { points: [{ x: 999, y: 10 }] } });
    expect(outside.status).toBe(400);
  });
});

afterAll(() => fs.rmSync(modelDir, { recursive: true, force: true }));
