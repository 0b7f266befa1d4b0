import { useEffect } from 'react';
import { useStore } from 'zustand';
import { api } from '../api/client';
import { describeError } from '../errors/error-store';
import type { Editor } from './editor';
import type { AssistStatus } from './editor-state';
import type { SegmentAssist } from './tools/assist';

/** How many images after the open one are encoded ahead, at low priority. */
export const PREFETCH_AHEAD = 3;

const unavailable = (error: unknown): AssistStatus => {
  const { code, message } = describeError(error);
  return { state: 'error', text: `SAM unavailable (${code}): ${message.replace(/[.\s]+$/, '')}. The manual tools still work.` };
};

/**
 * The SAM tool's segmentation over the contract: `aiSegment` on the open image. The tool never
 * calls the API; the editor hands it this as `ctx.assist`. A failure also sets the status line.
 */
export function samAssist(editor: Editor): SegmentAssist {
  return {
    async segment(prompt) {
      const imageId = editor.state.imageId;
      if (!imageId) throw new Error('no image is open');
      try {
        const r = await api.aiSegment({ image_id: imageId, points: prompt.points, box: prompt.box, previous_result_id: prompt.previous });
        if (editor.state.imageId === imageId && editor.state.assist.state !== 'ready') editor.store.setState({ assist: { state: 'ready', text: 'SAM ready' } });
        return { result_id: r.result_id, score: r.score, polygons: r.polygons.map((p) => ({ points: p.points, ...(p.holes ? { holes: p.holes } : {}) })) };
      } catch (error) {
        if (editor.state.imageId === imageId) editor.store.setState({ assist: unavailable(error) });
        throw error;
      }
    },
  };
}

/**
 * When an image opens with the SAM tool active (or the tool is picked on an open image), and the
 * project allows polygons: encode it at top priority (`aiPrepare`, "Preparing SAM…" meanwhile)
 * and the next images at low priority (`aiPrefetch`). Leaving the image or the tool cancels that
 * prefetch. Nothing is loaded or encoded for annotators who never pick the tool.
 */
export function useSamPrepare(editor: Editor, imageId: string, allowed: boolean): void {
  const active = useStore(editor.store, (s) => s.tool === 'sam');
  const enabled = allowed && active;
  useEffect(() => {
    if (!enabled) {
      editor.store.setState({ assist: { state: 'off', text: '' } });
      return;
    }
    let live = true;
    let prefetchJob: string | null = null;
    editor.store.setState({ assist: { state: 'preparing', text: 'Preparing SAM…' } });
    api.aiPrepare({ image_id: imageId }).then(
      (r) => live && editor.store.setState({ assist: { state: 'ready', text: `SAM ready (${r.model_id})` } }),
      (error: unknown) => live && editor.store.setState({ assist: unavailable(error) }),
    );
    api.aiPrefetch({ image_id: imageId, ahead: PREFETCH_AHEAD }).then(
      (r) => {
        if (live) prefetchJob = r.job_id;
        else void api.aiCancel({ job_id: r.job_id }).catch(() => undefined);
      },
      () => undefined, // the status line already says when the model cannot run
    );
    return () => {
      live = false;
      if (prefetchJob) void api.aiCancel({ job_id: prefetchJob }).catch(() => undefined);
    };
  }, [editor, imageId, enabled]);
}
