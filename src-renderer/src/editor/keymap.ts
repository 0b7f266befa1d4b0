import { TOOLS } from './tools/registry';

/**
 * Every shortcut of the editor in one table: the key handler, the `?` sheet and the README
 * section read it. Single keys never fire while typing in a field.
 */
export type EditorAction =
  | { type: 'tool'; id: string }
  | { type: 'class'; index: number }
  | {
      type:
        | 'undo' | 'redo' | 'delete' | 'copy' | 'paste' | 'selectAll' | 'front' | 'back' | 'hide' | 'showAll' | 'lock'
        | 'help' | 'nextUnannotated' | 'fit' | 'actual' | 'zoomIn' | 'zoomOut' | 'next' | 'previous';
    };

export interface KeyPress {
  key: string;
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
}

interface Binding {
  /** What the sheet shows. */
  keys: string;
  description: string;
  group: 'Tools' | 'Editing' | 'Classes' | 'View' | 'Navigation';
  action: EditorAction;
  match(k: KeyPress): boolean;
}

const plain = (...keys: string[]) => (k: KeyPress) => !k.ctrl && !k.alt && !k.shift && keys.includes(k.key.length === 1 ? k.key.toLowerCase() : k.key);
const shifted = (key: string) => (k: KeyPress) => !k.ctrl && !k.alt && k.shift && k.key.toLowerCase() === key;
const ctrl = (key: string, shift = false) => (k: KeyPress) => k.ctrl && !k.alt && k.shift === shift && k.key.toLowerCase() === key;
/** Characters typed with Shift on some layouts ('?', '+', '[' …): match the character itself. */
const char = (...chars: string[]) => (k: KeyPress) => !k.ctrl && !k.alt && chars.includes(k.key);
/**
 * A row of the sheet for a gesture handled elsewhere (by the active tool or the pointer input),
 * never matched here.
 */
const documented = (keys: string, description: string, group: Binding['group']): Binding => ({ keys, description, group, action: { type: 'help' }, match: () => false });

export const BINDINGS: readonly Binding[] = [
  ...TOOLS.map((t): Binding => ({ keys: t.key.toUpperCase(), description: `${t.label} — ${t.hint}`, group: 'Tools', action: { type: 'tool', id: t.id }, match: plain(t.key) })),
  documented('Enter', 'Finish the polygon, polyline or keypoints being drawn; keep the SAM outline as a polygon', 'Tools'),
  documented('Esc', 'Abandon the shape being drawn (SAM: clear the prompts); then clear the selection; then back to Select; then back to the grid', 'Tools'),
  documented('Backspace', 'While drawing: remove the last vertex', 'Tools'),
  { keys: 'Ctrl+Z', description: 'Undo', group: 'Editing', action: { type: 'undo' }, match: ctrl('z') },
  { keys: 'Ctrl+Shift+Z / Ctrl+Y', description: 'Redo', group: 'Editing', action: { type: 'redo' }, match: (k) => ctrl('z', true)(k) || ctrl('y')(k) },
  { keys: 'Delete / Backspace', description: 'Delete the selected shapes', group: 'Editing', action: { type: 'delete' }, match: plain('Delete', 'Backspace') },
  { keys: 'Ctrl+C / Ctrl+V', description: 'Copy the selection / paste it (in place on another image, shifted on the same one)', group: 'Editing', action: { type: 'copy' }, match: ctrl('c') },
  { keys: 'Ctrl+V', description: '', group: 'Editing', action: { type: 'paste' }, match: ctrl('v') },
  { keys: 'Ctrl+A', description: 'Select every visible, unlocked shape', group: 'Editing', action: { type: 'selectAll' }, match: ctrl('a') },
  { keys: ']  /  [', description: 'Bring the selection to the front / send it to the back', group: 'Editing', action: { type: 'front' }, match: char(']') },
  { keys: '[', description: '', group: 'Editing', action: { type: 'back' }, match: char('[') },
  { keys: 'H', description: 'Hide or show the selected shapes', group: 'Editing', action: { type: 'hide' }, match: plain('h') },
  { keys: 'Shift+H', description: 'Show every hidden shape and class', group: 'Editing', action: { type: 'showAll' }, match: shifted('h') },
  { keys: 'Shift+L', description: 'Lock or unlock the selected shapes (no moving, reshaping or deleting)', group: 'Editing', action: { type: 'lock' }, match: shifted('l') },
  documented('Alt+click / right-click a vertex', 'Delete that vertex; drag an edge midpoint (or double-click an edge) to insert one', 'Editing'),
  ...Array.from({ length: 9 }, (_, i): Binding => ({ keys: String(i + 1), description: i === 0 ? 'Pick the class for new shapes and give it to the selection (image class in classification projects)' : '', group: 'Classes', action: { type: 'class', index: i }, match: plain(String(i + 1)) })),
  { keys: 'F', description: 'Fit the image to the window', group: 'View', action: { type: 'fit' }, match: plain('f') },
  { keys: '0', description: 'Actual size (100%)', group: 'View', action: { type: 'actual' }, match: plain('0') },
  { keys: '+ / −', description: 'Zoom in / out (the wheel zooms around the cursor)', group: 'View', action: { type: 'zoomIn' }, match: char('+', '=') },
  { keys: '−', description: '', group: 'View', action: { type: 'zoomOut' }, match: char('-', '_') },
  documented('Space+drag / middle drag', 'Pan with any tool', 'View'),
  { keys: 'D / →', description: 'Next image', group: 'Navigation', action: { type: 'next' }, match: plain('d', 'ArrowRight') },
  { keys: 'A / ←', description: 'Previous image', group: 'Navigation', action: { type: 'previous' }, match: plain('a', 'ArrowLeft') },
  { keys: 'N', description: 'Jump to the next image without annotations', group: 'Navigation', action: { type: 'nextUnannotated' }, match: plain('n') },
  { keys: '?', description: 'Show this sheet', group: 'Navigation', action: { type: 'help' }, match: char('?') },
];

/** The action for a key press, or null (typing in a field never triggers single-key shortcuts). */
export function editorAction(k: KeyPress & { inField: boolean }): EditorAction | null {
  if (k.inField) return null;
  return BINDINGS.find((b) => b.match(k))?.action ?? null;
}

/** The rows of the shortcut sheet, grouped, without the continuation rows. */
export function shortcutSheet(): { group: Binding['group']; rows: { keys: string; description: string }[] }[] {
  const groups: Binding['group'][] = ['Tools', 'Editing', 'Classes', 'View', 'Navigation'];
  return groups.map((group) => ({ group, rows: BINDINGS.filter((b) => b.group === group && b.description).map(({ keys, description }) => ({ keys: keys === '1' ? '1 – 9' : keys, description })) }));
}
