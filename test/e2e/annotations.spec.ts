import type { Page } from '@playwright/test';
import path from 'node:path';
import sharp from 'sharp';
import { encodeRle } from '../../src-renderer/src/viewer/rle';
import { tempDir } from '../fixtures/images';
import { hasColor, pixelsAroundImagePoint, rpc } from './in-page';
import { expect, labelerCli, startServe, test } from './serve';
import { expectViewerReady, shot } from './steps';

/**
 * A project made with the CLI: one flat dark 400x300 image (class colors cannot be confused with
 * its content) and classes car, person. The server is started on `data` afterwards, so the CLI
 * never shares the database with a running server.
 */
async function annotatedSetup() {
  const data = tempDir('labeler-e2e-data-');
  const folder = tempDir('labeler-e2e-ann-');
  await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 40, g: 44, b: 52 } } }).png().toFile(path.join(folder, 'scene.png'));
  const projectId = labelerCli(data, 'project', 'create', '--name', 'Drawn', '--classes', 'car,person').trim();
  labelerCli(data, 'import', folder, '--project', projectId);
  return { data, projectId };
}

/** Sets the class colors to pure red and green (easy to find in pixels); returns the image id. */
async function prepareClassesAndImage(page: Page, projectId: string): Promise<string> {
  const classes = [
    { id: 0, name: 'car', color: '#ff0000' },
    { id: 1, name: 'person', color: '#00ff00' },
  ];
  await rpc(page, 'updateProject', { project_id: projectId, patch: { classes } });
  const images = await rpc<{ items: { id: string }[] }>(page, 'listImages', { project_id: projectId });
  return images.items[0].id;
}

async function openOnlyImage(page: Page) {
  await page.reload();
  await page.getByTestId('project-row').click();
  await page.getByTestId('thumb').click();
  await expectViewerReady(page);
}

/** A HiDPI screen, so the canvas's devicePixelRatio handling is what gets checked. */
test.use({ deviceScaleFactor: 2 });

test.describe('annotations', () => {
  test('stored annotations of every type are drawn on the canvas in their class colors', async ({ page }) => {
    const { data, projectId } = await annotatedSetup();
    const served = await startServe(data);
    try {
      await page.goto(served.url);
      const imageId = await prepareClassesAndImage(page, projectId);
      const create = (class_id: number, geometry: Record<string, unknown>) => rpc(page, 'createAnnotation', { image_id: imageId, annotation_type: geometry.type, class_id, geometry });
      await create(0, { type: 'bbox', bbox: [40, 30, 120, 100] });
      await create(1, { type: 'polygon', points: [[220, 40], [360, 40], [360, 200], [220, 200]], holes: [[[260, 80], [320, 80], [320, 160], [260, 160]]] });
      await create(1, { type: 'rotated_bbox', cx: 100, cy: 200, width: 80, height: 30, angle: 30 });
      await create(0, { type: 'line', p1: [20, 290], p2: [380, 290], width: 3 });
      await create(0, { type: 'polyline', points: [[200, 230], [240, 260], [280, 230], [320, 260]], width: 1, closed: false });
      await create(1, { type: 'circle', center: [370, 260], radius: 20, start_angle: 0, end_angle: 270 });
      await create(1, { type: 'points', points: [[180, 30], [190, 40], [200, 30]] });

      await openOnlyImage(page);
      await expect(page.getByTestId('annotation-item')).toHaveCount(7);
      await expect(page.getByTestId('class-counts')).toContainText('car');

      // Left edge of the bbox halfway down; left edge of the polygon; inside the polygon's hole.
      expect(hasColor(await pixelsAroundImagePoint(page, 40, 80), '#ff0000')).toBe(true);
      expect(hasColor(await pixelsAroundImagePoint(page, 220, 120), '#00ff00')).toBe(true);
      expect(hasColor(await pixelsAroundImagePoint(page, 290, 120, 1), '#282c34', 6)).toBe(true);
      // The 3 px line and a keypoint.
      expect(hasColor(await pixelsAroundImagePoint(page, 200, 290, 1), '#ff0000')).toBe(true);
      expect(hasColor(await pixelsAroundImagePoint(page, 190, 40, 1), '#00ff00')).toBe(true);

      // A mask (compressed COCO RLE) added while the image is open appears without reopening it.
      const width = 400;
      const height = 300;
      const bits = Uint8Array.from({ length: width * height }, (_, i) => {
        const x = i % width;
        const y = Math.floor(i / width);
        return x >= 20 && x < 60 && y >= 240 && y < 280 ? 1 : 0;
      });
      await create(0, { type: 'mask', rle: encodeRle({ width, height, data: bits }) });
      await expect(page.getByTestId('annotation-item')).toHaveCount(8);
      // Red at 45% over the background (40,44,52) is about (137,24,29).
      await expect.poll(async () => hasColor(await pixelsAroundImagePoint(page, 40, 260, 1), '#89181d', 15)).toBe(true);
      await shot(page, 'foundation-9-annotations');
    } finally {
      await served.stop();
    }
  });

  test('the wheel zooms around the cursor, dragging pans, and the status bar follows', async ({ page }) => {
    const { data, projectId } = await annotatedSetup();
    const served = await startServe(data);
    try {
      await page.goto(served.url);
      const imageId = await prepareClassesAndImage(page, projectId);
      await rpc(page, 'createAnnotation', { image_id: imageId, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [100, 100, 50, 50] } });
      await openOnlyImage(page);
      const canvas = page.getByTestId('image-canvas');
      const box = (await canvas.boundingBox())!;
      const view = async () => {
        const [scale, x, y] = await Promise.all(['data-scale', 'data-x', 'data-y'].map((a) => canvas.getAttribute(a)));
        return { scale: Number(scale), x: Number(x), y: Number(y) };
      };
      const toScreen = (v: { scale: number; x: number; y: number }, ix: number, iy: number) => ({ x: box.x + ix * v.scale + v.x, y: box.y + iy * v.scale + v.y });

      // The cursor over the bbox corner (100,100) shows image coordinates in the status bar.
      const before = await view();
      const corner = toScreen(before, 100, 100);
      await page.mouse.move(corner.x, corner.y);
      await expect(page.getByTestId('status-cursor')).toHaveText(/^(99|100), (99|100)$/);

      // Zooming in there keeps the corner under the cursor, and it is still drawn red.
      await page.mouse.wheel(0, -400);
      await expect.poll(async () => (await view()).scale).toBeGreaterThan(before.scale * 1.2);
      const zoomed = await view();
      const after = toScreen(zoomed, 100, 100);
      expect(Math.abs(after.x - corner.x)).toBeLessThan(1);
      expect(Math.abs(after.y - corner.y)).toBeLessThan(1);
      // A wheel zoom shows a scaled preview first; the crisp frame follows when the wheel rests.
      await expect.poll(async () => hasColor(await pixelsAroundImagePoint(page, 100, 120), '#ff0000')).toBe(true);
      await expect(page.getByTestId('status-zoom')).toHaveText(`${Math.round(zoomed.scale * 100)}%`);

      // Dragging empty canvas (the Select tool) moves the view by the drag distance; the middle button pans too.
      const empty = toScreen(zoomed, 60, 60);
      await page.mouse.move(empty.x, empty.y);
      await page.mouse.down();
      await page.mouse.move(empty.x - 120, empty.y - 60, { steps: 4 });
      await page.mouse.up();
      await expect.poll(async () => (await view()).x).toBeCloseTo(zoomed.x - 120, 0);
      expect((await view()).y).toBeCloseTo(zoomed.y - 60, 0);
      await page.mouse.down({ button: 'middle' });
      await page.mouse.move(empty.x - 100, empty.y - 60, { steps: 2 });
      await page.mouse.up({ button: 'middle' });
      await expect.poll(async () => (await view()).x).toBeCloseTo(zoomed.x - 100, 0);
      await shot(page, 'foundation-10-zoomed-and-panned');

      // F fits again; + and - step the zoom.
      await page.keyboard.press('f');
      await expect.poll(async () => (await view()).scale).toBeCloseTo(before.scale, 5);
      await page.keyboard.press('+');
      await expect.poll(async () => (await view()).scale).toBeCloseTo(before.scale * 1.25, 5);
      await page.keyboard.press('-');
      await expect.poll(async () => (await view()).scale).toBeCloseTo(before.scale, 5);
    } finally {
      await served.stop();
    }
  });
});
