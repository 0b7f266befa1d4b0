import type { LabelClass } from '../../../src-shared/contract/entities';

export const UNCLASSIFIED_COLOR = '#ffffff';
export const UNKNOWN_CLASS_COLOR = '#9aa0a6';

export interface ClassLookup {
  colorOf(classId: number | null): string;
  nameOf(classId: number | null): string;
}

/** Color and name by class id; annotations whose class was removed still draw, in gray. */
export function classLookup(classes: readonly LabelClass[]): ClassLookup {
  const byId = new Map(classes.map((c) => [c.id, c]));
  return {
    colorOf: (id) => (id === null ? UNCLASSIFIED_COLOR : (byId.get(id)?.color ?? UNKNOWN_CLASS_COLOR)),
    nameOf: (id) => (id === null ? '(no class)' : (byId.get(id)?.name ?? `class ${id}`)),
  };
}
