import { expect, type Page } from '@playwright/test';
import path from 'node:path';
import { ROOT } from './serve';

/** Saves a screenshot of the current step under test-results/ for a human to look at. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ROOT, 'test-results', `${name}.png`) });
}

/** Creates a project through the New project dialog and waits for its (empty) project view. */
export async function createProjectInUi(page: Page, name: string, classes: string[] = []): Promise<void> {
  await page.getByTestId('new-project').click();
  const dialog = page.getByTestId('new-project-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('project-name').fill(name);
  for (const c of classes) {
    await dialog.getByTestId('new-class-name').fill(c);
    await dialog.getByTestId('new-class-name').press('Enter');
  }
  await expect(dialog.getByTestId('class-row')).toHaveCount(classes.length);
  await dialog.getByTestId('create-project').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('project-title')).toHaveText(name);
}

/** Imports a folder by typing its path and waits for the import report. */
export async function importInUi(page: Page, folder: string): Promise<void> {
  await page.getByTestId('import-path').fill(folder);
  await page.getByTestId('import-button').click();
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 30_000 });
}

/** Waits until `count` thumbnails are in the grid and every one has decoded pixels. */
export async function expectThumbnailsLoaded(page: Page, count: number): Promise<void> {
  const images = page.getByTestId('thumbnail-grid').locator('[data-testid="thumb"] img');
  await expect(images).toHaveCount(count);
  await expect
    .poll(() => images.evaluateAll((list) => list.filter((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0).length))
    .toBe(count);
}

/** Waits until the viewer has committed an image and drawn it (the canvas publishes its view). */
export async function expectViewerReady(page: Page): Promise<void> {
  await expect(page.getByTestId('image-viewer')).toBeVisible();
  await expect(page.getByTestId('viewer-loading')).toBeHidden();
  await expect(page.getByTestId('image-canvas')).toHaveAttribute('data-scale', /\d/);
}
