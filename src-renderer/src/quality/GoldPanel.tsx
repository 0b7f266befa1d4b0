import { useCallback, useEffect, useState } from 'react';
import type { Image } from '../../../src-shared/contract/entities';
import type { Gold, Item } from '../../../src-shared/qa/entities';
import { api } from '../api/client';
import { useBusy } from '../common/use-busy';
import { reportError } from '../errors/error-store';
import { expectedLabel, itemLabel } from './gold-labels';
import { GoldItemForm } from './GoldItemForm';
import { GoldShare } from './GoldShare';
import './gold.css';

/** At most this many items and images are offered for marking; the filter narrows them. */
const PICK_LIMIT = 1000;

/** Gold (honeypot) management for reviewers: the gold list, marking items and images, the gold share. */
export function GoldPanel({ projectId, onChanged }: { projectId: string; onChanged(): void }) {
  const [gold, setGold] = useState<Gold[] | null>(null);
  const [items, setItems] = useState<Item[]>([]);
  const [images, setImages] = useState<Image[]>([]);

  const load = useCallback(async () => {
    try {
      const [g, it, im] = await Promise.all([
        api.listGold({ project_id: projectId }),
        api.listItems({ project_id: projectId, limit: PICK_LIMIT }),
        api.listImages({ project_id: projectId, annotated: true, limit: PICK_LIMIT }),
      ]);
      setGold(g);
      setItems(it.items);
      setImages(im.items);
    } catch (e) {
      reportError(e);
    }
  }, [projectId]);

  useEffect(() => {
    void load();
  }, [load]);

  const changed = () => {
    void load();
    onChanged();
  };

  const unmark = async (id: string) => {
    try {
      await api.unmarkGold({ gold_id: id });
      changed();
    } catch (e) {
      reportError(e);
    }
  };

  const itemById = new Map(items.map((i) => [i.id, i]));
  const imageById = new Map(images.map((i) => [i.id, i]));
  const targetOf = (g: Gold) => {
    if (g.item_id) {
      const item = itemById.get(g.item_id);
      return item ? itemLabel(item) : g.item_id;
    }
    return (g.image_id && imageById.get(g.image_id)?.filename) ?? g.image_id ?? '';
  };

  return (
    <section className="card gold-panel" data-testid="gold-panel">
      <h2>Gold {gold ? `(${gold.length})` : ''}</h2>
      <GoldShare projectId={projectId} />
      <div className="gold-columns">
        <div className="gold-list">
          <h3>Marked gold</h3>
          {gold && gold.length === 0 && <p className="muted">Nothing is gold yet. Gold items and images are mixed into every annotator&apos;s queue, unmarked, to measure accuracy.</p>}
          {gold && gold.length > 0 && (
            <table className="table">
              <tbody>
                {gold.map((g) => (
                  <tr key={g.id} data-testid="gold-row" data-target={g.item_id ?? g.image_id ?? ''}>
                    <td className="muted">{g.item_id ? 'item' : 'image'}</td>
                    <td className="gold-target" title={targetOf(g)}>
                      {targetOf(g)}
                    </td>
                    <td data-testid="gold-expected">{expectedLabel(g)}</td>
                    <td className="actions">
                      <button type="button" className="small ghost" data-testid="gold-unmark" onClick={() => void unmark(g.id)}>
                        Unmark
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div className="gold-forms">
          <GoldItemForm items={items} onMarked={changed} />
          <GoldImageForm images={images} gold={gold ?? []} onMarked={changed} />
        </div>
      </div>
    </section>
  );
}

/** Marks an annotated image gold: its current annotations become the expected shapes. */
function GoldImageForm({ images, gold, onMarked }: { images: Image[]; gold: Gold[]; onMarked(): void }) {
  const [imageId, setImageId] = useState('');
  const [busy, run] = useBusy();
  const goldImages = new Set(gold.map((g) => g.image_id));
  const image = images.find((i) => i.id === imageId) ?? null;

  const mark = async () => {
    if (!image) return;
    await run(async () => {
      await api.markGold({ image_id: image.id });
      setImageId('');
      onMarked();
    });
  };

  return (
    <div className="gold-form" data-testid="gold-image-form">
      <h3>Mark an image gold</h3>
      <div className="gold-row">
        <select data-testid="gold-image-select" value={imageId} onChange={(e) => setImageId(e.target.value)}>
          <option value="">{images.length ? 'Choose an annotated image' : 'No annotated images'}</option>
          {images.map((i) => (
            <option key={i.id} value={i.id}>
              {goldImages.has(i.id) ? '★ ' : ''}
              {i.filename} ({i.annotation_count})
            </option>
          ))}
        </select>
        <button type="button" data-testid="gold-mark-image" disabled={busy || !image} onClick={() => void mark()}>
          {image ? `Mark gold: expect its ${image.annotation_count} annotation${image.annotation_count === 1 ? '' : 's'}` : 'Mark gold'}
        </button>
      </div>
    </div>
  );
}
