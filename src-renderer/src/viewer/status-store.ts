import { create } from 'zustand';

/** What the status bar shows that changes on every pointer move; kept out of React props so only the bar re-renders. */
interface ViewerStatus {
  scale: number;
  cursor: [number, number] | null;
}

export const useViewerStatus = create<ViewerStatus>()(() => ({ scale: 1, cursor: null }));
