import { defaultContext, prepareOutbox, type OutboxEntity, type StoreContext } from '../../store/context';
import type { Db } from '../../store/db';

export { prepareOutbox, type OutboxEntity };

export type QaContext = StoreContext;

/** QA repositories share the store's database with their own clock and id maker (same defaults as the store). */
export function qaContext(db: Db, userId: () => string | null): QaContext {
  return defaultContext(db, userId);
}

export type Row = Record<string, unknown> & { id: string };

export const json = <T>(text: unknown, fallback: T): T => {
  if (typeof text !== 'string') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};
