import { AppError } from '../../../src-shared/contract/errors';
import type { SamPrompts } from './types';

export interface PromptTensors {
  coords: Float32Array;
  labels: Float32Array;
  count: number;
}

/** Half a pixel of slack, as geometry validation allows. */
const SLACK = 0.5;

/** Problems with prompts for an image of the given size; empty when usable. */
export function promptProblems(prompts: SamPrompts, width: number, height: number): string[] {
  const problems: string[] = [];
  const inside = (x: number, y: number) => x >= -SLACK && y >= -SLACK && x <= width + SLACK && y <= height + SLACK;
  if (!prompts.points.length && !prompts.box) problems.push('give at least one point or a box');
  prompts.points.forEach((p, i) => {
    if (!inside(p.x, p.y)) problems.push(`points[${i}] (${p.x}, ${p.y}) lies outside the ${width}×${height} image`);
  });
  if (prompts.box) {
    const [x, y, w, h] = prompts.box;
    if (!(w > 0 && h > 0)) problems.push('box width and height must be positive');
    else if (!inside(x, y) || !inside(x + w, y + h)) problems.push(`box [${prompts.box.join(', ')}] reaches outside the ${width}×${height} image`);
  }
  return problems;
}

/**
 * Decoder point inputs for the standard SAM ONNX decoder: clicks (label 1/0), then the box as its
 * two corners (labels 2, 3), or a padding point (0, 0) with label -1 when there is no box — the
 * graph was exported expecting one. Coordinates go to the resized frame (longest side `inputSize`).
 */
export function promptTensors(prompts: SamPrompts, width: number, height: number, inputSize: number): PromptTensors {
  const problems = promptProblems(prompts, width, height);
  if (problems.length) throw new AppError('VALIDATION_ERROR', `Cannot segment with these prompts: ${problems.join('; ')}.`, problems.map((message) => ({ field: 'prompts', message })));
  const scale = inputSize / Math.max(width, height);
  const count = prompts.points.length + 2 - (prompts.box ? 0 : 1);
  const coords = new Float32Array(count * 2);
  const labels = new Float32Array(count);
  prompts.points.forEach((p, i) => {
    coords[2 * i] = p.x * scale;
    coords[2 * i + 1] = p.y * scale;
    labels[i] = p.label;
  });
  const n = prompts.points.length;
  if (prompts.box) {
    const [x, y, w, h] = prompts.box;
    coords.set([x * scale, y * scale, (x + w) * scale, (y + h) * scale], 2 * n);
    labels.set([2, 3], n);
  } else {
    labels[n] = -1;
  }
  return { coords, labels, count };
}
