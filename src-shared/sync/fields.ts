/**
 * What sync knows about each synced table: its name on the wire and its field groups. A field
 * group is the unit of merging: two people who change different groups of one row both keep their
 * change; two who change the same group conflict (see reconcile.ts).
 */

export const SYNC_TABLES = ['projects', 'images', 'annotations', 'tasks', 'comments'] as const;
export type SyncTable = (typeof SYNC_TABLES)[number];

/** Entity names of the server's change feed and push (singular), by local table name (plural). */
export const WIRE_ENTITY = {
  projects: 'project',
  images: 'image',
  annotations: 'annotation',
  tasks: 'task',
  comments: 'comment',
} as const satisfies Record<SyncTable, string>;
export type WireEntity = (typeof WIRE_ENTITY)[SyncTable];

export const TABLE_OF: Record<WireEntity, SyncTable> = {
  project: 'projects',
  image: 'images',
  annotation: 'annotations',
  task: 'tasks',
  comment: 'comments',
};

export function isSyncTable(name: string): name is SyncTable {
  return (SYNC_TABLES as readonly string[]).includes(name);
}

/**
 * Field groups per table, in the local representation (column names, JSON parsed, booleans as
 * booleans). `deleted` is not a group: deletion is reconciled on its own.
 */
export const FIELD_GROUPS = {
  annotations: {
    geometry: ['annotation_type', 'geometry', 'z_order'],
    class: ['class_id'],
    attributes: ['attributes', 'caption', 'confidence'],
    status: ['annotation_status'],
  },
  images: {
    labels: ['image_annotations'],
    reviewed: ['reviewed'],
  },
  tasks: {
    info: ['name', 'description'],
    assignee: ['assignee_id'],
    images: ['image_ids'],
    due: ['due_date'],
    status: ['status'],
  },
  comments: {
    text: ['text', 'comment_type'],
    resolved: ['resolved'],
  },
  projects: {
    info: ['name', 'description'],
    classes: ['classes'],
    attributes: ['attributes'],
    config: ['task_types', 'task_config', 'workflow_type'],
    status: ['status'],
  },
} as const satisfies Record<SyncTable, Record<string, readonly string[]>>;

/** A row as sync compares it: every field of every group, plus the tombstone flag. */
export type View = Record<string, unknown> & { deleted: boolean };

export function groupsOf(table: SyncTable): string[] {
  return Object.keys(FIELD_GROUPS[table]);
}

export function fieldsOf(table: SyncTable, group: string): readonly string[] {
  return (FIELD_GROUPS[table] as Record<string, readonly string[]>)[group] ?? [];
}

/** The values of one group of a view. */
export function pick(table: SyncTable, view: Record<string, unknown>, group: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fieldsOf(table, group)) out[field] = view[field] ?? null;
  return out;
}

/** JSON with object keys sorted, so equal values always print the same (the tie-break compares these). */
export function canonical(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value as Record<string, unknown>).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** Groups whose values differ between two views (all groups when `base` is null). */
export function changedGroups(table: SyncTable, view: Record<string, unknown>, base: Record<string, unknown> | null): string[] {
  return groupsOf(table).filter((g) => !base || !same(pick(table, view, g), pick(table, base, g)));
}

/** The fields of the given groups of a view: the body of an update. */
export function patchOf(table: SyncTable, view: Record<string, unknown>, groups: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const g of groups) Object.assign(out, pick(table, view, g));
  return out;
}

/** The groups a patch touches (a group counts when any of its fields is present). */
export function groupsInPatch(table: SyncTable, patch: Record<string, unknown>): string[] {
  return groupsOf(table).filter((g) => fieldsOf(table, g).some((f) => Object.hasOwn(patch, f)));
}
