/**
 * One SQL interface over the two storages. SQL is written once with `?` placeholders, portable
 * types (TEXT, INTEGER, BIGINT, DOUBLE PRECISION), JSON kept as TEXT, booleans as 0/1 and times
 * as ISO-8601 UTC strings made by the server; each adapter turns it into its own dialect.
 */
export type Dialect = 'sqlite' | 'postgres';
export type Param = string | number | boolean | null | Buffer;
export type Row = Record<string, unknown>;

export interface Sql {
  readonly dialect: Dialect;
  all<T = Row>(sql: string, params?: readonly Param[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: readonly Param[]): Promise<T | undefined>;
  /** Runs a statement and answers how many rows it changed. */
  run(sql: string, params?: readonly Param[]): Promise<number>;
}

/** A transaction: statements on one connection, committed together or not at all. */
export interface Tx extends Sql {
  /** Runs `fn` inside a savepoint: when it throws, only its own writes are undone. */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
  /** Publishes `payload` on `channel` when (and only if) the transaction commits, in commit order. */
  notify(channel: string, payload: string): Promise<void>;
}

export interface Storage extends Sql {
  /** 'sqlite' file path or the postgres URL without its password. */
  readonly location: string;
  /** Namespace of this storage's notification channels (the PostgreSQL schema, or 'main'). */
  readonly namespace: string;
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Receives every payload published on `channel` by any process sharing this storage. */
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** `?, ?, ?` for an IN list of n values (n ≥ 1). */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

export function normaliseParams(params: readonly Param[]): Param[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}
