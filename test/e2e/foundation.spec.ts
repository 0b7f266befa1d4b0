import fs from 'node:fs';
import path from 'node:path';
import { PALETTE } from '../../src-shared/palette';
import { datasetFolder } from '../fixtures/datasets';
import { tempDir, writeImage } from '../fixtures/images';
import { canvasColorCount, rpc } from './in-page';
import { expect, test } from './serve';
import { createProjectInUi, expectThumbnailsLoaded, expectViewerReady, importInUi, shot } from './steps';

/** The shared coco8 images (8 real JPEGs in train/ and val/), or 8 generated PNGs when absent. */
async function eightImages(): Promise<string> {
  const { dir } = datasetFolder('coco8-yolo/images');
  if (dir) return dir;
  const generated = tempDir('labeler-e2e-images-');
  for (let i = 0; i < 8; i++) await writeImage(path.join(generated, `img${i}.png`), 320 + 16 * i, 240);
  return generated;
}

test('create a project, import a folder, browse thumbnails and step through images', async ({ page, served }) => {
  await page.goto(served.url);
  await expect(page.getByTestId('no-projects')).toBeVisible();

  await page.getByTestId('new-project').click();
  const dialog = page.getByTestId('new-project-dialog');
  await dialog.getByTestId('project-name').fill('Street scenes');
  await dialog.getByTestId('project-description').fill('coco8 smoke test');
  for (const name of ['person', 'car', 'tree']) {
    await dialog.getByTestId('new-class-name').fill(name);
    await dialog.getByTestId('add-class').click();
  }
  await dialog.getByTestId('remove-class').nth(2).click();
  await dialog.getByTestId('class-name').nth(1).fill('vehicle');
  await dialog.getByRole('textbox', { name: 'Name of class 1' }).press('Tab');
  await dialog.getByLabel('Color of vehicle').fill('#123456');
  await expect(dialog.getByTestId('class-name')).toHaveCount(2);
  await shot(page, 'foundation-1-new-project-dialog');
  await dialog.getByTestId('create-project').click();
  await expect(page.getByTestId('project-title')).toHaveText('Street scenes');
  const [created] = await rpc<{ classes: unknown[] }[]>(page, 'listProjects', {});
  expect(created.classes).toEqual([
    { id: 0, name: 'person', color: PALETTE[0], parent_id: null },
    { id: 1, name: 'vehicle', color: '#123456', parent_id: null },
  ]);

  const folder = await eightImages();
  await importInUi(page, folder);
  await expect(page.getByTestId('report-imported')).toHaveText('8');
  await expect(page.getByTestId('report-failed-count')).toHaveText('0');
  await expect(page.getByTestId('import-progress')).toBeHidden();
  await expect(page.getByTestId('stat-images')).toHaveText('8');
  await expectThumbnailsLoaded(page, 8);
  await shot(page, 'foundation-2-project-grid');

  await page.getByTestId('thumb').first().click();
  await expectViewerReady(page);
  await expect(page.getByTestId('status-position')).toHaveText('1 / 8');
  expect(await canvasColorCount(page)).toBeGreaterThan(50);
  const first = await page.getByTestId('status-filename').textContent();
  await shot(page, 'foundation-3-viewer');

  await page.keyboard.press('d');
  await expect(page.getByTestId('status-filename')).not.toHaveText(first ?? '');
  await expect(page.getByTestId('status-position')).toHaveText('2 / 8');
  await expectViewerReady(page);
  expect(await canvasColorCount(page)).toBeGreaterThan(50);

  // Zoom keys change the zoom shown in the status bar; F fits again. (1–9 pick classes in the editor, so 100% is 0.)
  const fitted = await page.getByTestId('status-zoom').textContent();
  await page.keyboard.press('0');
  await expect(page.getByTestId('status-zoom')).toHaveText('100%');
  await page.keyboard.press('f');
  await expect(page.getByTestId('status-zoom')).toHaveText(fitted ?? '');
  await shot(page, 'foundation-4-next-image');

  // Back in the grid the open image keeps the focus; arrows move it and Enter opens.
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-testid="thumb"][aria-selected="true"]')).toHaveAttribute('data-index', '1');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-testid="thumb"][aria-selected="true"]')).toHaveAttribute('data-index', '2');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('status-position')).toHaveText('3 / 8');
  await page.keyboard.press('a');
  await expect(page.getByTestId('status-position')).toHaveText('2 / 8');
  await page.keyboard.press('Escape');
  await page.getByTestId('back-to-projects').click();
  await expect(page.getByTestId('project-row')).toHaveCount(1);
  await expect(page.getByTestId('project-images')).toHaveText('8');
  await shot(page, 'foundation-5-project-list');
});

test('an import lists a corrupt file with its reason and imports the valid ones', async ({ page, served }) => {
  const folder = tempDir('labeler-e2e-broken-');
  for (const name of ['a.png', 'b.png', 'c.png']) await writeImage(path.join(folder, name), 200, 150);
  fs.writeFileSync(path.join(folder, 'broken.jpg'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));

  await page.goto(served.url);
  // The server's validation shows inline in the dialog, with its code.
  await page.getByTestId('new-project').click();
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('form-error')).toContainText('VALIDATION_ERROR');
  await expect(page.getByTestId('form-error')).toContainText('name');
  await shot(page, 'foundation-6-validation-error');
  await page.getByTestId('new-project-dialog').press('Escape');

  await createProjectInUi(page, 'With a broken file');
  await page.getByTestId('import-path').fill(path.join(folder, 'no-such-folder'));
  await page.getByTestId('import-button').click();
  await expect(page.getByTestId('import-error')).toContainText('NOT_FOUND');
  await importInUi(page, folder);
  await expect(page.getByTestId('report-imported')).toHaveText('3');
  await expect(page.getByTestId('report-failed-count')).toHaveText('1');
  const failed = page.getByTestId('failed-file');
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText('broken.jpg');
  await expect(failed).toContainText(/UNSUPPORTED_FILE|IO_ERROR/);
  await expect(failed).toContainText(/not a readable image|truncated|empty|dimensions/);
  await expectThumbnailsLoaded(page, 3);
  await shot(page, 'foundation-7-import-report-with-failure');

  // A file that vanished after import: the viewer says so with the code instead of going blank.
  fs.rmSync(path.join(folder, 'a.png'));
  await page.getByTestId('thumb').first().click();
  await expect(page.getByTestId('viewer-error')).toContainText('NOT_FOUND');
  await expect(page.getByTestId('status-filename')).toHaveText('a.png');
  await shot(page, 'foundation-8-missing-file');

  await page.keyboard.press('Escape');
  await page.getByTestId('back-to-projects').click();
  await page.getByTestId('delete-project').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('With a broken file');
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('no-projects')).toBeVisible();
});
