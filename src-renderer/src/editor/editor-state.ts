import type { AttributeDef, LabelClass } from '../../../src-shared/contract/entities';
import type { TaskConfig } from '../../../src-shared/geometry/task-rules';
import type { SaveState } from './model/autosave-queue';
import type { ImageLevel, ShapeRecord } from './model/records';
import { emptyOverlay, type Overlay } from './overlay';

/** What the editor needs of the project: classes, attribute schema and task rules. */
export interface ProjectConfig {
  classes: readonly LabelClass[];
  attributes: readonly AttributeDef[];
  taskTypes: readonly string[];
  taskConfig: TaskConfig;
}

/** The SAM engine as the status line shows it: off (no image or not allowed), preparing the embedding, ready, or why it cannot run. */
export interface AssistStatus {
  state: 'off' | 'preparing' | 'ready' | 'error';
  text: string;
}

export interface EditorMessage {
  id: number;
  text: string;
  tone: 'error' | 'info';
}

/** The editor's state for the open image; React panels and the canvas subscribe to slices of it. */
export interface EditorState {
  imageId: string | null;
  imageSize: { width: number; height: number };
  records: readonly ShapeRecord[];
  selection: readonly string[];
  hovered: string | null;
  /** Per-annotation and per-class visibility and locks; kept for the session across images. */
  hidden: ReadonlySet<string>;
  hiddenClasses: ReadonlySet<number | null>;
  locked: ReadonlySet<string>;
  tool: string;
  toolPath: string;
  activeClass: number | null;
  lineWidth: number;
  imageLevel: ImageLevel;
  overlay: Overlay;
  message: EditorMessage | null;
  canUndo: boolean;
  canRedo: boolean;
  save: SaveState;
  project: ProjectConfig;
  assist: AssistStatus;
}

export const initialEditorState: EditorState = {
  imageId: null,
  imageSize: { width: 1, height: 1 },
  records: [],
  selection: [],
  hovered: null,
  hidden: new Set(),
  hiddenClasses: new Set(),
  locked: new Set(),
  tool: 'select',
  toolPath: 'root.select.idle',
  activeClass: null,
  lineWidth: 2,
  imageLevel: { classes: [], captions: [] },
  overlay: emptyOverlay,
  message: null,
  canUndo: false,
  canRedo: false,
  save: { status: 'saved', pending: 0, error: null },
  project: { classes: [], attributes: [], taskTypes: [], taskConfig: {} },
  assist: { state: 'off', text: '' },
};
