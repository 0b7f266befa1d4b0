/** What a key does in the viewer; kept as data so the keymap reads in one place. */
export type ViewerAction = 'fit' | 'actual' | 'zoomIn' | 'zoomOut' | 'next' | 'previous' | 'back';

const KEYMAP: Record<string, ViewerAction> = {
  f: 'fit',
  F: 'fit',
  '0': 'actual',
  '1': 'actual',
  '+': 'zoomIn',
  '=': 'zoomIn',
  '-': 'zoomOut',
  _: 'zoomOut',
  d: 'next',
  D: 'next',
  ArrowRight: 'next',
  a: 'previous',
  A: 'previous',
  ArrowLeft: 'previous',
  Escape: 'back',
};

/** The action for a key press, or null; shortcuts never fire while typing or with Ctrl/Cmd/Alt. */
export function viewerAction(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; targetIsField: boolean }): ViewerAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.targetIsField) return null;
  return KEYMAP[e.key] ?? null;
}
