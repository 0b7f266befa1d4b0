import { useState } from 'react';
import { api } from '../api/client';
import { useBusy } from '../common/use-busy';
import { canReview, useProfile } from '../people/profile-store';

/**
 * For reviewers and admins labeling items: makes the item gold with the chosen answer as the
 * expected one. Key it by item so the "marked" state starts fresh on each item.
 */
export function MarkGoldButton({ itemId, choices }: { itemId: string; choices: string[] }) {
  const reviewer = useProfile((s) => canReview(s.profile));
  const [marked, setMarked] = useState<string | null>(null);
  const [busy, run] = useBusy();
  if (!reviewer) return null;
  const key = choices.join('|');

  const mark = async () => {
    await run(async () => {
      await api.markGold({ item_id: itemId, expected: { choices } });
      setMarked(key);
    });
  };

  return (
    <button
      type="button"
      className="ghost"
      data-testid="item-mark-gold"
      disabled={busy || !choices.length || marked === key}
      title="Make this item gold: the chosen answer becomes the expected one"
      onClick={(e) => {
        // Enter submits the item; it must not press this button again.
        e.currentTarget.blur();
        void mark();
      }}
    >
      {marked === key ? '★ Gold' : 'Mark gold'}
    </button>
  );
}
