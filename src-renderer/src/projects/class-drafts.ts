import type { LabelClass } from '../../../src-shared/contract/entities';
import { PALETTE } from '../../../src-shared/palette';

/** A class being edited in the new-project dialog; `key` is stable across renames for React. */
export interface ClassDraft {
  key: number;
  name: string;
  color: string;
}

/** The first palette color no class uses yet, cycling once the palette runs out. */
export function nextColor(drafts: readonly ClassDraft[]): string {
  const used = new Set(drafts.map((d) => d.color.toLowerCase()));
  return PALETTE.find((c) => !used.has(c)) ?? PALETTE[drafts.length % PALETTE.length];
}

export function addClass(drafts: readonly ClassDraft[], name: string): ClassDraft[] {
  const key = drafts.reduce((max, d) => Math.max(max, d.key), -1) + 1;
  return [...drafts, { key, name: name.trim(), color: nextColor(drafts) }];
}

export function updateClass(drafts: readonly ClassDraft[], key: number, patch: Partial<Omit<ClassDraft, 'key'>>): ClassDraft[] {
  return drafts.map((d) => (d.key === key ? { ...d, ...patch } : d));
}

export function removeClass(drafts: readonly ClassDraft[], key: number): ClassDraft[] {
  return drafts.filter((d) => d.key !== key);
}

/** Names used more than once (case-insensitive), which the server would refuse. */
export function duplicateNames(drafts: readonly ClassDraft[]): Set<string> {
  const seen = new Map<string, number>();
  for (const d of drafts) seen.set(d.name.trim().toLowerCase(), (seen.get(d.name.trim().toLowerCase()) ?? 0) + 1);
  return new Set([...seen].filter(([name, n]) => name && n > 1).map(([name]) => name));
}

/** Classes for createProject: ids 0..n-1 in the order they were added, so ids are unique. */
export function toClasses(drafts: readonly ClassDraft[]): LabelClass[] {
  return drafts.map((d, id) => ({ id, name: d.name.trim(), color: d.color.toLowerCase(), parent_id: null }));
}
