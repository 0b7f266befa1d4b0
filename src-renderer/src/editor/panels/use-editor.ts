import { useStore } from 'zustand';
import type { EditorState } from '../editor-state';
import { editor } from '../session';

/** A slice of the editor state for React; the component re-renders only when the slice changes. */
export function useEditor<T>(selector: (s: EditorState) => T): T {
  return useStore(editor.store, selector);
}
