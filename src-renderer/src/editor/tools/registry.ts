import type { AnnotationType } from '../../../../src-shared/geometry/schemas';
import { BboxTool } from './bbox/BboxTool';
import { CircleTool } from './circle/CircleTool';
import { LineTool } from './line/LineTool';
import { PointsTool } from './points/PointsTool';
import { PolygonTool } from './polygon/PolygonTool';
import { PolylineTool } from './polyline/PolylineTool';
import { RotatedBboxTool } from './rotated-bbox/RotatedBboxTool';
import { SamTool } from './sam/SamTool';
import { SelectTool } from './select/SelectTool';
import { StateNode, type StateNodeClass } from './state-node';

/**
 * The tools of the editor, in toolbar order. This list is the extension point: a new tool (e.g.
 * SAM) is one more state-node class and one more entry here; the toolbar, the shortcut sheet, the
 * keymap and task_config gating all read this list.
 */
export interface ToolDefinition {
  id: string;
  label: string;
  /** The single-key shortcut (lower case). */
  key: string;
  /** The annotation type it draws; task_config may forbid it. Null for tools that draw nothing. */
  draws: AnnotationType | null;
  /** One line on how to use it, for the tooltip and the shortcut sheet. */
  hint: string;
  node: StateNodeClass;
}

export const TOOLS: readonly ToolDefinition[] = [
  { id: 'select', label: 'Select', key: 'v', draws: null, node: SelectTool, hint: 'Click to select (Shift/Ctrl adds), drag to move, Shift-drag to select an area, drag empty canvas to pan' },
  { id: 'bbox', label: 'Box', key: 'b', draws: 'bbox', node: BboxTool, hint: 'Drag from corner to corner' },
  { id: 'rotated_bbox', label: 'Rotated box', key: 'r', draws: 'rotated_bbox', node: RotatedBboxTool, hint: 'Drag a box, then turn it with the round handle above it (Shift snaps 15°)' },
  { id: 'polygon', label: 'Polygon', key: 'p', draws: 'polygon', node: PolygonTool, hint: 'Click vertices; click the first vertex, Enter or double-click to finish; Backspace removes the last' },
  { id: 'polyline', label: 'Polyline', key: 'o', draws: 'polyline', node: PolylineTool, hint: 'Click points; Enter or double-click to finish open, click the first point to close' },
  { id: 'line', label: 'Line', key: 'l', draws: 'line', node: LineTool, hint: 'Drag from one end to the other (Shift: 45° steps)' },
  { id: 'circle', label: 'Circle / arc', key: 'c', draws: 'circle', node: CircleTool, hint: 'Drag from the centre; drag the end handle around to make an arc' },
  { id: 'sam', label: 'Segment (SAM)', key: 's', draws: 'polygon', node: SamTool, hint: 'Hover to preview; click the object (Shift/Alt-click: not this part) or drag a box; Enter keeps the outline as a polygon, Esc clears' },
  { id: 'points', label: 'Keypoints', key: 'k', draws: 'points', node: PointsTool, hint: 'Click each point; Enter or double-click to finish the set' },
];

export const toolById = (id: string): ToolDefinition | undefined => TOOLS.find((t) => t.id === id);

/** The root of the state chart: its children are the tools; the active child is the active tool. */
export class RootState extends StateNode {
  static id = 'root';
  static children = () => TOOLS.map((t) => t.node);
}
