import { hitGeometry } from '../../../src-shared/geometry/hit-test';
import { imagePoint } from '../../../src-shared/geometry/points';
import { api } from '../api/client';
import { reportError } from '../errors/error-store';
import { Editor } from './editor';
import { AutosaveQueue, type Scheduler } from './model/autosave-queue';
import { Histories } from './model/history';
import { IdMap } from './model/ids';
import { samAssist } from './sam-assist';

/**
 * The editor of this window and what it shares across images for the session: keys ↔ ids,
 * undo histories per image, and the autosave queue writing through the contract.
 */
export const ids = new IdMap();
export const histories = new Histories();

const scheduler: Scheduler = { set: (fn, ms) => window.setTimeout(fn, ms), clear: (h) => window.clearTimeout(h as number) };

/**
 * Our own writes come back as dataChanged events; counting them lets the editor skip reloading
 * what it just saved. Keyed by the event's image id (null for batch calls, which name none).
 */
const echoes = new Map<string | null, number>();
async function expectingEcho<T>(imageId: string | null, run: () => Promise<T>): Promise<T> {
  echoes.set(imageId, (echoes.get(imageId) ?? 0) + 1);
  try {
    return await run();
  } catch (error) {
    echoes.set(imageId, Math.max(0, (echoes.get(imageId) ?? 1) - 1));
    throw error;
  }
}

/** True (and consumed) when an annotations dataChanged event is the echo of our own write. */
export function isOwnEcho(imageId: string | null): boolean {
  const n = echoes.get(imageId) ?? 0;
  if (!n) return false;
  echoes.set(imageId, n - 1);
  return true;
}

const rejectedListeners = new Set<(imageIds: string[]) => void>();
/** Called when the store refused queued writes of these images: their view must reload the truth. */
export function onWritesRejected(listener: (imageIds: string[]) => void): () => void {
  rejectedListeners.add(listener);
  return () => rejectedListeners.delete(listener);
}

export const autosave = new AutosaveQueue({
  api: {
    createAnnotations: async (inputs) =>
      inputs.length === 1
        ? [(await expectingEcho(inputs[0].image_id, () => api.createAnnotation(inputs[0]))).id]
        : (await expectingEcho(null, () => api.createAnnotations({ annotations: inputs }))).annotation_ids,
    updateAnnotation: async (annotation_id, patch, imageId) => {
      await expectingEcho(imageId, () => api.updateAnnotation({ annotation_id, patch }));
    },
    deleteAnnotations: async (annotation_ids, imageId) => {
      if (annotation_ids.length === 1) await expectingEcho(imageId, () => api.deleteAnnotation({ annotation_id: annotation_ids[0] }));
      else await expectingEcho(null, () => api.deleteAnnotations({ annotation_ids }));
    },
    updateImage: async (image_id, image_annotations) => {
      await api.updateImage({ image_id, image_annotations });
    },
  },
  ids,
  scheduler,
  onState: (save) => editor.store.setState({ save }),
  onRejected: (imageIds, error) => {
    reportError(error);
    rejectedListeners.forEach((l) => l(imageIds));
  },
});

export const editor = new Editor({ ids, histories, persist: (imageId, diff) => autosave.enqueue(imageId, diff) });
editor.assist = samAssist(editor);

// A closing tab still gets its last edits out: the socket sends before the page goes.
window.addEventListener('pagehide', () => void autosave.flush());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') void autosave.flush();
});

/**
 * The editor and its hit-test for benchmarks and the devtools console (like tldraw's
 * `window.editor`): read-only use is safe; writes through it skip nothing (they are ordinary commits).
 */
declare global {
  interface Window {
    __labelerBench?: { editor: Editor; hitGeometry: typeof hitGeometry; imagePoint: typeof imagePoint };
  }
}
window.__labelerBench = { editor, hitGeometry, imagePoint };
