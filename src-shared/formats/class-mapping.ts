import type { LabelClass } from '../contract/entities';
import { PALETTE } from '../palette';
import type { ClassRecord } from './model';

export interface ClassMapping {
  /** The project's class list after the import (existing classes first, new ones appended). */
  classes: LabelClass[];
  created: LabelClass[];
  /** Class id for a label (matched case-insensitively), or undefined when it has none. */
  idOf(label: string): number | undefined;
}

const key = (name: string) => name.trim().toLowerCase();

/**
 * Matches a dataset's classes into a project's by name (case-insensitive, as project class names
 * are unique that way) and creates the missing ones: with the format's own id when that id is free
 * (so YOLO indices and COCO category ids survive a round trip), else the next free id, and the next
 * palette color. A class the format names only by index (`byIndexOnly`) first takes the project's
 * class with that id. Parents (COCO supercategories) are created before their children.
 */
export function mapClasses(project: readonly LabelClass[], declared: readonly (ClassRecord & { byIndexOnly?: boolean })[], used: Iterable<string>): ClassMapping {
  const classes = project.map((c) => ({ ...c }));
  const byName = new Map(classes.map((c) => [key(c.name), c]));
  const takenIds = new Set(classes.map((c) => c.id));
  const created: LabelClass[] = [];
  let nextId = classes.reduce((max, c) => Math.max(max, c.id + 1), 0);

  const ensure = (record: ClassRecord & { byIndexOnly?: boolean }): LabelClass => {
    const found = byName.get(key(record.name));
    if (found) return found;
    if (record.byIndexOnly && record.id !== undefined && record.id !== null) {
      const sameId = classes.find((c) => c.id === record.id);
      if (sameId) {
        byName.set(key(record.name), sameId);
        return sameId;
      }
    }
    const parent = record.parent && key(record.parent) !== key(record.name) ? ensure({ name: record.parent }) : null;
    const wanted = record.id;
    const id = wanted !== undefined && wanted !== null && Number.isInteger(wanted) && wanted >= 0 && !takenIds.has(wanted) ? wanted : nextId;
    takenIds.add(id);
    nextId = Math.max(nextId, id + 1);
    const color = record.color && /^#[0-9a-fA-F]{6}$/.test(record.color) ? record.color : PALETTE[classes.length % PALETTE.length];
    const made: LabelClass = { id, name: record.name.trim(), color, parent_id: parent ? parent.id : null };
    classes.push(made);
    created.push(made);
    byName.set(key(made.name), made);
    return made;
  };

  for (const record of declared) if (record.name.trim()) ensure(record);
  for (const name of used) if (name.trim()) ensure({ name });
  return { classes, created, idOf: (label) => byName.get(key(label))?.id };
}
