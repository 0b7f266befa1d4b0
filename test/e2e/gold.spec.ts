import type { Page } from '@playwright/test';
import path from 'node:path';
import sharp from 'sharp';
import { tempDir } from '../fixtures/images';
import { rpc } from './in-page';
import { expect, labelerCli, startServe, test } from './serve';
import { shot } from './steps';

const CATEGORIES = ['positive', 'negative', 'neutral'];
const TEXTS: Record<string, string> = {
  g1: 'I love this kettle, it boils in a minute.',
  g2: 'Worst purchase ever: it leaked on day one.',
  t3: 'The box was blue.',
  t4: 'It arrived on Tuesday.',
  t5: 'Comes with a manual in four languages.',
  t6: 'The handle is made of plastic.',
};
const ITEMS = Object.entries(TEXTS)
  .map(([id, text]) => JSON.stringify({ type: 'TXT_CLS', id, data: { text, categories: CATEGORIES } }))
  .join('\n');

/** What Ann presses for each text: g1 right (1 = positive), g2 wrong (1 = positive, gold says negative), the rest neutral. */
const ANN_KEYS: Record<string, string> = { [TEXTS.g1]: '1', [TEXTS.g2]: '1' };

/** A project (made with the CLI) with one image; the image gets one box so it can become gold. */
async function setup() {
  const data = tempDir('labeler-e2e-data-');
  const folder = tempDir('labeler-e2e-gold-');
  await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 60, g: 64, b: 72 } } }).png().toFile(path.join(folder, 'street.png'));
  const projectId = labelerCli(data, 'project', 'create', '--name', 'Gold check', '--classes', 'car,person').trim();
  labelerCli(data, 'import', folder, '--project', projectId);
  return { data, projectId };
}

/** Opens the profile menu (bottom centre) and fills the switcher form. */
async function fillProfile(page: Page, name: string, email: string, role: string) {
  await page.getByTestId('profile-button').click();
  const dialog = page.getByTestId('profile-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('profile-name-input').fill(name);
  await dialog.getByTestId('profile-email-input').fill(email);
  await dialog.getByTestId('profile-role-select').selectOption(role);
  return dialog;
}

async function markItemGold(page: Page, id: string, answer: string) {
  await page.getByTestId('gold-item-select').selectOption({ label: `${id} — ${TEXTS[id]}` });
  await page.getByTestId('gold-choice').and(page.locator(`[data-value="${answer}"]`)).click();
  await page.getByTestId('gold-mark-item').click();
}

test('a reviewer marks gold in the UI, an annotator labels, and their gold accuracy shows in the quality report', async ({ page }) => {
  const { data, projectId } = await setup();
  const served = await startServe(data);
  try {
    await page.goto(served.url);
    const images = await rpc<{ items: { id: string }[] }>(page, 'listImages', { project_id: projectId });
    await rpc(page, 'createAnnotation', { image_id: images.items[0].id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [30, 30, 120, 90] } });
    await page.reload();

    // The first-use profile is "Local user", admin; give it a name and an email.
    await expect(page.getByTestId('profile-name')).toHaveText('Local user');
    await expect(page.getByTestId('profile-role')).toHaveText('admin');
    await shot(page, 'gold-0-projects');
    let dialog = await fillProfile(page, 'Ada Admin', 'ada@example.com', 'admin');
    await expect(dialog.getByTestId('profile-save')).toHaveText('Save profile');
    await dialog.getByTestId('profile-save').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('profile-name')).toHaveText('Ada Admin');

    // The pill stays clear of the grid's and the viewer's controls.
    await page.getByTestId('project-row').click();
    await expect(page.getByTestId('thumb')).toHaveCount(1);
    await shot(page, 'gold-0-grid');
    await page.getByTestId('thumb').click();
    await expect(page.getByTestId('image-viewer')).toBeVisible();
    await shot(page, 'gold-0-viewer');
    await page.getByTestId('back-to-grid').click();

    await page.getByTestId('tab-items').click();
    await page.getByTestId('items-content').fill(ITEMS);
    await page.getByTestId('items-import-button').click();
    await expect(page.getByTestId('items-imported')).toHaveText('6');
    // A reviewer or admin labeling an item can make it gold from here too (not used below).
    await expect(page.getByTestId('item-mark-gold')).toBeVisible();

    // Quality: half of each queue gold (so both gold items reach Ann), two items and the image marked gold.
    await page.getByTestId('tab-quality').click();
    const panel = page.getByTestId('gold-panel');
    await expect(panel).toBeVisible();
    await page.getByTestId('gold-share-input').fill('50');
    await page.getByTestId('gold-share-save').click();
    await expect(page.getByTestId('gold-share-save')).toBeDisabled();
    await markItemGold(page, 'g1', 'positive');
    await expect(panel.getByTestId('gold-row')).toHaveCount(1);
    await markItemGold(page, 'g2', 'negative');
    await expect(panel.getByTestId('gold-row')).toHaveCount(2);
    await page.getByTestId('gold-image-select').selectOption({ label: 'street.png (1)' });
    await page.getByTestId('gold-mark-image').click();
    await expect(panel.getByTestId('gold-row')).toHaveCount(3);
    await expect(panel.getByTestId('gold-expected')).toHaveText(['positive', 'negative', '1 shape']);
    await panel.getByTestId('gold-row').last().scrollIntoViewIfNeeded();
    await shot(page, 'gold-1-marked');
    const gold = await rpc<{ item_id: string | null; expected: { choices?: string[] } }[]>(page, 'listGold', { project_id: projectId });
    expect(gold.filter((g) => g.item_id).map((g) => g.expected.choices)).toEqual([['positive'], ['negative']]);

    // Ann starts working here: a new email adds her as an annotator.
    dialog = await fillProfile(page, 'Ann', 'ann@example.com', 'annotator');
    await expect(dialog.getByTestId('profile-save')).toHaveText('Add Ann and switch');
    await shot(page, 'gold-2-switch-to-ann');
    await dialog.getByTestId('profile-save').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('profile-role')).toHaveText('annotator');
    await expect(page.getByTestId('gold-panel-locked')).toBeVisible();
    await expect(page.getByTestId('gold-panel')).toHaveCount(0);

    // Ann labels every item with the keyboard; she cannot tell the gold ones apart.
    await page.getByTestId('tab-items').click();
    const card = page.getByTestId('item-card');
    for (let n = 0; n < 6; n++) {
      await expect(card).toBeVisible();
      const id = await card.getAttribute('data-item-id');
      const text = (await card.getByTestId('item-text').innerText()).trim();
      await page.keyboard.press(ANN_KEYS[text] ?? '3');
      await expect(card.locator('[data-testid="item-choice"][aria-pressed="true"]')).toHaveCount(1);
      if (n === 0) {
        await expect(page.getByTestId('item-mark-gold')).toHaveCount(0);
        await shot(page, 'gold-3-ann-labels');
      }
      await page.keyboard.press('Enter');
      await expect(card.or(page.getByTestId('items-done'))).not.toHaveAttribute('data-item-id', id!);
    }
    await expect(page.getByTestId('items-done')).toBeVisible();

    // Back to Ada, picked from the people list.
    await page.getByTestId('profile-button').click();
    dialog = page.getByTestId('profile-dialog');
    await expect(dialog.getByTestId('person-row')).toHaveCount(2);
    await shot(page, 'gold-4-switch-back');
    await dialog.getByTestId('person-row').filter({ hasText: 'Ada Admin' }).getByTestId('person-switch').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('profile-name')).toHaveText('Ada Admin');
    await expect(page.getByTestId('profile-role')).toHaveText('admin');

    await page.getByTestId('tab-quality').click();
    const ann = page.locator('[data-testid="gold-accuracy-row"][data-annotator="Ann"]');
    await expect(ann.getByTestId('gold-accuracy')).toHaveText('50%');
    await expect(ann.locator('td')).toHaveText(['Ann', '2', '1', '50%']);
    await shot(page, 'gold-5-accuracy');

    // Unmarking takes an item out of the gold list.
    await page.getByTestId('gold-unmark').first().click();
    await expect(page.getByTestId('gold-panel').getByTestId('gold-row')).toHaveCount(2);

    // The remaining screens, for the pill's placement.
    await page.getByTestId('tab-review').click();
    await expect(page.getByTestId('review-view')).toBeVisible();
    await shot(page, 'gold-6-review');
    await page.getByTestId('tab-tasks').click();
    await shot(page, 'gold-6-tasks');
  } finally {
    await served.stop();
  }
});
