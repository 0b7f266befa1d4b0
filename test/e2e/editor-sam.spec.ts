import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { tempDir } from '../fixtures/images';
import { rpc } from './in-page';
import { expect, labelerCli, ROOT, startServe, test } from './serve';
import { shot } from './steps';
import { CLASSES, imageMouse, openImage, screenOf, storedAfterSave, type StoredAnnotation } from './editor-harness';

/** The SAM demo images (truck.jpg is 1800×1200), shared by the workspace beside the repository. */
const DEMO = path.resolve(ROOT, '../shared/datasets/sam-demo-images');
const TRUCK = path.join(DEMO, 'truck.jpg');
/** The object under (500, 375) in truck.jpg (the canopy's rear side window), as the default model outlines it. */
const EXPECTED_BBOX: [number, number, number, number] = [424, 318, 203, 128];

const iou = (a: number[], b: number[]) => {
  const w = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
  const inter = w * h;
  return inter / (a[2] * a[3] + b[2] * b[3] - inter);
};
const bboxOf = (points: [number, number][]) => {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)];
};

interface SamPeek {
  path: string;
  result: boolean;
  busy: boolean;
  draft: string | null;
}
/** The SAM tool's state, read through the editor the page publishes for devtools and benchmarks. */
const peek = (page: Page) =>
  page.evaluate((): SamPeek => {
    type Node = { result: unknown; busy: boolean };
    const bench = (globalThis as unknown as { __labelerBench: { editor: { root: { path: string; children: Map<string, Node> }; state: { overlay: { draft: { geometry: { type: string } | null } | null } } } } }).__labelerBench;
    const sam = bench.editor.root.children.get('sam')!;
    return { path: bench.editor.root.path, result: sam.result !== null, busy: sam.busy, draft: bench.editor.state.overlay.draft?.geometry?.type ?? null };
  });

type Stored = StoredAnnotation & { source: string; geometry: { type: string; points: [number, number][] } };

test('SAM: one click on the truck window, Enter, gives an editable polygon from the default model', async ({ page }) => {
  test.skip(!fs.existsSync(TRUCK), `the SAM demo images are not at ${DEMO}`);
  test.setTimeout(60_000);
  const data = tempDir('labeler-e2e-sam-');
  const folder = tempDir('labeler-e2e-sam-img-');
  fs.copyFileSync(TRUCK, path.join(folder, 'truck.jpg'));
  const projectId = labelerCli(data, 'project', 'create', '--name', 'SAM', '--classes', 'car').trim();
  labelerCli(data, 'import', folder, '--project', projectId);
  const served = await startServe(data);
  try {
    await page.goto(served.url);
    await rpc(page, 'updateProject', { project_id: projectId, patch: { name: 'SAM', classes: CLASSES, attributes: [], task_types: ['detection', 'segmentation'], task_config: {} } });
    const [image] = (await rpc<{ items: { id: string; width: number; height: number }[] }>(page, 'listImages', { project_id: projectId })).items;
    expect([image.width, image.height]).toEqual([1800, 1200]);
    await openImage(page);

    await page.keyboard.press('s');
    await expect(page.getByTestId('tool-sam')).toHaveAttribute('aria-pressed', 'true');
    const status = page.getByTestId('sam-status');
    await expect(status).toBeVisible();
    await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });

    const mouse = imageMouse(page);
    await mouse.move([500, 375]);
    await mouse.click([500, 375]);
    await expect.poll(async () => peek(page)).toMatchObject({ result: true, busy: false, draft: 'polygon', path: 'root.sam.idle' });
    await shot(page, 'editor-sam-preview');

    await page.keyboard.press('Enter');
    let stored = (await storedAfterSave(page, image.id)) as Stored[];
    expect(stored).toHaveLength(1);
    const [polygon] = stored;
    expect(polygon).toMatchObject({ annotation_type: 'polygon', source: 'sam', class_id: 0 });
    const box = bboxOf(polygon.geometry.points);
    expect(iou(box, EXPECTED_BBOX), `bbox ${box.map(Math.round)} vs ${EXPECTED_BBOX}`).toBeGreaterThanOrEqual(0.9);

    // Editable like any polygon: drag its top-most vertex up and left, with the SAM tool still active.
    const top = polygon.geometry.points.reduce((a, b) => (b[1] < a[1] ? b : a));
    const from = await screenOf(page, top[0], top[1]);
    const to = await screenOf(page, top[0] - 40, top[1] - 40);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => ((await storedAfterSave(page, image.id)) as Stored[])[0]?.geometry.points.some((p) => Math.abs(p[0] - (top[0] - 40)) <= 2 && Math.abs(p[1] - (top[1] - 40)) <= 2)).toBe(true);
    stored = (await storedAfterSave(page, image.id)) as Stored[];
    expect(stored).toHaveLength(1);
    expect(stored[0].source).toBe('sam');
    expect(stored[0].geometry.points).toHaveLength(polygon.geometry.points.length);
    expect(stored[0].geometry.points).not.toEqual(polygon.geometry.points);
    await page.mouse.move(to.x + 300, to.y + 200);
    await shot(page, 'editor-sam-accepted-edited');

    // The shortcut sheet lists the tool under its key.
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcut-sheet').locator('tr', { hasText: 'Segment (SAM)' }).locator('kbd')).toHaveText('S');
  } finally {
    await served.stop();
    fs.rmSync(data, { recursive: true, force: true });
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
