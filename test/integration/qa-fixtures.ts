import path from 'node:path';
import type { Core } from '../../src-main/core/app';
import { tempDir, writeImage } from '../fixtures/images';

export const classes = [
  { id: 0, name: 'cat', color: '#ff0000' },
  { id: 1, name: 'dog', color: '#00ff00' },
];

/** A project with `count` images of 200×100. */
export async function projectWithImages(core: Core, count = 3) {
  const project = await core.call('createProject', { name: 'pets', classes });
  const dir = tempDir();
  for (let i = 0; i < count; i++) await writeImage(path.join(dir, `img${i}.png`), 200, 100);
  await core.call('importFolder', { project_id: project.id, path: dir });
  const images = (await core.call('listImages', { project_id: project.id })).items;
  return { project, images };
}

/** Switches the local profile (as `labeler profile set` does) and answers the person. */
export const actAs = (core: Core, full_name: string, role: 'admin' | 'reviewer' | 'annotator' = 'annotator') =>
  core.call('setProfile', { full_name, email: `${full_name.toLowerCase()}@example.com`, role });

/**
 * Draws a box as `annotator`. Core attributes annotations to the store's user (wired by the
 * lead); until then tests set annotator_id directly.
 */
export async function drawBox(core: Core, imageId: string, annotatorId: string, bbox: [number, number, number, number], class_id = 0) {
  const a = await core.call('createAnnotation', { image_id: imageId, annotation_type: 'bbox', class_id, geometry: { type: 'bbox', bbox } });
  core.store.db.prepare('UPDATE annotations SET annotator_id = ? WHERE id = ?').run(annotatorId, a.id);
  return a;
}
