import { useMemo, useState } from 'react';
import type { Item } from '../../../src-shared/qa/entities';
import { allowsMultiple, choicesOf } from '../../../src-shared/qa/items';
import { api } from '../api/client';
import { useBusy } from '../common/use-busy';
import { ordered, pick } from '../items/item-keys';
import { itemLabel } from './gold-labels';

/** Marks an item gold: pick the item, click its expected answer (several for multi-label items), mark. */
export function GoldItemForm({ items, onMarked }: { items: Item[]; onMarked(): void }) {
  const [filter, setFilter] = useState('');
  const [itemId, setItemId] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, run] = useBusy();

  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return f ? items.filter((i) => i.id === itemId || itemLabel(i).toLowerCase().includes(f)) : items;
  }, [items, filter, itemId]);
  const item = items.find((i) => i.id === itemId) ?? null;
  const choices = item ? choicesOf(item) : [];
  const multiple = item ? allowsMultiple(item) : false;

  const pickItem = (id: string) => {
    setItemId(id);
    setChosen(items.find((i) => i.id === id)?.expected?.choices ?? []);
  };

  const mark = async () => {
    if (!item || !chosen.length) return;
    await run(async () => {
      await api.markGold({ item_id: item.id, expected: { choices: ordered(chosen, choices) } });
      setItemId('');
      setChosen([]);
      onMarked();
    });
  };

  return (
    <div className="gold-form" data-testid="gold-item-form">
      <h3>Mark an item gold</h3>
      <div className="gold-row">
        <input type="text" placeholder="Filter items" data-testid="gold-item-filter" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <select data-testid="gold-item-select" value={itemId} onChange={(e) => pickItem(e.target.value)}>
          <option value="">{items.length ? `Choose an item (${shown.length})` : 'No items: import some in the Items tab'}</option>
          {shown.map((i) => (
            <option key={i.id} value={i.id}>
              {i.is_gold ? '★ ' : ''}
              {itemLabel(i)}
            </option>
          ))}
        </select>
      </div>
      {item && (
        <>
          <div className="muted small">Expected answer{multiple ? 's (several allowed)' : ''}:</div>
          <div className="gold-choices">
            {choices.map((c) => (
              <button
                key={c.value}
                type="button"
                className={chosen.includes(c.value) ? 'choice selected' : 'choice'}
                data-testid="gold-choice"
                data-value={c.value}
                aria-pressed={chosen.includes(c.value)}
                onClick={() => setChosen((s) => pick(s, c.value, multiple))}
              >
                {c.text || c.value}
              </button>
            ))}
          </div>
          <div className="gold-row">
            <button type="button" className="primary" data-testid="gold-mark-item" disabled={busy || !chosen.length} onClick={() => void mark()}>
              {item.is_gold ? 'Update gold answer' : 'Mark gold'}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
