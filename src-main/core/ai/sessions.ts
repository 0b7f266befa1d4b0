import * as ort from 'onnxruntime-node';
import { AppError } from '../../../src-shared/contract/errors';
import { promptTensors } from './prompt';
import { LOW_RES, describeMask, positiveRegion, thresholdLogits } from './postprocess';
import { encoderInput, loadResized } from './preprocess';
import type { DecodeOptions, ModelSpec, SamPrompts, SegmentResult } from './types';

/** ONNX Runtime sessions and the two calls the engine makes on them, usable in a worker or not. */

export interface SessionOptions {
  /** Intra-op threads; undefined lets ONNX Runtime use every core. */
  threads?: number;
}

const DECODER_INPUTS = ['image_embeddings', 'point_coords', 'point_labels', 'mask_input', 'has_mask_input', 'orig_im_size'];

/**
 * Session options of both SAM sessions. Spin-waiting is off: ONNX Runtime's threads otherwise
 * keep spinning after each run, and with an encoder and a decoder session taking turns on two
 * cores, the idle one's spinning nearly doubled the other's run time in measurements (31 → 53 ms
 * per decode). Alone, a decode is as fast without spinning.
 */
export function sessionOptions(options: SessionOptions = {}): ort.InferenceSession.SessionOptions {
  return {
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
    ...(options.threads ? { intraOpNumThreads: options.threads } : {}),
  };
}

async function openSession(file: string, role: 'encoder' | 'decoder', options: SessionOptions): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(file, sessionOptions(options));
  } catch (error) {
    throw new AppError('UNSUPPORTED_FILE', `The ${role} model ${file} cannot be loaded by ONNX Runtime (${(error as Error).message.split('\n')[0]}). The file is damaged or not a SAM ${role}: delete it and import or download the model again.`);
  }
}

export interface EncoderSession {
  encode(source: string | Uint8Array): Promise<{ width: number; height: number; dims: number[]; data: Float32Array; preprocess_ms: number; run_ms: number }>;
  close(): Promise<void>;
}

/** Opens the image encoder and checks that its input has the layout the manifest promises. */
export async function openEncoder(file: string, spec: ModelSpec, options: SessionOptions = {}): Promise<EncoderSession> {
  const session = await openSession(file, 'encoder', options);
  const meta = session.inputMetadata[0];
  const shape = meta && meta.isTensor ? meta.shape : [];
  const expectsNchw = shape.length === 4 && shape[1] === 3;
  const expectsHwc = shape.length === 3 && shape[2] === 3;
  if ((spec.encoderInput === 'nchw-normalized' && !expectsNchw) || (spec.encoderInput === 'hwc-rgb-resized' && !expectsHwc)) {
    await session.release();
    throw new AppError('UNSUPPORTED_FILE', `The encoder ${file} takes input [${shape.join(', ')}], which does not match the "${spec.encoderInput}" layout its manifest entry declares. Fix encoder_input in the manifest or use the right file.`);
  }
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];
  return {
    async encode(source) {
      const t0 = performance.now();
      const image = await loadResized(source, spec.inputSize);
      const input = encoderInput(image, spec);
      const t1 = performance.now();
      const out = await session.run({ [inputName]: new ort.Tensor('float32', input.data, input.dims) });
      const tensor = out[outputName];
      const run_ms = performance.now() - t1;
      const data = tensor.data as Float32Array;
      return { width: image.width, height: image.height, dims: [...tensor.dims], data, preprocess_ms: t1 - t0, run_ms };
    },
    close: () => session.release(),
  };
}

export interface DecoderSession {
  decode(embedding: { data: Float32Array; dims: number[]; width: number; height: number }, prompts: SamPrompts, options?: DecodeOptions): Promise<SegmentResult>;
  close(): Promise<void>;
}

/** Opens the prompt decoder (standard SAM ONNX interface, one mask per call). */
export async function openDecoder(file: string, spec: ModelSpec, options: SessionOptions = {}): Promise<DecoderSession> {
  const session = await openSession(file, 'decoder', options);
  const missing = DECODER_INPUTS.filter((name) => !session.inputNames.includes(name));
  if (missing.length) {
    await session.release();
    throw new AppError('UNSUPPORTED_FILE', `The decoder ${file} lacks the inputs ${missing.join(', ')} of the standard SAM ONNX decoder. Its decoder_variant in the manifest is probably wrong.`);
  }
  const noMask = new ort.Tensor('float32', new Float32Array(LOW_RES * LOW_RES), [1, 1, LOW_RES, LOW_RES]);
  const hasMask = new ort.Tensor('float32', Float32Array.of(1), [1]);
  const hasNoMask = new ort.Tensor('float32', Float32Array.of(0), [1]);
  return {
    async decode(embedding, prompts, options = {}) {
      const { width, height } = embedding;
      const points = promptTensors(prompts, width, height, spec.inputSize);
      const refine = options.maskInput && options.maskInput.length === LOW_RES * LOW_RES;
      const started = performance.now();
      const out = await session.run({
        image_embeddings: new ort.Tensor('float32', embedding.data, embedding.dims),
        point_coords: new ort.Tensor('float32', points.coords, [1, points.count, 2]),
        point_labels: new ort.Tensor('float32', points.labels, [1, points.count]),
        mask_input: refine ? new ort.Tensor('float32', options.maskInput!, [1, 1, LOW_RES, LOW_RES]) : noMask,
        has_mask_input: refine ? hasMask : hasNoMask,
        orig_im_size: new ort.Tensor('float32', Float32Array.of(height, width), [2]),
      });
      const ran = performance.now();
      const lowRes = out.low_res_masks.data as Float32Array;
      const score = (out.iou_predictions.data as Float32Array)[0];
      const mask = thresholdLogits(out.masks.data as Float32Array, width, height, positiveRegion(lowRes, width, height, spec.inputSize));
      const described = describeMask(mask, score, options);
      return { ...described, lowRes, timings: { decode_ms: ran - started, post_ms: performance.now() - ran } };
    },
    close: () => session.release(),
  };
}
