import { v7 as uuidv7 } from 'uuid';
import type { Db } from './db';

/** What every repository needs: the database, a clock and an id maker (injected so tests control them). */
export interface StoreContext {
  db: Db;
  now: () => string;
  newId: () => string;
  /** The local user every change is attributed to. */
  userId: () => string | null;
}

/** The local profile's user id (settings.local_user_id), read when a change is attributed. */
export function localUserId(db: Db): () => string | null {
  const read = db.prepare("SELECT value FROM settings WHERE key = 'local_user_id'").pluck();
  return () => (read.get() as string | undefined) ?? null;
}

export function defaultContext(db: Db, userId: () => string | null = localUserId(db)): StoreContext {
  return { db, now: () => new Date().toISOString(), newId: uuidv7, userId };
}

export type OutboxEntity =
  | 'projects' | 'images' | 'annotations' | 'tasks' | 'comments'
  | 'items' | 'responses' | 'gold' | 'reviews' | 'quality_flags' | 'snapshots';

/** Writes one outbox entry; callers do it inside the transaction that wrote the rows. */
export function prepareOutbox(db: Db) {
  const insert = db.prepare(
    'INSERT INTO outbox (project_id, entity, op, ids, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  return (projectId: string | null, entity: OutboxEntity, op: 'create' | 'update' | 'delete', ids: string[], at: string) => {
    insert.run(projectId, entity, op, JSON.stringify(ids), at);
  };
}
