import path from 'node:path';
import sharp from 'sharp';
import { tempDir } from '../fixtures/images';
import { rpc } from './in-page';
import { expect, labelerCli, startServe, test } from './serve';
import { shot } from './steps';

interface Ann {
  id: string;
  annotation_status: string;
}
interface ThreadOut {
  id: string;
  text: string;
  annotation_id: string | null;
  comment_type: string;
  resolved: boolean;
  x: number | null;
  y: number | null;
}

/** A project (made with the CLI) with one 400x300 image and classes car, person. */
async function setup() {
  const data = tempDir('labeler-e2e-data-');
  const folder = tempDir('labeler-e2e-review-');
  await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 60, g: 64, b: 72 } } }).png().toFile(path.join(folder, 'street.png'));
  const projectId = labelerCli(data, 'project', 'create', '--name', 'Reviewed', '--classes', 'car,person').trim();
  labelerCli(data, 'import', folder, '--project', projectId);
  return { data, projectId };
}

test('a reviewer approves and rejects with the keyboard, then comments and resolves', async ({ page }) => {
  const { data, projectId } = await setup();
  const served = await startServe(data);
  try {
    await page.goto(served.url);
    const images = await rpc<{ items: { id: string }[] }>(page, 'listImages', { project_id: projectId });
    const imageId = images.items[0].id;
    const first = await rpc<Ann>(page, 'createAnnotation', { image_id: imageId, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [30, 30, 120, 90] } });
    const second = await rpc<Ann>(page, 'createAnnotation', { image_id: imageId, annotation_type: 'bbox', class_id: 1, geometry: { type: 'bbox', bbox: [220, 80, 140, 180] } });

    await page.reload();
    await page.getByTestId('project-row').click();
    await page.getByTestId('tab-review').click();
    await expect(page.getByTestId('review-view')).toBeVisible();
    await expect(page.getByTestId('review-queue-item')).toHaveCount(1);
    const rows = page.getByTestId('review-annotation');
    await expect(rows).toHaveCount(2);
    await expect(page.getByTestId('review-canvas')).toHaveAttribute('data-ready', 'true');
    await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
    await shot(page, 'review-1-queue');

    // Keyboard only from here: Y approves the focused annotation and moves on; X asks for a reason.
    await page.keyboard.press('y');
    await expect(rows.nth(0)).toHaveAttribute('data-status', 'approved');
    await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('x');
    await expect(page.getByTestId('reject-reason')).toBeFocused();
    await page.keyboard.type('box cuts off the person');
    await shot(page, 'review-2-reject-reason');
    await page.keyboard.press('Enter');
    await expect(rows.nth(1)).toHaveAttribute('data-status', 'rejected');

    const stored = await rpc<Ann[]>(page, 'listAnnotations', { image_id: imageId });
    const status = Object.fromEntries(stored.map((a) => [a.id, a.annotation_status]));
    expect(status).toEqual({ [first.id]: 'approved', [second.id]: 'rejected' });
    const onRejected = await rpc<{ items: ThreadOut[] }>(page, 'listComments', { project_id: projectId, annotation_id: second.id });
    expect(onRejected.items.some((t) => t.text.includes('box cuts off the person') && t.comment_type === 'issue')).toBe(true);

    // A comment pinned at a clicked point, posted with C … Ctrl+Enter, then resolved.
    const canvas = page.getByTestId('review-canvas');
    const box = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await expect(page.getByTestId('comment-pin')).toBeVisible();
    await page.locator('body').press('c');
    await expect(page.getByTestId('comment-text')).toBeFocused();
    await page.keyboard.type('Is there a second car behind the tree?');
    await page.keyboard.press('Control+Enter');
    const thread = page.getByTestId('comment-thread').filter({ hasText: 'second car behind the tree' });
    await expect(thread).toHaveCount(1);
    await shot(page, 'review-3-comment');
    await thread.getByTestId('comment-resolve').click();
    await expect(thread).toHaveAttribute('data-resolved', 'true');
    await shot(page, 'review-4-resolved');

    const onImage = await rpc<{ items: ThreadOut[] }>(page, 'listComments', { project_id: projectId, image_id: imageId });
    const posted = onImage.items.find((t) => t.text === 'Is there a second car behind the tree?');
    expect(posted?.resolved).toBe(true);
    expect(posted?.x).not.toBeNull();
    expect(posted?.y).not.toBeNull();

    // Enter marks the image reviewed; the queue (awaiting review) is then empty.
    await page.locator('body').press('Enter');
    await expect(page.getByTestId('review-queue-empty')).toBeVisible();
    const image = await rpc<{ reviewed: boolean }>(page, 'getImage', { image_id: imageId });
    expect(image.reviewed).toBe(true);
    await shot(page, 'review-5-done');
  } finally {
    await served.stop();
  }
});
