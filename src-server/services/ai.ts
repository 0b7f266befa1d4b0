/**
 * AI assist behind small interfaces, so the server runs (and answers NOT_IMPLEMENTED) without
 * model weights. `segment` is wired to the workstation's SAM engine when it is available.
 */
export interface SegmentRequest {
  imageFile: string;
  width: number;
  height: number;
  /** Image-pixel points with label 1 (positive) or 0 (negative). */
  points: { x: number; y: number; label: 0 | 1 }[];
  /** `[x, y, width, height]` in image pixels. */
  box?: [number, number, number, number];
}

export interface SegmentMask {
  /** COCO RLE, `size` = [height, width]. */
  counts: string;
  size: [number, number];
  area: number;
  bbox: [number, number, number, number];
  score: number;
}

export interface SegmentProvider {
  model: string;
  segment(request: SegmentRequest): Promise<SegmentMask[]>;
  close?(): Promise<void>;
}

export interface CaptionProvider {
  model: string;
  caption(request: { imageFile: string; prompt?: string }): Promise<{ caption: string; confidence: number }>;
}

export interface AiProviders {
  segment?: SegmentProvider;
  caption?: CaptionProvider;
}
