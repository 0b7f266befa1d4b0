import { expect, type Page } from '@playwright/test';
import path from 'node:path';
import sharp from 'sharp';
import { tempDir } from '../fixtures/images';
import { rpc } from './in-page';
import { labelerCli, startServe, type Served } from './serve';
import { expectViewerReady } from './steps';

/** Editor end-to-end helpers: a project made with the CLI, the view transform, and the mouse in image pixels. */

export const CLASSES = [
  { id: 0, name: 'car', color: '#ff0000', parent_id: null },
  { id: 1, name: 'person', color: '#00ff00', parent_id: null },
  { id: 2, name: 'tree', color: '#3399ff', parent_id: null },
];
export const ATTRIBUTES = [
  { name: 'occluded', type: 'boolean', default: false },
  { name: 'quality', type: 'select', options: ['good', 'blurry'] },
  { name: 'count', type: 'number' },
  { name: 'note', type: 'text' },
];

export interface EditorProject {
  served: Served;
  projectId: string;
  imageIds: string[];
}

/**
 * Flat dark images (so class colors stand out) in a project made by the CLI, then a server on
 * that data. Classes, attributes and task settings are set over the contract (the full project
 * fields, as an update patch re-applies defaults to the ones it is not given).
 */
export async function editorProject(page: Page, options: { sizes?: [number, number][]; taskTypes?: string[]; taskConfig?: Record<string, unknown> } = {}): Promise<EditorProject> {
  const data = tempDir('labeler-e2e-editor-');
  const folder = tempDir('labeler-e2e-editor-img-');
  const sizes = options.sizes ?? [[400, 300]];
  for (const [i, [width, height]] of sizes.entries()) {
    await sharp({ create: { width, height, channels: 3, background: { r: 40, g: 44, b: 52 } } }).png().toFile(path.join(folder, `scene-${i}.png`));
  }
  const projectId = labelerCli(data, 'project', 'create', '--name', 'Editor', '--classes', 'car').trim();
  labelerCli(data, 'import', folder, '--project', projectId);
  const served = await startServe(data);
  await page.goto(served.url);
  await rpc(page, 'updateProject', {
    project_id: projectId,
    patch: { name: 'Editor', classes: CLASSES, attributes: ATTRIBUTES, task_types: options.taskTypes ?? ['detection', 'segmentation'], task_config: options.taskConfig ?? {} },
  });
  const images = await rpc<{ items: { id: string }[] }>(page, 'listImages', { project_id: projectId });
  return { served, projectId, imageIds: images.items.map((i) => i.id) };
}

export async function openImage(page: Page, index = 0): Promise<void> {
  await page.reload();
  await page.getByTestId('project-row').click();
  await page.getByTestId('thumb').nth(index).click();
  await expectViewerReady(page);
}

export interface ViewState {
  scale: number;
  x: number;
  y: number;
}

export async function viewOf(page: Page): Promise<ViewState> {
  const canvas = page.getByTestId('image-canvas');
  const [scale, x, y] = await Promise.all(['data-scale', 'data-x', 'data-y'].map((a) => canvas.getAttribute(a)));
  return { scale: Number(scale), x: Number(x), y: Number(y) };
}

/** Page coordinates of an image pixel under the current view. */
export async function screenOf(page: Page, ix: number, iy: number): Promise<{ x: number; y: number }> {
  const box = (await page.getByTestId('canvas-box').boundingBox())!;
  const v = await viewOf(page);
  return { x: box.x + ix * v.scale + v.x, y: box.y + iy * v.scale + v.y };
}

/** The mouse in image pixels: real pointer events through Playwright. */
export function imageMouse(page: Page) {
  const at = (p: [number, number]) => screenOf(page, p[0], p[1]);
  return {
    async move(p: [number, number]) {
      const s = await at(p);
      await page.mouse.move(s.x, s.y);
    },
    async click(p: [number, number], options: { modifiers?: ('Alt' | 'Shift' | 'Control')[]; button?: 'left' | 'right' } = {}) {
      const s = await at(p);
      for (const m of options.modifiers ?? []) await page.keyboard.down(m);
      await page.mouse.click(s.x, s.y, { button: options.button });
      for (const m of options.modifiers ?? []) await page.keyboard.up(m);
    },
    async dblclick(p: [number, number]) {
      const s = await at(p);
      await page.mouse.dblclick(s.x, s.y);
    },
    async drag(from: [number, number], to: [number, number], steps = 6) {
      const a = await at(from);
      const b = await at(to);
      await page.mouse.move(a.x, a.y);
      await page.mouse.down();
      await page.mouse.move(b.x, b.y, { steps });
      await page.mouse.up();
    },
    /** Drags from a page position (a handle that sits off the image, like the rotation handle). */
    async dragScreen(a: { x: number; y: number }, b: { x: number; y: number }, steps = 6) {
      await page.mouse.move(a.x, a.y);
      await page.mouse.down();
      await page.mouse.move(b.x, b.y, { steps });
      await page.mouse.up();
    },
  };
}

export interface StoredAnnotation {
  id: string;
  annotation_type: string;
  class_id: number | null;
  geometry: Record<string, unknown> & { type: string };
  attributes: Record<string, unknown>;
  caption: string | null;
  z_order: number;
}

/** Waits for autosave to report everything saved, then reads the image's annotations back through the contract. */
export async function storedAfterSave(page: Page, imageId: string): Promise<StoredAnnotation[]> {
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  return rpc<StoredAnnotation[]>(page, 'listAnnotations', { image_id: imageId });
}

/** Every number of `actual` within `tolerance` of the one at the same place in `expected`. */
export function expectNear(actual: unknown, expected: unknown, tolerance = 1, where = 'geometry'): void {
  if (typeof expected === 'number') {
    expect(typeof actual, where).toBe('number');
    expect(Math.abs((actual as number) - expected), `${where}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual) && actual.length, `${where} length`).toBe(expected.length);
    expected.forEach((e, i) => expectNear((actual as unknown[])[i], e, tolerance, `${where}[${i}]`));
  } else if (expected && typeof expected === 'object') {
    for (const [k, e] of Object.entries(expected)) expectNear((actual as Record<string, unknown>)[k], e, tolerance, `${where}.${k}`);
  } else expect(actual, where).toEqual(expected);
}
