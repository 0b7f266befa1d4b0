import { z } from 'zod';
import { idSchema } from '../../src-shared/contract/entities';

/** Query-string helpers: values arrive as strings. */
export const qInt = (min = 0, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
export const qBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
export const qDate = z.iso.datetime({ offset: true }).transform((v) => new Date(v).toISOString());

export const SORT_ORDER = ['asc', 'desc'] as const;

/** The reference's standard pagination parameters. `page_size` above the maximum is refused, not clamped. */
export function paginationQuery(sortable: readonly [string, ...string[]], maxPageSize = 100) {
  return z.object({
    page: qInt(1, 1_000_000).default(1),
    page_size: qInt(1, maxPageSize).default(20),
    sort_by: z.enum(sortable).default(sortable[0] as never),
    order: z.enum(SORT_ORDER).default('desc'),
  });
}

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
    total_pages: z.number().int(),
  });
}

export const userBrief = z.object({ id: z.number().int(), email: z.string(), full_name: z.string() });
export type UserBrief = z.infer<typeof userBrief>;

export const errorEnvelope = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    resource_type: z.string().optional(),
    resource_id: z.union([z.string(), z.number()]).optional(),
  }),
});

export const projectParams = z.object({ project_id: idSchema });
export const ROLES = ['admin', 'reviewer', 'annotator'] as const;
export type Role = (typeof ROLES)[number];
export const timestamp = z.string();
