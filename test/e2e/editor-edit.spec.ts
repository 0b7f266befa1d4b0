import type { Page } from '@playwright/test';
import { rpc } from './in-page';
import { expect, test } from './serve';
import { shot } from './steps';
import { editorProject, expectNear, imageMouse, openImage, storedAfterSave, type StoredAnnotation } from './editor-harness';

const BOX = { type: 'bbox', bbox: [40, 40, 100, 80] };
const SQUARE = { type: 'polygon', points: [[200, 40], [300, 40], [300, 140], [200, 140]] };

/** The stored box and polygon, found by type. */
async function storedPair(page: Page, imageId: string) {
  const all = await storedAfterSave(page, imageId);
  return { all, box: all.find((a) => a.annotation_type === 'bbox'), polygon: all.find((a) => a.annotation_type === 'polygon') };
}

test('shapes are edited, classified and attributed; undo and redo cover every edit; a reload shows it all', async ({ page }) => {
  const { served, imageIds } = await editorProject(page);
  const imageId = imageIds[0];
  try {
    for (const geometry of [BOX, SQUARE]) await rpc(page, 'createAnnotation', { image_id: imageId, annotation_type: geometry.type, class_id: 0, geometry });
    await openImage(page);
    const mouse = imageMouse(page);

    // Resize the box by its corner handle, then move it by its inside.
    await mouse.click([90, 80]);
    await expect(page.getByTestId('attributes-panel')).toBeVisible();
    await mouse.drag([140, 120], [170, 150]);
    await mouse.drag([90, 80], [100, 90]);
    let { box } = await storedPair(page, imageId);
    expectNear(box!.geometry, { type: 'bbox', bbox: [50, 50, 130, 110] });
    await shot(page, 'editor-edit-box');

    // Class by number key, then every attribute type and the caption.
    await page.keyboard.press('2');
    await page.getByTestId('attr-occluded').check();
    await page.getByTestId('attr-quality').selectOption('blurry');
    await page.getByTestId('attr-count').fill('3');
    await page.getByTestId('attr-count').press('Enter');
    await page.getByTestId('attr-note').fill('front');
    await page.getByTestId('attr-note').press('Enter');
    await page.getByTestId('selection-caption').fill('a red car');
    await page.getByTestId('selection-caption').blur();
    ({ box } = await storedPair(page, imageId));
    expect(box).toMatchObject({ class_id: 1, attributes: { occluded: true, quality: 'blurry', count: 3, note: 'front' }, caption: 'a red car' });
    await shot(page, 'editor-attributes');

    // Polygon: drag the top edge's midpoint to insert a vertex, Alt-click a vertex away, drag another.
    await mouse.click([250, 90]);
    await mouse.drag([250, 40], [250, 20]);
    await mouse.click([300, 140], { modifiers: ['Alt'] });
    await mouse.drag([200, 140], [190, 150]);
    let { polygon } = await storedPair(page, imageId);
    expectNear(polygon!.geometry.points, [[200, 40], [250, 20], [300, 40], [190, 150]]);
    await shot(page, 'editor-edit-polygon');

    // Three undos take the polygon back to the square; one redo re-inserts the vertex.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z');
    ({ polygon } = await storedPair(page, imageId));
    expectNear(polygon!.geometry.points, SQUARE.points);
    await page.keyboard.press('Control+Shift+z');
    ({ polygon } = await storedPair(page, imageId));
    expectNear(polygon!.geometry.points, [[200, 40], [250, 20], [300, 40], [300, 140], [200, 140]]);

    // Select all and delete is one command; one undo brings both back, attributes included.
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    expect((await storedPair(page, imageId)).all).toEqual([]);
    await page.keyboard.press('Control+z');
    ({ box } = await storedPair(page, imageId));
    expect(box).toMatchObject({ class_id: 1, attributes: { occluded: true, quality: 'blurry', count: 3, note: 'front' }, caption: 'a red car' });

    // Undo everything (the caption, attributes, class, move and resize), then redo it all with Ctrl+Y.
    await mouse.click([20, 250]);
    for (let i = 0; i < 9; i++) await page.keyboard.press('Control+z');
    ({ box } = await storedPair(page, imageId));
    expect(box).toMatchObject({ class_id: 0, attributes: {}, caption: null, geometry: BOX });
    for (let i = 0; i < 9; i++) await page.keyboard.press('Control+y');
    ({ box, polygon } = await storedPair(page, imageId));
    expect(box).toMatchObject({ class_id: 1, attributes: { occluded: true, quality: 'blurry', count: 3, note: 'front' }, caption: 'a red car' });
    expectNear(box!.geometry, { type: 'bbox', bbox: [50, 50, 130, 110] });
    expectNear(polygon!.geometry.points, [[200, 40], [250, 20], [300, 40], [300, 140], [200, 140]]);

    // A reload shows the same shapes, class and attributes.
    const before: StoredAnnotation[] = (await storedPair(page, imageId)).all;
    await openImage(page);
    await expect(page.getByTestId('annotation-total')).toHaveText('2');
    await mouse.click([100, 100]);
    await expect(page.getByTestId('selection-class')).toHaveValue('1');
    await expect(page.getByTestId('attr-occluded')).toBeChecked();
    await expect(page.getByTestId('attr-quality')).toHaveValue('blurry');
    await expect(page.getByTestId('attr-count')).toHaveValue('3');
    await expect(page.getByTestId('selection-caption')).toHaveValue('a red car');
    expect((await storedPair(page, imageId)).all.map((a) => [a.geometry, a.attributes])).toEqual(before.map((a) => [a.geometry, a.attributes]));
    await shot(page, 'editor-after-reload');
  } finally {
    await served.stop();
  }
});

test('lines, polylines, circles, arcs, keypoints and rotated boxes are reshaped by their handles', async ({ page }) => {
  const { served, imageIds } = await editorProject(page);
  const imageId = imageIds[0];
  try {
    const shapes = [
      { type: 'line', p1: [20, 20], p2: [120, 20], width: 3 },
      { type: 'polyline', points: [[20, 80], [80, 120], [140, 80]], width: 2, closed: false },
      { type: 'circle', center: [250, 80], radius: 40, start_angle: 0, end_angle: 360 },
      { type: 'points', points: [[300, 200], [340, 220]] },
      { type: 'rotated_bbox', cx: 120, cy: 220, width: 100, height: 40, angle: 0 },
    ];
    for (const geometry of shapes) await rpc(page, 'createAnnotation', { image_id: imageId, annotation_type: geometry.type, class_id: 2, geometry });
    await openImage(page);
    const mouse = imageMouse(page);
    const byType = async (type: string) => (await storedAfterSave(page, imageId)).find((a) => a.annotation_type === type)!.geometry;

    await mouse.click([70, 20]);
    await mouse.drag([120, 20], [150, 40]);
    expectNear(await byType('line'), { p1: [20, 20], p2: [150, 40], width: 3 });

    await mouse.click([50, 100]);
    await mouse.drag([140, 80], [160, 60]);
    expectNear(await byType('polyline'), { points: [[20, 80], [80, 120], [160, 60]], closed: false });

    // The circle's end handle sits at 0° (east): dragged to 90° it makes a quarter arc; the radius handle then sits mid-arc.
    await mouse.click([250, 80]);
    await mouse.drag([290, 80], [250, 120]);
    expectNear(await byType('circle'), { center: [250, 80], radius: 40, start_angle: 0, end_angle: 90 });
    const mid = 40 / Math.SQRT2;
    await mouse.drag([250 + mid, 80 + mid], [250 + 50 / Math.SQRT2, 80 + 50 / Math.SQRT2]);
    expectNear(await byType('circle'), { center: [250, 80], radius: 50, start_angle: 0, end_angle: 90 });
    await shot(page, 'editor-edit-arc');

    await mouse.click([300, 200]);
    await mouse.drag([340, 220], [350, 230]);
    expectNear(await byType('points'), { points: [[300, 200], [350, 230]] });

    await mouse.click([120, 225]);
    await mouse.drag([170, 220], [190, 220]);
    expectNear(await byType('rotated_bbox'), { cx: 130, cy: 220, width: 120, height: 40, angle: 0 });
    await shot(page, 'editor-edit-handles');
  } finally {
    await served.stop();
  }
});
