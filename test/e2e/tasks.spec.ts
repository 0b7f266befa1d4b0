import path from 'node:path';
import { tempDir, writeImage } from '../fixtures/images';
import { rpc } from './in-page';
import { expect, labelerCli, startServe, test } from './serve';
import { shot } from './steps';

interface TaskOut {
  id: string;
  task_name: string;
  image_ids: string[];
  assignee: { full_name: string } | null;
}
interface ImageOut {
  id: string;
  filename: string;
}

/** A project (made with the CLI) with six small images img-1 … img-6 and the classes car, person. */
async function setup() {
  const data = tempDir('labeler-e2e-data-');
  const folder = tempDir('labeler-e2e-tasks-');
  for (let i = 1; i <= 6; i++) await writeImage(path.join(folder, `img-${i}.png`), 160, 120);
  const projectId = labelerCli(data, 'project', 'create', '--name', 'Streets', '--classes', 'car,person').trim();
  labelerCli(data, 'import', folder, '--project', projectId);
  return { data, projectId };
}

test('an admin splits images into batches for two people, edits a task, and an assignee finds and opens theirs', async ({ page }) => {
  const { data, projectId } = await setup();
  const served = await startServe(data);
  try {
    await page.goto(served.url);
    await page.getByTestId('project-row').click();
    await page.getByTestId('tab-tasks').click();
    await expect(page.getByTestId('tasks-view')).toBeVisible();
    await expect(page.getByTestId('tasks-empty')).toBeVisible();

    // Two people, each added with Enter from the form.
    for (const [name, email] of [['Alice Martin', 'alice@example.com'], ['Bob Chen', 'bob@example.com']]) {
      await page.getByTestId('person-name').fill(name);
      await page.getByTestId('person-email').fill(email);
      await page.getByTestId('person-email').press('Enter');
      await expect(page.getByTestId('batch-assignee').filter({ hasText: name })).toBeVisible();
      await expect(page.getByTestId('person-name')).toHaveValue('');
    }

    // Three batches dealt to Alice then Bob, due in 2030.
    await page.getByTestId('batch-amount').fill('3');
    await page.getByTestId('batch-assignee').filter({ hasText: 'Alice Martin' }).click();
    await page.getByTestId('batch-assignee').filter({ hasText: 'Bob Chen' }).click();
    await page.getByTestId('batch-due').fill('2030-01-15');
    await page.getByTestId('batch-prefix').fill('Street');
    await page.getByTestId('batch-prefix').press('Enter');
    await expect(page.getByTestId('batch-created')).toContainText('Created 3 tasks');

    const rows = page.getByTestId('task-row');
    const row = (name: string) => rows.filter({ hasText: name });
    await expect(rows).toHaveCount(3);
    await expect(page.getByTestId('task-progress')).toHaveText(['0/2', '0/2', '0/2']);
    await expect(row('Street 1')).toHaveAttribute('data-assignee', 'Alice Martin');
    await expect(row('Street 2')).toHaveAttribute('data-assignee', 'Bob Chen');
    await expect(row('Street 3')).toHaveAttribute('data-assignee', 'Alice Martin');
    await expect(row('Street 1').locator('input[type="date"]')).toHaveValue('2030-01-15');
    await shot(page, 'tasks-1-created');

    // Inline edits: a past due date shows overdue; completing the task clears it; reassign; delete.
    // Typed digit by digit, as a person does: only the whole date is saved.
    await row('Street 3').locator('input[type="date"]').click({ position: { x: 14, y: 10 } });
    await page.keyboard.type('06012020');
    await expect(row('Street 3').getByTestId('task-due')).toHaveAttribute('data-overdue', 'true');
    await expect(row('Street 3')).toContainText('overdue');
    await shot(page, 'tasks-2-overdue');
    const storedTasks = () => rpc<(TaskOut & { status: string; due_date: string })[]>(page, 'listTasks', { project_id: projectId });
    // The row shows the edit at once; the store has it when the save answers.
    await expect.poll(async () => new Date((await storedTasks()).find((t) => t.task_name === 'Street 3')!.due_date).getFullYear()).toBe(2020);
    await row('Street 3').getByTestId('task-status').selectOption('completed');
    await expect(row('Street 3').getByTestId('task-due')).toHaveAttribute('data-overdue', 'false');
    await row('Street 3').getByTestId('task-assignee').selectOption({ label: 'Bob Chen' });
    await expect(row('Street 3')).toHaveAttribute('data-assignee', 'Bob Chen');
    await expect.poll(async () => (await storedTasks()).find((t) => t.task_name === 'Street 3')).toMatchObject({ status: 'completed', assignee: { full_name: 'Bob Chen' } });

    await row('Street 3').getByTestId('task-delete').click();
    await expect(page.getByTestId('confirm-dialog')).toBeVisible();
    await page.getByTestId('confirm').click();
    await expect(rows).toHaveCount(2);

    // Bob works on this machine now and annotates the second image of his batch.
    const bobs = (await storedTasks()).find((t) => t.task_name === 'Street 2')!;
    await rpc(page, 'setProfile', { full_name: 'Bob Chen', email: 'bob@example.com', role: 'annotator' });
    await rpc(page, 'createAnnotation', { image_id: bobs.image_ids[1], annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [10, 10, 40, 30] } });

    await page.reload();
    await page.getByTestId('project-row').click();
    await page.getByTestId('tab-tasks').click();
    await expect(row('Street 2').getByTestId('task-progress')).toHaveText('1/2');
    await expect(row('Street 1').getByTestId('task-progress')).toHaveText('0/2');

    await page.getByTestId('my-tasks').click();
    await expect(page.getByTestId('my-tasks')).toHaveAttribute('aria-pressed', 'true');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-assignee', 'Bob Chen');
    await expect(page.getByTestId('tasks-scope')).toContainText('Tasks of Bob Chen');
    await shot(page, 'tasks-3-my-tasks');

    // An annotator may not add people: the core says why, in a toast.
    await page.getByTestId('person-name').fill('Carol');
    await page.getByTestId('person-name').press('Enter');
    await expect(page.getByTestId('error-toast')).toContainText('needs the role admin');

    // Opening the task shows its first image in the viewer.
    const images = await rpc<{ items: ImageOut[] }>(page, 'listImages', { project_id: projectId });
    const first = images.items.find((i) => i.id === bobs.image_ids[0])!;
    await row('Street 2').getByTestId('task-open').click();
    await expect(page.getByTestId('image-viewer')).toBeVisible();
    await expect(page.getByTestId('status-filename')).toContainText(first.filename);
  } finally {
    await served.stop();
  }
});
