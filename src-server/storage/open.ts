import { openPostgres, type PostgresOptions } from './postgres';
import { openSqlite } from './sqlite';
import type { Storage } from './types';

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** `postgres://…` opens PostgreSQL; anything else is an SQLite file path (or `:memory:`). */
export async function openStorage(location: string, options: PostgresOptions = {}): Promise<Storage> {
  return isPostgresUrl(location) ? openPostgres(location, options) : openSqlite(location);
}

export type { Storage, Sql, Tx, Param, Row, Dialect } from './types';
