import type { Image } from '../../../src-shared/contract/entities';
import { useViewerStatus } from './status-store';

/** Filename, size, zoom, cursor in image pixels and the position in the list. */
export function StatusBar({ image, index, total }: { image: Image | null; index: number; total: number }) {
  const scale = useViewerStatus((s) => s.scale);
  const cursor = useViewerStatus((s) => s.cursor);
  const inside = cursor && image && cursor[0] >= 0 && cursor[1] >= 0 && cursor[0] < image.width && cursor[1] < image.height;
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className="ellipsis" data-testid="status-filename" title={image?.path}>
        {image?.filename ?? '…'}
      </span>
      <span data-testid="status-size">{image ? `${image.width} × ${image.height}` : ''}</span>
      <span data-testid="status-zoom">{Math.round(scale * 100)}%</span>
      <span className="mono" data-testid="status-cursor">
        {inside ? `${Math.floor(cursor[0])}, ${Math.floor(cursor[1])}` : '–'}
      </span>
      <span className="spacer" />
      <span data-testid="status-position">{index >= 0 ? `${(index + 1).toLocaleString()} / ${total.toLocaleString()}` : `– / ${total.toLocaleString()}`}</span>
    </footer>
  );
}
