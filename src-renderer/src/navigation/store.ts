import { create } from 'zustand';

/** Which images the grid and the viewer's next/previous walk through. */
export type ImageFilter = 'all' | 'annotated' | 'unannotated';

export const filterToAnnotated = (filter: ImageFilter): boolean | undefined => (filter === 'all' ? undefined : filter === 'annotated');

type Screen = { view: 'projects' } | { view: 'project'; projectId: string } | { view: 'image'; projectId: string; imageId: string }
  | { view: ProjectSection; projectId: string };

/** The project's other views (issue 8): review, items labeling, tasks, quality. */
export type ProjectSection = 'review' | 'items' | 'tasks' | 'quality';

interface Navigation {
  screen: Screen;
  filter: ImageFilter;
  /** Grid position to scroll back to when leaving the viewer. */
  gridIndex: number;
  openProjects(): void;
  openProject(projectId: string): void;
  openImage(projectId: string, imageId: string, gridIndex?: number): void;
  setFilter(filter: ImageFilter): void;
  setGridIndex(index: number): void;
  openSection(view: ProjectSection, projectId: string): void;
}

/** Navigation only: which screen is up. Data lives with the views that fetch it. */
export const useNavigation = create<Navigation>()((set) => ({
  screen: { view: 'projects' },
  filter: 'all',
  gridIndex: 0,
  openProjects: () => set({ screen: { view: 'projects' }, filter: 'all', gridIndex: 0 }),
  openProject: (projectId) => set({ screen: { view: 'project', projectId } }),
  openImage: (projectId, imageId, gridIndex) => set((s) => ({ screen: { view: 'image', projectId, imageId }, gridIndex: gridIndex ?? s.gridIndex })),
  setFilter: (filter) => set({ filter, gridIndex: 0 }),
  setGridIndex: (gridIndex) => set({ gridIndex }),
  openSection: (view, projectId) => set({ screen: { view, projectId } }),
}));
