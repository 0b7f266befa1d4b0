import { useCallback, useState } from 'react';
import { reportError } from '../errors/error-store';
import { emptySelection, keepPresent, type Selection } from './queue-selection';

/**
 * A review queue as a view holds it: the rows of one page, the total, and the ticked rows. `load`
 * fetches the page again, drops ticked rows that left it, and resolves to the rows (none after
 * reporting a failure). `fetchPage` changes when the query does; `idOf` must not change.
 */
export function useReviewQueue<T>(fetchPage: () => Promise<{ items: T[]; total: number }>, idOf: (row: T) => string) {
  const [rows, setRows] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [selection, setSelection] = useState<Selection>(emptySelection);

  const load = useCallback(async () => {
    try {
      const page = await fetchPage();
      setRows(page.items);
      setTotal(page.total);
      setSelection((sel) => keepPresent(page.items.map(idOf), sel));
      return page.items;
    } catch (e) {
      reportError(e);
      return [];
    }
  }, [fetchPage, idOf]);

  return { rows, total, selection, setSelection, load };
}
