import path from 'node:path';
import { createEnginePool } from '../../src-main/core/ai/engine-pool';
import { createModelManager } from '../../src-main/core/ai/model-manager';
import type { SegmentProvider } from './ai';

export interface SamOptions {
  /** Where model files, verified hashes and the embedding cache live (the server keeps them under its files folder). */
  dataDir: string;
  /** Model id from the manifest; default: the manifest's default. */
  modelId?: string;
  /** Extra folder of model files (default $LABELER_MODELS). */
  envModels?: string | null;
}

/**
 * POST /ai/segment through the workstation's Segment Anything engine (src-main/core/ai): the same
 * models, preprocessing, decoder and mask → RLE as the app, with embeddings cached by image sha256
 * (the server's files are content-addressed, so one encode serves every project). The engine
 * starts on the first request. Answers the reason instead when the model's files are absent.
 */
export function samSegmentProvider(options: SamOptions): { provider: SegmentProvider | null; reason: string } {
  const manager = createModelManager({ dataDir: options.dataDir, envModels: options.envModels });
  const modelId = options.modelId ?? manager.defaultModelId();
  let info;
  try {
    info = manager.get(modelId);
  } catch (error) {
    return { provider: null, reason: (error as Error).message };
  }
  if (!info.supported) return { provider: null, reason: `model ${modelId} uses a decoder this version cannot run` };
  if (!info.installed) return { provider: null, reason: `the files of model ${modelId} are not on this machine (see models/README.md)` };
  const pool = createEnginePool(manager, options.dataDir);
  return {
    reason: '',
    provider: {
      model: modelId,
      async segment(request) {
        const engine = await pool.get(modelId);
        const result = await engine.segment({ path: request.imageFile, sha256: path.basename(request.imageFile) }, { points: request.points, box: request.box ?? null });
        return [{ counts: result.rle.counts, size: result.rle.size, area: result.area, bbox: result.bbox, score: result.score }];
      },
      async close() {
        pool.close();
      },
    },
  };
}
