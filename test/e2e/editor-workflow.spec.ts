import { rpc } from './in-page';
import { expect, test } from './serve';
import { expectViewerReady, shot } from './steps';
import { editorProject, imageMouse, openImage, storedAfterSave, type StoredAnnotation } from './editor-harness';

test('multi-select, z-order, hide, lock, copy and paste onto the next image, filmstrip and next-unannotated', async ({ page }) => {
  const { served, imageIds } = await editorProject(page, { sizes: [[400, 300], [400, 300], [400, 300]] });
  try {
    const create = (class_id: number, geometry: Record<string, unknown>) => rpc<StoredAnnotation>(page, 'createAnnotation', { image_id: imageIds[0], annotation_type: geometry.type, class_id, geometry });
    const a = await create(0, { type: 'bbox', bbox: [20, 20, 60, 60] });
    const b = await create(1, { type: 'bbox', bbox: [50, 50, 60, 60] });
    await create(2, { type: 'polygon', points: [[200, 50], [300, 50], [250, 150]] });
    await openImage(page);
    const mouse = imageMouse(page);

    // Autosave: a drawn box is in the store within a second of the mouse going up.
    await page.keyboard.press('b');
    await mouse.drag([300, 200], [360, 260]);
    const drawnAt = Date.now();
    await expect.poll(async () => (await rpc<unknown[]>(page, 'listAnnotations', { image_id: imageIds[0] })).length, { intervals: [25] }).toBe(4);
    expect(Date.now() - drawnAt).toBeLessThan(1000);
    await page.keyboard.press('Delete');
    await page.keyboard.press('v');

    // Shift-drag selects by area; the overlap goes to the front with ].
    await page.keyboard.down('Shift');
    await mouse.drag([10, 10], [120, 120]);
    await page.keyboard.up('Shift');
    await expect(page.getByTestId('attributes-panel')).toContainText('2 selected');
    await shot(page, 'editor-multi-select');
    await mouse.click([25, 25]);
    await page.keyboard.press(']');
    let stored = await storedAfterSave(page, imageIds[0]);
    expect(stored.find((x) => x.id === a.id)!.z_order).toBeGreaterThan(stored.find((x) => x.id === b.id)!.z_order);
    // In the overlap the two boxes are the same size, so a click picks the one in front: now a.
    await mouse.click([70, 70]);
    await expect(page.locator('[data-testid="annotation-item"][aria-selected="true"]')).toHaveAttribute('data-key', a.id);

    // Hide the polygon: it cannot be clicked any more; Shift+H shows it again.
    await mouse.click([250, 80]);
    await page.keyboard.press('h');
    await mouse.click([250, 80]);
    await expect(page.getByTestId('attributes-panel')).toBeHidden();
    await page.keyboard.press('Shift+H');
    // Hide a whole class from the counts.
    await page.getByTestId('class-visibility').nth(2).click();
    await mouse.click([250, 80]);
    await expect(page.getByTestId('attributes-panel')).toBeHidden();
    await shot(page, 'editor-class-hidden');
    await page.getByTestId('class-visibility').nth(2).click();

    // Lock: a locked box is out of reach on the canvas (a drag there pans) and stays on Delete.
    const rowOfA = page.locator(`[data-testid="annotation-item"][data-key="${a.id}"]`);
    await mouse.click([25, 25]);
    await page.keyboard.press('Shift+L');
    await mouse.drag([30, 30], [150, 200]);
    await rowOfA.click();
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('editor-message')).toContainText('locked');
    stored = await storedAfterSave(page, imageIds[0]);
    expect(stored.find((x) => x.id === a.id)!.geometry).toEqual({ type: 'bbox', bbox: [20, 20, 60, 60] });
    await rowOfA.getByTestId('item-lock').click();

    // Copy both boxes, step to the next image with D, paste: same places, classes and attributes.
    await page.keyboard.press('Shift+H');
    await mouse.click([25, 25]);
    await mouse.click([100, 100], { modifiers: ['Shift'] });
    await page.keyboard.press('Control+c');
    await page.keyboard.press('d');
    await expect(page.getByTestId('status-position')).toHaveText('2 / 3');
    await expectViewerReady(page);
    await page.keyboard.press('Control+v');
    const pasted = await storedAfterSave(page, imageIds[1]);
    expect(pasted.map((x) => [x.class_id, x.geometry]).sort()).toEqual([[0, { type: 'bbox', bbox: [20, 20, 60, 60] }], [1, { type: 'bbox', bbox: [50, 50, 60, 60] }]].sort());
    await shot(page, 'editor-pasted-on-next-image');

    // The filmstrip shows the neighbours; N finds the only image left without annotations.
    await expect(page.getByTestId('film')).toHaveCount(3);
    await page.getByTestId('film').first().click();
    await expect(page.getByTestId('status-position')).toHaveText('1 / 3');
    await page.keyboard.press('n');
    await expect(page.getByTestId('status-position')).toHaveText('3 / 3');
    await expect(page.getByTestId('film').nth(2)).toHaveAttribute('aria-current', 'true');

    // The shortcut sheet lists every tool.
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcut-sheet')).toContainText('Rotated box');
    await shot(page, 'editor-shortcut-sheet');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcut-sheet')).toBeHidden();
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-testid="thumb"][aria-selected="true"]')).toHaveAttribute('data-index', '2');
  } finally {
    await served.stop();
  }
});

test('a classification-only project labels whole images with the number keys, single- or multi-label', async ({ page }) => {
  const { served, projectId, imageIds } = await editorProject(page, { sizes: [[320, 240], [320, 240], [320, 240]], taskTypes: ['classification'], taskConfig: { classification: { multi_label: false } } });
  const classesOf = async (id: string) => (await rpc<{ image_annotations: { classes: number[]; captions: { text: string }[] } }>(page, 'getImage', { image_id: id })).image_annotations;
  const saved = () => expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  try {
    await openImage(page);
    await expect(page.getByTestId('tool-bar')).toHaveCount(0);
    await page.keyboard.press('2');
    await page.keyboard.press('3');
    await saved();
    expect((await classesOf(imageIds[0])).classes).toEqual([2]);
    await page.keyboard.press('Control+z');
    await saved();
    expect((await classesOf(imageIds[0])).classes).toEqual([1]);
    await page.getByTestId('new-image-caption').fill('two people on a bench');
    await page.getByTestId('new-image-caption').blur();
    await saved();
    expect((await classesOf(imageIds[0])).captions).toMatchObject([{ text: 'two people on a bench', source: 'human' }]);
    await shot(page, 'editor-classification');

    await page.keyboard.press('n');
    await expect(page.getByTestId('status-position')).toHaveText('2 / 3');
    await page.keyboard.press('1');
    await page.keyboard.press('n');
    await expect(page.getByTestId('status-position')).toHaveText('3 / 3');
    await saved();
    expect((await classesOf(imageIds[1])).classes).toEqual([0]);

    // Multi-label: the number keys toggle classes independently.
    const project = await rpc<Record<string, unknown>>(page, 'getProject', { project_id: projectId });
    await rpc(page, 'updateProject', { project_id: projectId, patch: { name: project.name, classes: project.classes, attributes: project.attributes, task_types: ['classification'], task_config: { classification: { mode: 'multi-label' } } } });
    await openImage(page, 2);
    await page.keyboard.press('1');
    await page.keyboard.press('3');
    await saved();
    expect((await classesOf(imageIds[2])).classes).toEqual([0, 2]);
    await expect(page.locator('[data-testid="image-class"][aria-pressed="true"]')).toHaveCount(2);
  } finally {
    await served.stop();
  }
});
