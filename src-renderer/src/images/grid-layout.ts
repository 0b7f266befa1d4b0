/** How the thumbnail grid fits a container: fixed-height rows, as many columns as fit. */
export interface GridLayout {
  columns: number;
  cellWidth: number;
  rowHeight: number;
}

export const CELL_MIN_WIDTH = 148;
export const CELL_GAP = 8;
export const CAPTION_HEIGHT = 30;
export const THUMB_HEIGHT = 128;

export function gridLayout(containerWidth: number, padding = CELL_GAP): GridLayout {
  const inner = Math.max(0, containerWidth - 2 * padding);
  const columns = Math.max(1, Math.floor((inner + CELL_GAP) / (CELL_MIN_WIDTH + CELL_GAP)));
  const cellWidth = Math.max(1, (inner - (columns - 1) * CELL_GAP) / columns);
  return { columns, cellWidth, rowHeight: THUMB_HEIGHT + CAPTION_HEIGHT + CELL_GAP };
}

/** The item index a key press moves focus to, or null when the key does not move it. */
export function moveFocus(index: number, key: string, columns: number, count: number, rowsPerPage: number): number | null {
  if (count === 0) return null;
  const step: Record<string, number> = {
    ArrowRight: 1,
    ArrowLeft: -1,
    ArrowDown: columns,
    ArrowUp: -columns,
    PageDown: columns * rowsPerPage,
    PageUp: -columns * rowsPerPage,
  };
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  if (!(key in step)) return null;
  return Math.min(count - 1, Math.max(0, index + step[key]));
}
