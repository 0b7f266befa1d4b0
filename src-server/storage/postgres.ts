import pg from 'pg';
import { AppError } from '../../src-shared/contract/errors';
import { MIGRATIONS, statements } from './migrations';
import { normaliseParams, type Param, type Row, type Storage, type Tx } from './types';

const INT8 = 20;
const NUMERIC = 1700;
/** BIGINT and NUMERIC as JS numbers: our counters and revisions stay far below 2^53. */
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => (value === null ? null : Number(value));
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

const converted = new Map<string, string>();
/** `?` placeholders to `$1, $2, …` (our SQL has no `?` inside string literals). */
function toPg(sql: string): string {
  let out = converted.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    if (converted.size > 2000) converted.clear();
    converted.set(sql, out);
  }
  return out;
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new AppError('VALIDATION_ERROR', `"${name}" is not a valid PostgreSQL schema name (lowercase letters, digits, _).`);
  return `"${name}"`;
}

export interface PostgresOptions {
  /** Schema to create and use (tests use one per run); default from `?schema=` in the URL, else public. */
  schema?: string;
  poolSize?: number;
}

/**
 * PostgreSQL through a pg pool. Several server processes can share one database: revisions are
 * serialised per project by row locks, and notifications (NOTIFY, sent at commit, in commit order)
 * reach the listeners of every process.
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Storage> {
  const parsed = new URL(url);
  const schema = options.schema ?? parsed.searchParams.get('schema') ?? 'public';
  parsed.searchParams.delete('schema');
  const connectionString = parsed.toString();
  const searchPath = `SET search_path TO ${quoteIdent(schema)}`;
  const pool = new pg.Pool({ connectionString, types, max: options.poolSize ?? 10, options: `-c search_path=${quoteIdent(schema)}` });
  pool.on('error', () => undefined);
  const location = (() => {
    const safe = new URL(connectionString);
    safe.password = '';
    return safe.toString();
  })();

  const setup = new pg.Client({ connectionString, types });
  await setup.connect().catch((error: Error) => {
    throw new AppError('IO_ERROR', `Cannot reach PostgreSQL at ${location}: ${error.message}`);
  });
  try {
    await setup.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await setup.query(searchPath);
    await migrate(setup, schema);
  } finally {
    await setup.end();
  }

  const query = async <T>(client: pg.Pool | pg.PoolClient, sql: string, params: readonly Param[] = []) => {
    const result = await client.query(toPg(sql), normaliseParams(params));
    return result as unknown as pg.QueryResult<T & pg.QueryResultRow>;
  };
  const channelName = (channel: string) => `${schema}_${channel}`;
  let listener: pg.Client | null = null;
  let listenerReady: Promise<pg.Client> | null = null;
  const handlers = new Map<string, Set<(payload: string) => void>>();
  let closed = false;

  const connectListener = (): Promise<pg.Client> => {
    if (listenerReady) return listenerReady;
    listenerReady = (async () => {
      const client = new pg.Client({ connectionString, types });
      await client.connect();
      client.on('notification', (message) => {
        for (const h of handlers.get(message.channel) ?? []) h(message.payload ?? '');
      });
      client.on('error', () => {
        // Reconnect and listen again; events in between are recovered by readers from the events table.
        listener = null;
        listenerReady = null;
        if (!closed && handlers.size) setTimeout(() => void relisten(), 500);
      });
      listener = client;
      return client;
    })();
    return listenerReady;
  };
  const relisten = async () => {
    try {
      const client = await connectListener();
      for (const channel of handlers.keys()) await client.query(`LISTEN "${channel}"`);
    } catch {
      if (!closed) setTimeout(() => void relisten(), 1000);
    }
  };

  return {
    dialect: 'postgres',
    location,
    namespace: schema,
    all: async (sql, params) => (await query(pool, sql, params)).rows as never,
    get: async (sql, params) => (await query(pool, sql, params)).rows[0] as never,
    run: async (sql, params) => (await query(pool, sql, params)).rowCount ?? 0,
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let savepoints = 0;
      const tx: Tx = {
        dialect: 'postgres',
        all: async <R = Row>(sql: string, params?: readonly Param[]) => (await query<R>(client, sql, params)).rows as R[],
        get: async <R = Row>(sql: string, params?: readonly Param[]) => (await query<R>(client, sql, params)).rows[0] as R | undefined,
        run: async (sql, params) => (await query(client, sql, params)).rowCount ?? 0,
        async savepoint(inner) {
          const name = `sp${++savepoints}`;
          await client.query(`SAVEPOINT ${name}`);
          try {
            const value = await inner();
            await client.query(`RELEASE SAVEPOINT ${name}`);
            return value;
          } catch (error) {
            await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
            throw error;
          }
        },
        async notify(channel, payload) {
          await client.query('SELECT pg_notify($1, $2)', [channelName(channel), payload]);
        },
      };
      let broken = false;
      try {
        await client.query('BEGIN');
        const value = await fn(tx);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async listen(channel, handler) {
      const name = channelName(channel);
      let set = handlers.get(name);
      if (!set) {
        set = new Set();
        handlers.set(name, set);
        const client = await connectListener();
        await client.query(`LISTEN "${name}"`);
      }
      set.add(handler);
      return async () => {
        set!.delete(handler);
        if (set!.size === 0) {
          handlers.delete(name);
          await listener?.query(`UNLISTEN "${name}"`).catch(() => undefined);
        }
      };
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      closed = true;
      handlers.clear();
      if (listenerReady) await listenerReady.then((c) => c.end()).catch(() => undefined);
      await pool.end();
    },
  };
}

/** Applies the missing migrations under an advisory lock, so processes starting together migrate once. */
async function migrate(client: pg.Client, schema: string) {
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [`labeler-migrate-${schema}`]);
  try {
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const { rows } = await client.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations');
    const applied = new Map(rows.map((r) => [r.version, r.checksum]));
    const known = MIGRATIONS.postgres;
    const newest = Math.max(0, ...applied.keys());
    if (newest > known[known.length - 1].version) throw new AppError('CONFLICT', `The database schema "${schema}" was written by a newer Labeler server (schema ${newest}). Update the server.`);
    for (const m of known) {
      const seen = applied.get(m.version);
      if (seen !== undefined) {
        if (seen !== m.checksum) throw new AppError('CONFLICT', `Migration ${m.version} (${m.name}) in schema "${schema}" differs from this server's (checksum ${seen} vs ${m.checksum}).`);
        continue;
      }
      await client.query('BEGIN');
      try {
        for (const s of statements(m.sql)) await client.query(s);
        await client.query('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)', [m.version, m.name, m.checksum, new Date().toISOString()]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`labeler-migrate-${schema}`]);
  }
}
