import { v7 as uuidv7 } from 'uuid';
import { notFound } from '../errors';
import type { Param, Sql, Tx } from '../storage/types';

export const now = (): string => new Date().toISOString();
export const newId = (): string => uuidv7();
export const json = <T>(text: string | null | undefined, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);
export const bool = (v: unknown): boolean => v === 1 || v === true || v === '1';

export interface PageQuery {
  page: number;
  page_size: number;
  sort_by: string;
  order: 'asc' | 'desc';
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
  total_pages: number;
}

/** Filters as SQL fragments joined by AND, with their parameters in order. */
export class Where {
  readonly parts: string[] = [];
  readonly params: Param[] = [];

  add(sql: string, ...params: Param[]): this {
    this.parts.push(sql);
    this.params.push(...params);
    return this;
  }

  when(value: unknown, sql: string, ...params: Param[]): this {
    return value === undefined || value === null ? this : this.add(sql, ...params);
  }

  toString(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

/**
 * One page of `from` (a table with alias) under `where`, ordered by a whitelisted column then id.
 * `columns` is the select list. Answers the rows and the total count.
 */
export async function pageRows<T>(db: Sql, columns: string, from: string, where: Where, q: PageQuery, alias: string): Promise<{ rows: T[]; total: number }> {
  const order = q.order === 'asc' ? 'ASC' : 'DESC';
  const countRow = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${from} ${where}`, where.params);
  const rows = await db.all<T>(
    `SELECT ${columns} FROM ${from} ${where} ORDER BY ${alias}.${q.sort_by} ${order}, ${alias}.id ${order} LIMIT ? OFFSET ?`,
    [...where.params, q.page_size, (q.page - 1) * q.page_size],
  );
  return { rows, total: Number(countRow?.n ?? 0) };
}

export function pageOf<T>(items: T[], total: number, q: PageQuery): Page<T> {
  return { items, total, page: q.page, page_size: q.page_size, total_pages: Math.ceil(total / q.page_size) };
}

/**
 * Takes `n` consecutive revisions of a project's clock and answers the first. The UPDATE locks the
 * project row until commit, so writers of one project commit in revision order and every reader
 * sees a prefix of the revisions: the change feed can page by revision without missing rows.
 */
export async function takeRevs(tx: Tx, projectId: string, n = 1): Promise<number> {
  const row = await tx.get<{ head_rev: number }>('UPDATE projects SET head_rev = head_rev + ? WHERE id = ? RETURNING head_rev', [n, projectId]);
  if (!row) throw notFound('project', projectId);
  return Number(row.head_rev) - n + 1;
}

/** Ids → rows of one table, in one query per 500 ids. */
export async function rowsByIds<T extends { id: string }>(db: Sql, sql: (marks: string) => string, ids: string[], extra: Param[] = []): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    for (const r of await db.all<T>(sql(chunk.map(() => '?').join(', ')), [...extra, ...chunk])) out.set(r.id, r);
  }
  return out;
}
