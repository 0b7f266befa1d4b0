import type { Page } from '@playwright/test';
import { expect, test } from './serve';
import { shot } from './steps';
import { editorProject, expectNear, imageMouse, openImage, screenOf, storedAfterSave, viewOf, type StoredAnnotation } from './editor-harness';

/** What the mouse drew, in image pixels, and the geometry the API must hold for it. */
async function drawEveryType(page: Page, prefix: string, o: [number, number]): Promise<Record<string, unknown>[]> {
  const mouse = imageMouse(page);
  const at = (x: number, y: number): [number, number] => [o[0] + x, o[1] + y];

  await page.keyboard.press('b');
  await mouse.drag(at(10, 10), at(90, 70));
  await shot(page, `${prefix}-bbox`);

  await page.keyboard.press('r');
  await mouse.drag(at(110, 10), at(190, 50));
  // Turn it with the handle above the top edge: towards the right makes 90°.
  const handle = await screenOf(page, o[0] + 150, o[1] + 10);
  const right = await screenOf(page, o[0] + 230, o[1] + 30);
  await mouse.dragScreen({ x: handle.x, y: handle.y - 28 }, right);
  await shot(page, `${prefix}-rotated-bbox`);

  await page.keyboard.press('p');
  for (const p of [at(10, 90), at(80, 90), at(80, 150), at(30, 140)]) await mouse.click(p);
  await mouse.move(at(11, 91));
  await shot(page, `${prefix}-polygon-closing`);
  await mouse.click(at(10, 90));
  await shot(page, `${prefix}-polygon`);

  await page.keyboard.press('l');
  await mouse.drag(at(100, 90), at(180, 130));

  await page.keyboard.press('o');
  for (const p of [at(100, 150), at(130, 170), at(160, 150)]) await mouse.click(p);
  await mouse.move(at(190, 170));
  await shot(page, `${prefix}-polyline-drawing`);
  await page.keyboard.press('Enter');
  await shot(page, `${prefix}-line-polyline`);

  await page.keyboard.press('c');
  await mouse.drag(at(240, 60), at(270, 60));
  await shot(page, `${prefix}-circle`);

  await page.keyboard.press('k');
  await mouse.click(at(220, 120));
  await mouse.click(at(250, 140));
  await page.keyboard.press('Enter');
  await shot(page, `${prefix}-keypoints`);

  const p = (x: number, y: number) => at(x, y);
  return [
    { type: 'bbox', bbox: [...p(10, 10), 80, 60] },
    { type: 'rotated_bbox', cx: o[0] + 150, cy: o[1] + 30, width: 80, height: 40, angle: 90 },
    { type: 'polygon', points: [p(10, 90), p(80, 90), p(80, 150), p(30, 140)] },
    { type: 'line', p1: p(100, 90), p2: p(180, 130), width: 2 },
    { type: 'polyline', points: [p(100, 150), p(130, 170), p(160, 150)], width: 2, closed: false },
    { type: 'circle', center: p(240, 60), radius: 30, start_angle: 0, end_angle: 360 },
    { type: 'points', points: [p(220, 120), p(250, 140)] },
  ];
}

test('every annotation type is drawn with the mouse and stored in the API shape, within 1 px at 100% and at 244%', async ({ page }) => {
  const { served, imageIds } = await editorProject(page, { sizes: [[640, 480]] });
  try {
    await openImage(page);
    await page.keyboard.press('0');
    await expect.poll(async () => (await viewOf(page)).scale).toBe(1);
    const atFull = await drawEveryType(page, 'editor-100', [20, 20]);
    let stored = await storedAfterSave(page, imageIds[0]);
    expect(stored.map((a) => a.annotation_type)).toEqual(atFull.map((g) => g.type));
    stored.forEach((a, i) => expectNear(a.geometry, atFull[i], 1, `${a.annotation_type} at 100%`));
    expect(stored.every((a) => a.class_id === 0)).toBe(true);

    // Zoomed in (four steps of 1.25) around the lower right part of the image.
    await page.keyboard.press('Escape');
    for (let i = 0; i < 4; i++) await page.keyboard.press('+');
    await expect.poll(async () => (await viewOf(page)).scale).toBeCloseTo(1.25 ** 4, 2);
    const box = (await page.getByTestId('canvas-box').boundingBox())!;
    // Pan so image point (330, 250) sits at the top left of the canvas, with space-drag.
    const from = await screenOf(page, 330, 250);
    await page.keyboard.down(' ');
    await imageMouse(page).dragScreen(from, { x: box.x + 30, y: box.y + 30 });
    await page.keyboard.up(' ');
    const zoomed = await drawEveryType(page, 'editor-244', [330, 250]);
    stored = await storedAfterSave(page, imageIds[0]);
    expect(stored).toHaveLength(14);
    stored.slice(7).forEach((a, i) => expectNear(a.geometry, zoomed[i], 1, `${a.annotation_type} at 244%`));

    // A reload finds all of them, listed and drawn.
    await openImage(page);
    await expect(page.getByTestId('annotation-total')).toHaveText('14');
    await expect(page.getByTestId('image-canvas')).toHaveAttribute('data-drawn', '14');
    await shot(page, 'editor-all-types-reloaded');
    expect(await page.getByRole('button', { name: /^save$/i }).count()).toBe(0);
  } finally {
    await served.stop();
  }
});

test('invalid geometry is refused with a visible message and never stored', async ({ page }) => {
  const { served, imageIds } = await editorProject(page, { taskConfig: { detection: { min_bbox_size: 20, bbox_types: ['horizontal'] }, segmentation: { min_polygon_vertices: 4 } } });
  try {
    await openImage(page);
    const mouse = imageMouse(page);
    await page.keyboard.press('b');
    await mouse.drag([50, 50], [60, 120]);
    await expect(page.getByTestId('editor-message')).toContainText('min_bbox_size');
    await shot(page, 'editor-refused-small-box');
    await page.keyboard.press('p');
    for (const p of [[10, 10], [100, 10], [100, 90]] as [number, number][]) await mouse.click(p);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('editor-message')).toContainText('min_polygon_vertices');
    await page.keyboard.press('Escape');
    // The rotated box tool is off: bbox_types allows horizontal boxes only.
    await expect(page.getByTestId('tool-rotated_bbox')).toBeDisabled();
    await page.keyboard.press('r');
    await expect(page.getByTestId('tool-bbox')).toHaveAttribute('aria-pressed', 'false');
    expect(await storedAfterSave(page, imageIds[0])).toEqual([] as StoredAnnotation[]);
  } finally {
    await served.stop();
  }
});
