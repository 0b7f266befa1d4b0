import fs from 'node:fs';
import path from 'node:path';
import { datasetFolder } from '../fixtures/datasets';
import { tempDir } from '../fixtures/images';
import { rpc } from './in-page';
import { expect, labelerCli, test } from './serve';
import { createProjectInUi, expectThumbnailsLoaded, shot } from './steps';

const coco8 = datasetFolder('coco8-yolo');

/** Annotation lines in the YOLO label files: what an import must create, counted independently of the app. */
function yoloLabelLines(dir: string): number {
  let lines = 0;
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.txt') && full.includes(`${path.sep}labels${path.sep}`))
        lines += fs
          .readFileSync(full, 'utf8')
          .split('\n')
          .filter((l) => l.trim()).length;
    }
  };
  walk(dir);
  return lines;
}

/** All COCO JSON files under a folder, with their annotation and image counts summed. */
function cocoCounts(dir: string): { files: string[]; annotations: number; images: number } {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) files.push(full);
    }
  };
  walk(dir);
  let annotations = 0;
  let images = 0;
  for (const f of files) {
    const json = JSON.parse(fs.readFileSync(f, 'utf8')) as { annotations?: unknown[]; images?: unknown[] };
    annotations += json.annotations?.length ?? 0;
    images += json.images?.length ?? 0;
  }
  return { files, annotations, images };
}

test('import a YOLO dataset through the dialog, then export it to COCO', async ({ page, served }) => {
  test.skip(!coco8.dir, coco8.reason);
  test.setTimeout(40_000);
  const dataset = coco8.dir!;
  const expectedAnnotations = yoloLabelLines(dataset);
  expect(expectedAnnotations).toBeGreaterThan(0);

  await page.goto(served.url);
  await createProjectInUi(page, 'coco8 io');

  // Import: the path is detected as YOLO; a preview (dry run) shows the counts before anything lands.
  await page.getByTestId('open-import-dataset').click();
  const dialog = page.getByTestId('import-dataset-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('io-import-path').fill(dataset);
  await expect(dialog.getByTestId('io-detected')).toHaveAttribute('data-format', 'yolo');
  await dialog.getByTestId('io-import-format').selectOption('yolo');
  await dialog.getByTestId('io-preview-button').click();
  const preview = dialog.getByTestId('io-import-preview');
  await expect(preview).toBeVisible();
  await expect(preview.getByTestId('io-report-images')).toHaveText('8');
  await expect(preview.getByTestId('io-report-annotations')).toHaveText(String(expectedAnnotations));
  await expect(preview.getByTestId('io-report-rejected')).toHaveText('0');
  // Nothing was written by the preview.
  expect((await rpc<{ images: number }>(page, 'projectStats', { project_id: await projectId(page) })).images).toBe(0);
  await shot(page, 'io-1-import-preview');

  await dialog.getByTestId('io-import-run').click();
  const report = dialog.getByTestId('io-import-report');
  await expect(report).toBeVisible({ timeout: 20_000 });
  await expect(report).toHaveAttribute('data-state', 'committed');
  await expect(report.getByTestId('io-report-images')).toHaveText('8');
  await expect(report.getByTestId('io-report-annotations')).toHaveText(String(expectedAnnotations));
  // The dialog followed the `progress` events of the job id it chose.
  await expect(report).toHaveAttribute('data-progress', /^\d+\/\d+$/);
  await shot(page, 'io-2-import-report');
  await dialog.getByTestId('io-close').click();
  await expect(dialog).toBeHidden();

  // The project header and the contract agree with the dataset.
  await expect(page.getByTestId('stat-images')).toHaveText('8');
  await expect(page.getByTestId('stat-annotations')).toHaveText(String(expectedAnnotations));
  const stats = await rpc<{ images: number; annotations: number }>(page, 'projectStats', { project_id: await projectId(page) });
  expect(stats).toMatchObject({ images: 8, annotations: expectedAnnotations });
  await expectThumbnailsLoaded(page, 8);

  // Export to COCO: the pre-export check shows counts (and any warnings) before running.
  const outRoot = tempDir('labeler-e2e-export-');
  const out = path.join(outRoot, 'coco8-coco');
  try {
    await page.getByTestId('open-export-dataset').click();
    const exp = page.getByTestId('export-dataset-dialog');
    await expect(exp).toBeVisible();
    // A new split is checked before any round trip: ratios must add up to 1 (or 100).
    await exp.getByTestId('io-new-split').check();
    await exp.getByTestId('io-split-train').fill('0.5');
    await expect(exp.getByTestId('io-split-error')).toContainText('add up to');
    await expect(exp.getByTestId('io-export-run')).toBeDisabled();
    await exp.getByTestId('io-export-format').selectOption('yolo');
    await exp.getByTestId('io-split-train').fill('75');
    await exp.getByTestId('io-split-val').fill('25');
    await expect(exp.getByTestId('io-split-error')).toBeHidden();
    await expect(exp.getByTestId('io-export-preview')).toHaveAttribute('data-ready', 'true');
    await shot(page, 'io-3a-export-split-options');
    await exp.getByTestId('io-new-split').uncheck();

    await exp.getByTestId('io-export-format').selectOption('coco');
    await exp.getByTestId('io-export-out').fill(out);
    const check = exp.getByTestId('io-export-preview');
    await expect(check).toHaveAttribute('data-ready', 'true');
    await expect(check.getByTestId('io-preview-images')).toHaveText('8');
    await expect(check.getByTestId('io-preview-annotations')).toHaveText(String(expectedAnnotations));
    await shot(page, 'io-3-export-dialog');

    await exp.getByTestId('io-export-run').click();
    const summary = exp.getByTestId('io-export-report');
    await expect(summary).toBeVisible({ timeout: 20_000 });
    await expect(summary.getByTestId('io-export-out-path')).toHaveText(out);
    await expect(summary.getByTestId('io-export-annotations')).toHaveText(String(expectedAnnotations));
    await expect(summary).toHaveAttribute('data-progress', /^\d+\/\d+$/);
    await shot(page, 'io-4-export-summary');

    const coco = cocoCounts(out);
    expect(coco.files.length).toBeGreaterThan(0);
    expect(coco.annotations).toBe(expectedAnnotations);
    expect(coco.images).toBe(8);

    // The CLI reads the same store and reports the same counts.
    const cliOut = labelerCli(served.dataDir, 'export', '--project', 'coco8 io', '--format', 'coco', '--out', path.join(outRoot, 'cli'), '--dry-run', '--json');
    expect(JSON.parse(cliOut)).toMatchObject({ images: 8, annotations: expectedAnnotations });

    await exp.getByTestId('io-close').click();
    await expect(exp).toBeHidden();
  } finally {
    fs.rmSync(outRoot, { recursive: true, force: true });
  }
});

async function projectId(page: import('@playwright/test').Page): Promise<string> {
  const [project] = await rpc<{ id: string }[]>(page, 'listProjects', {});
  return project.id;
}

test('rejected records are listed with file, position and reason; the valid part imports on request', async ({ page, served }) => {
  test.skip(!coco8.dir, coco8.reason);
  const root = tempDir('labeler-e2e-bad-yolo-');
  try {
    const ds = path.join(root, 'ds');
    fs.mkdirSync(path.join(ds, 'images'), { recursive: true });
    fs.mkdirSync(path.join(ds, 'labels'), { recursive: true });
    for (const name of ['000000000009', '000000000025']) fs.copyFileSync(path.join(coco8.dir!, 'images/train', `${name}.jpg`), path.join(ds, 'images', `${name}.jpg`));
    fs.writeFileSync(path.join(ds, 'labels/000000000009.txt'), '0 0.5 0.5 0.2 0.2\n');
    fs.writeFileSync(path.join(ds, 'labels/000000000025.txt'), '1 0.5 0.5 0.2 0.2\nnot a box\n0 0.4 0.4 0.1\n');

    await page.goto(served.url);
    await createProjectInUi(page, 'bad yolo');
    await page.getByTestId('open-import-dataset').click();
    const dialog = page.getByTestId('import-dataset-dialog');
    await dialog.getByTestId('io-import-path').fill(path.join(root, 'nowhere'));
    await expect(dialog.getByTestId('io-detect-error')).toBeVisible();
    await dialog.getByTestId('io-import-path').fill(ds);
    await expect(dialog.getByTestId('io-detected')).toHaveAttribute('data-format', 'yolo');
    await dialog.getByTestId('io-preview-button').click();
    const preview = dialog.getByTestId('io-import-preview');
    await expect(preview.getByTestId('io-report-rejected')).toHaveText('2');
    const rows = preview.getByTestId('io-rejected-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText('labels/000000000025.txt');
    await expect(rows.first()).toContainText('line 2');
    // All or nothing: with rejections the import is refused until the valid part is asked for.
    await expect(dialog.getByTestId('io-blocked')).toBeVisible();
    await expect(dialog.getByTestId('io-import-run')).toBeDisabled();
    await shot(page, 'io-5-import-rejected');

    await dialog.getByTestId('io-partial').check();
    await dialog.getByTestId('io-preview-button').click();
    await expect(dialog.getByTestId('io-import-run')).toBeEnabled();
    await dialog.getByTestId('io-import-run').click();
    const report = dialog.getByTestId('io-import-report');
    await expect(report).toHaveAttribute('data-state', 'committed');
    await expect(report.getByTestId('io-report-annotations')).toHaveText('2');
    await expect(report.getByTestId('io-rejected-row')).toHaveCount(2);
    await shot(page, 'io-6-import-partial-report');
    await dialog.getByTestId('io-close').click();
    await expect(page.getByTestId('stat-annotations')).toHaveText('2');

    // Snapshots in the Export dialog: freeze one, lose an annotation, restore it.
    await page.getByTestId('open-export-dataset').click();
    const exp = page.getByTestId('export-dataset-dialog');
    await exp.getByTestId('io-snapshots-section').locator('summary').click();
    await exp.getByTestId('io-snapshot-tag').fill('before-cleanup');
    await exp.getByTestId('io-snapshot-create').click();
    const snap = exp.locator('[data-testid="io-snapshot"][data-tag="before-cleanup"]');
    await expect(snap).toContainText('2 annotations');
    await snap.getByTestId('io-source-snapshot').check();
    await expect(exp.getByTestId('io-export-preview')).toHaveAttribute('data-ready', 'true');
    await expect(exp.getByTestId('io-preview-annotations')).toHaveText('2');
    const project = await projectId(page);
    const page1 = await rpc<{ items: { id: string }[] }>(page, 'queryAnnotations', { project_id: project });
    await rpc(page, 'deleteAnnotation', { annotation_id: page1.items[0].id });
    await expect(page.getByTestId('stat-annotations')).toHaveText('1');
    await snap.getByTestId('io-snapshot-restore').click();
    await shot(page, 'io-7-snapshot-restore-confirm');
    await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
    await expect(exp.getByTestId('io-snapshot-note')).toContainText('Restored before-cleanup');
    await expect(page.getByTestId('stat-annotations')).toHaveText('2');
    await shot(page, 'io-8-snapshots');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
