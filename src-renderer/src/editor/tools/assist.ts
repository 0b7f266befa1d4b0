/**
 * Model-assisted segmentation as a tool sees it (the SAM tool): prompts in image pixels in,
 * polygons out. The app injects an implementation backed by the contract's `aiSegment`
 * (see `../sam-assist.ts`); tests inject a fake. Tools never call the API themselves.
 */
export interface SegmentPoint {
  x: number;
  y: number;
  /** 1 = the object, 0 = background. */
  label: 0 | 1;
}

export interface SegmentPrompt {
  points: SegmentPoint[];
  /** [x, y, width, height] in image pixels. */
  box: [number, number, number, number] | null;
  /** Refine this earlier result (its low-res mask is fed back to the decoder). */
  previous: string | null;
}

export interface SegmentPolygon {
  points: [number, number][];
  holes?: [number, number][][];
}

export interface SegmentResult {
  result_id: string;
  /** One polygon per connected part, largest first, image pixels. */
  polygons: SegmentPolygon[];
  score: number;
}

export interface SegmentAssist {
  segment(prompt: SegmentPrompt): Promise<SegmentResult>;
}
