import path from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { tempDir } from '../fixtures/images';
import { rpc } from './in-page';
import { expect, labelerCli, startServe, test } from './serve';
import { shot } from './steps';

interface Ann {
  id: string;
  annotation_status: string;
}
interface ResponseOut {
  id: string;
  item_id: string;
  review_status: string;
}

/** A project (made with the CLI) with `files` images of 400x300 and classes car, person. */
async function setup(files: string[]) {
  const data = tempDir('labeler-e2e-data-');
  const folder = tempDir('labeler-e2e-review-bulk-');
  for (const f of files) await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 60, g: 64, b: 72 } } }).png().toFile(path.join(folder, f));
  const projectId = labelerCli(data, 'project', 'create', '--name', 'Reviewed', '--classes', 'car,person').trim();
  labelerCli(data, 'import', folder, '--project', projectId);
  return { data, projectId };
}

/** Two boxes on each image, answered by image filename. */
async function annotateAll(page: Page, projectId: string): Promise<Map<string, string>> {
  const images = await rpc<{ items: { id: string; filename: string }[] }>(page, 'listImages', { project_id: projectId });
  const byName = new Map<string, string>();
  for (const image of images.items) {
    byName.set(image.filename, image.id);
    await rpc<Ann>(page, 'createAnnotation', { image_id: image.id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [30, 30, 120, 90] } });
    await rpc<Ann>(page, 'createAnnotation', { image_id: image.id, annotation_type: 'bbox', class_id: 1, geometry: { type: 'bbox', bbox: [220, 80, 140, 180] } });
  }
  return byName;
}

async function openReview(page: Page) {
  await page.reload();
  await page.getByTestId('project-row').click();
  await page.getByTestId('tab-review').click();
  await expect(page.getByTestId('review-view')).toBeVisible();
}

const statuses = async (page: Page, imageId: string) => (await rpc<Ann[]>(page, 'listAnnotations', { image_id: imageId })).map((a) => a.annotation_status);

test('a reviewer bulk-approves three of four images, then rejects the last with Ctrl+A and a reason', async ({ page }) => {
  const { data, projectId } = await setup(['a.png', 'b.png', 'c.png', 'd.png']);
  const served = await startServe(data);
  try {
    await page.goto(served.url);
    const ids = await annotateAll(page, projectId);
    await openReview(page);
    const checks = page.getByTestId('review-queue-check');
    await expect(checks).toHaveCount(4);

    // The first, then Shift on the third: a range of three.
    await checks.nth(0).click();
    await checks.nth(2).click({ modifiers: ['Shift'] });
    await expect(page.getByTestId('bulk-count')).toHaveText('3 images selected');
    await expect(page.locator('[data-testid="review-queue-item"][data-selected="true"]')).toHaveCount(3);
    await shot(page, 'review-bulk-1-selected');
    await page.getByTestId('bulk-approve').click();
    await expect(page.getByTestId('review-message')).toHaveText('Approved 6 annotations on 3 images');
    await expect(page.getByTestId('review-queue-item')).toHaveCount(1);
    await shot(page, 'review-bulk-2-approved');

    for (const name of ['a.png', 'b.png', 'c.png']) expect(await statuses(page, ids.get(name)!)).toEqual(['approved', 'approved']);
    expect(await statuses(page, ids.get('d.png')!)).toEqual(['pending', 'pending']);
    for (const name of ['a.png', 'b.png', 'c.png']) expect((await rpc<{ reviewed: boolean }>(page, 'getImage', { image_id: ids.get(name)! })).reviewed).toBe(true);

    // Ctrl+A while the queue has focus, then reject with a reason after confirming the count.
    await page.getByTestId('review-queue-item').first().focus();
    await page.keyboard.press('Control+a');
    await expect(page.getByTestId('bulk-count')).toHaveText('1 image selected');
    await page.getByTestId('bulk-reject').click();
    await expect(page.getByTestId('bulk-reject-summary')).toContainText('Reject 2 annotations on 1 image?');
    await expect(page.getByTestId('bulk-reject-reason')).toBeFocused();
    await page.keyboard.type('wrong classes throughout');
    await shot(page, 'review-bulk-3-confirm-reject');
    await page.getByTestId('bulk-reject-confirm').click();
    await expect(page.getByTestId('review-message')).toHaveText('Rejected 2 annotations on 1 image');
    await expect(page.getByTestId('review-queue-empty')).toBeVisible();
    expect(await statuses(page, ids.get('d.png')!)).toEqual(['rejected', 'rejected']);
    const issues = await rpc<{ items: { text: string; comment_type: string }[] }>(page, 'listComments', { project_id: projectId, image_id: ids.get('d.png')! });
    expect(issues.items.filter((t) => t.text.includes('wrong classes throughout') && t.comment_type === 'issue')).toHaveLength(2);
  } finally {
    await served.stop();
  }
});

const line = (o: unknown) => JSON.stringify(o);
const ITEMS = [
  line({ type: 'TXT_CLS', id: 't1', data: { text: 'The delivery was fast and friendly.', categories: ['positive', 'negative'] } }),
  line({ type: 'RLHF_PAIR', id: 'r1', data: { prompt: 'Say hello in French.', responseA: 'Bonjour !', responseB: 'Hola.', modelA: 'm1', modelB: 'm2' } }),
  line({ type: 'QUESTION', id: 'q1', data: { question_text: 'Which season has the longest days?', choices: [{ value: 'summer', text: 'Summer' }, { value: 'winter', text: 'Winter' }] }, expected: 'summer' }),
].join('\n');

test('a reviewer approves and rejects annotators’ responses with the keyboard only', async ({ page }) => {
  const data = tempDir('labeler-e2e-data-');
  const projectId = labelerCli(data, 'project', 'create', '--name', 'Texts').trim();
  const served = await startServe(data);
  try {
    await page.goto(served.url);
    await rpc(page, 'importItems', { project_id: projectId, content: ITEMS, format: 'jsonl' });
    const items = await rpc<{ items: { id: string; external_id: string }[] }>(page, 'listItems', { project_id: projectId });
    const item = Object.fromEntries(items.items.map((i) => [i.external_id, i.id]));
    await rpc(page, 'setProfile', { full_name: 'Ann Otator', email: 'ann@example.com', role: 'annotator' });
    await rpc(page, 'submitResponse', { item_id: item.t1, answer: { choices: ['positive'] }, time_spent_ms: 3200 });
    await rpc(page, 'submitResponse', { item_id: item.r1, answer: { choices: ['B'], rationale: 'friendlier' }, time_spent_ms: 5100 });
    await rpc(page, 'submitResponse', { item_id: item.q1, answer: { choices: ['winter'] }, time_spent_ms: 1500 });
    await rpc(page, 'setProfile', { full_name: 'Rita Reviewer', email: 'rita@example.com', role: 'reviewer' });

    await openReview(page);
    await page.getByTestId('review-mode-responses').click();
    const rows = page.getByTestId('response-row');
    await expect(rows).toHaveCount(3);
    const detail = page.getByTestId('response-detail');
    await expect(detail).toHaveAttribute('data-item-type', 'TXT_CLS');
    await expect(page.getByTestId('response-item-text')).toHaveText('The delivery was fast and friendly.');
    await shot(page, 'review-responses-1-queue');

    // J/K walk the list: down to the RLHF pair, its prompt and both answers shown, back up.
    await page.keyboard.press('j');
    await expect(detail).toHaveAttribute('data-item-type', 'RLHF_PAIR');
    await expect(page.getByTestId('response-item-text')).toContainText('Say hello in French.');
    await expect(page.getByTestId('response-answer')).toContainText('Response B is better');
    await page.keyboard.press('j');
    await expect(detail).toHaveAttribute('data-item-type', 'QUESTION');
    await expect(page.getByTestId('response-gold')).toHaveAttribute('data-correct', 'false');
    await shot(page, 'review-responses-2-gold');
    await page.keyboard.press('k');
    await page.keyboard.press('ArrowUp');
    await expect(detail).toHaveAttribute('data-item-type', 'TXT_CLS');

    // Y approves the text response; it leaves the pending queue and the pair comes up.
    const textResponse = await detail.getAttribute('data-response-id');
    await page.keyboard.press('y');
    await expect(rows).toHaveCount(2);
    await expect(detail).toHaveAttribute('data-item-type', 'RLHF_PAIR');
    const pairResponse = await detail.getAttribute('data-response-id');
    await page.keyboard.press('x');
    await expect(page.getByTestId('response-reject-reason')).toBeFocused();
    await page.keyboard.type('B answers in Spanish');
    await shot(page, 'review-responses-3-reject');
    await page.keyboard.press('Enter');
    await expect(rows).toHaveCount(1);
    await expect(detail).toHaveAttribute('data-item-type', 'QUESTION');

    const responses = await rpc<{ items: ResponseOut[] }>(page, 'listResponses', { project_id: projectId });
    const status = Object.fromEntries(responses.items.map((r) => [r.id, r.review_status]));
    expect(status[textResponse!]).toBe('approved');
    expect(status[pairResponse!]).toBe('rejected');
    expect(Object.values(status).filter((s) => s === 'pending')).toHaveLength(1);
    const comments = await rpc<{ items: { text: string; comment_type: string }[] }>(page, 'listComments', { project_id: projectId, item_id: item.r1 });
    expect(comments.items.some((t) => t.text.includes('B answers in Spanish') && t.comment_type === 'issue')).toBe(true);

    // Bulk: Ctrl+A in the list and approve what is left.
    await page.getByTestId('response-row').first().focus();
    await page.keyboard.press('Control+a');
    await page.getByTestId('response-bulk-approve').click();
    await expect(page.getByTestId('response-queue-empty')).toBeVisible();
    const after = await rpc<{ items: ResponseOut[] }>(page, 'listResponses', { project_id: projectId });
    expect(after.items.filter((r) => r.review_status === 'pending')).toHaveLength(0);
    await page.getByTestId('response-filter-status').selectOption('all');
    await expect(rows).toHaveCount(3);
    await shot(page, 'review-responses-4-all');
  } finally {
    await served.stop();
  }
});

test('the review canvas zooms with the wheel, pans with a drag and fits with 0 and a double-click', async ({ page }) => {
  const { data, projectId } = await setup(['street.png']);
  const served = await startServe(data);
  try {
    await page.goto(served.url);
    await annotateAll(page, projectId);
    await openReview(page);
    const canvas = page.getByTestId('review-canvas');
    await expect(canvas).toHaveAttribute('data-ready', 'true');
    await expect(canvas).toHaveAttribute('data-fitted', 'true');
    const fitted = Number(await canvas.getAttribute('data-scale'));
    const box = (await canvas.boundingBox())!;

    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await expect(canvas).toHaveAttribute('data-fitted', 'false');
    await expect.poll(async () => Number(await canvas.getAttribute('data-scale'))).toBeGreaterThan(fitted * 1.2);
    await shot(page, 'review-zoom-1-zoomed');

    // A drag pans and pins no comment.
    const x0 = Number(await canvas.getAttribute('data-x'));
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 20, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => Number(await canvas.getAttribute('data-x'))).toBeGreaterThan(x0 + 40);
    await expect(page.getByTestId('comment-pin')).toHaveCount(0);
    await expect(canvas).toHaveAttribute('data-ready', 'true');
    await shot(page, 'review-zoom-2-panned');

    await page.keyboard.press('0');
    await expect(canvas).toHaveAttribute('data-fitted', 'true');
    expect(Number(await canvas.getAttribute('data-scale'))).toBeCloseTo(fitted, 5);

    await page.mouse.wheel(0, -200);
    await expect(canvas).toHaveAttribute('data-fitted', 'false');
    await canvas.dblclick({ position: { x: 5, y: 5 } });
    await expect(canvas).toHaveAttribute('data-fitted', 'true');
    expect(Number(await canvas.getAttribute('data-scale'))).toBeCloseTo(fitted, 5);
  } finally {
    await served.stop();
  }
});
