import type { Bounds } from '../../../src-shared/geometry/bounds';
import type { Vec } from '../../../src-shared/geometry/points';
import type { Geometry } from '../../../src-shared/geometry/schemas';

/** The shape being drawn: its geometry so far (null before it has one) and the vertices placed. */
export interface Draft {
  geometry: Geometry | null;
  vertices: readonly Vec[];
  /** The pointer is on the first vertex: a click closes the shape. */
  closing: boolean;
}

/**
 * Work in progress that is not in the records yet: the Fabric layer draws it, the bulk layer
 * leaves out the records being edited. Cleared when the tool commits or cancels.
 */
export interface Overlay {
  draft: Draft | null;
  /** Live geometry of records being moved or reshaped (drawn instead of their stored geometry). */
  editing: readonly { key: string; geometry: Geometry }[];
  marquee: Bounds | null;
  cursor: string;
}

export const emptyOverlay: Overlay = { draft: null, editing: [], marquee: null, cursor: '' };
