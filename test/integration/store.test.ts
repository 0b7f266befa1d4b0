import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/core/store/db';
import { migrations } from '../../src-main/core/store/migrations';
import { tempDir } from '../fixtures/images';

const opened: Database.Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

describe('the store file', () => {
  it('is created in WAL mode with foreign keys on, at the latest schema version', async () => {
    const file = path.join(tempDir(), 'labeler.db');
    const db = await openDatabase(file);
    opened.push(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
  });

  it('backs up a database that holds data before migrating it, and keeps the data', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'labeler.db');
    const first = await openDatabase(file);
    first.prepare("INSERT INTO settings (key, value) VALUES ('theme', 'dark')").run();
    first.close();
    const next = [...migrations, { version: migrations.length + 1, name: 'add a column', sql: 'ALTER TABLE settings ADD COLUMN note TEXT' }];
    const db = await openDatabase(file, next);
    opened.push(db);
    expect(db.pragma('user_version', { simple: true })).toBe(next.length);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'theme'").pluck().get()).toBe('dark');
    const backups = fs.readdirSync(dir).filter((f) => f.includes('.bak'));
    expect(backups).toHaveLength(1);
    const backup = new Database(path.join(dir, backups[0]), { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(migrations.length);
    backup.close();
  });

  it('rolls a failing migration back entirely and leaves the version where it was', async () => {
    const file = path.join(tempDir(), 'labeler.db');
    (await openDatabase(file)).close();
    const broken = [...migrations, { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE t (a); INSERT INTO nowhere VALUES (1);' }];
    await expect(openDatabase(file, broken)).rejects.toThrow(/nowhere/);
    const db = new Database(file);
    opened.push(db);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't'").get()).toBeUndefined();
  });

  it('refuses a database written by a newer version instead of corrupting it', async () => {
    const file = path.join(tempDir(), 'labeler.db');
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    await expect(openDatabase(file)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
