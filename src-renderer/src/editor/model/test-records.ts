import type { Geometry } from '../../../../src-shared/geometry/schemas';
import type { ShapeRecord } from './records';

/** A record for tests: a 10×10 box at (x, y) unless a geometry is given. */
export function rec(key: string, over: Partial<ShapeRecord> & { x?: number; y?: number } = {}): ShapeRecord {
  const { x = 0, y = 0, ...rest } = over;
  const geometry: Geometry = { type: 'bbox', bbox: [x, y, 10, 10] };
  return { key, class_id: 0, geometry, attributes: {}, caption: null, z_order: 0, source: 'human', confidence: null, ...rest };
}
