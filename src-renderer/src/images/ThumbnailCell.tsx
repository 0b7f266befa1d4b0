import { memo, useState } from 'react';
import type { Image } from '../../../src-shared/contract/entities';
import { api } from '../api/client';

/** Folders are in the tooltip; the caption keeps the part that tells images apart. */
const baseName = (filename: string) => filename.slice(filename.lastIndexOf('/') + 1);

/** One image in the grid: its thumbnail, filename and annotation count; a gray box until loaded. */
export const ThumbnailCell = memo(function ThumbnailCell({ image, index, focused, left, width, onOpen }: { image: Image | undefined; index: number; focused: boolean; left: number; width: number; onOpen(index: number): void }) {
  const [broken, setBroken] = useState(false);
  return (
    <div
      role="gridcell"
      aria-selected={focused}
      className={focused ? 'thumb focused' : 'thumb'}
      style={{ left, width }}
      data-testid={image ? 'thumb' : 'thumb-placeholder'}
      data-index={index}
      data-image-id={image?.id}
      title={image?.filename}
      onClick={() => image && onOpen(index)}
    >
      <div className="thumb-frame">
        {image && !broken && <img loading="lazy" decoding="async" draggable={false} src={api.mediaUrl(image.id, 'thumb')} alt={image.filename} onError={() => setBroken(true)} />}
        {broken && <span className="muted small">no preview</span>}
      </div>
      <div className="thumb-caption">
        <span className="ellipsis" data-testid="thumb-name">
          {image ? baseName(image.filename) : '\u00a0'}
        </span>
        {image && (
          <span className={image.annotation_count ? 'badge' : 'badge zero'} data-testid="thumb-count" title={`${image.annotation_count} annotations`}>
            {image.annotation_count}
          </span>
        )}
      </div>
    </div>
  );
});
