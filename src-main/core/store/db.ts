import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/contract/errors';
import { LATEST_VERSION, migrations, type Migration } from './migrations';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the store at `file`: WAL, foreign keys on, migrated to the latest
 * version. Before migrating a database that already holds data, a copy is written next to it
 * with `db.backup()`.
 */
export async function openDatabase(file: string, list: Migration[] = migrations): Promise<Db> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = list.length ? list[list.length - 1].version : 0;
  if (current > latest) {
    db.close();
    throw new AppError('CONFLICT', `The data in ${file} was written by a newer Labeler Workstation (schema ${current}, this one knows ${latest}). Update the app, or choose another --data directory.`);
  }
  if (current > 0 && current < latest && file !== ':memory:') {
    await db.backup(`${file}.v${current}-${Date.now()}.bak`);
  }
  for (const migration of list) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return db;
}

export { LATEST_VERSION };
