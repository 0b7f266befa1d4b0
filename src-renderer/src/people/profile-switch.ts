import type { Person } from '../../../src-shared/qa/entities';

export type SwitchKind = 'existing' | 'update' | 'new';

/**
 * What `setProfile` will do with this email, so the button can say it before it happens. Mirrors
 * `people.setLocal` in the core: an email someone has switches to them; no email, or a current
 * profile that never had one, edits the current profile; another new email adds a person.
 */
export function switchKind(email: string, current: Person | null, people: readonly Person[]): { kind: SwitchKind; person: Person | null } {
  const wanted = email.trim().toLowerCase();
  const existing = wanted ? people.find((p) => p.email?.toLowerCase() === wanted) ?? null : null;
  if (existing) return { kind: 'existing', person: existing };
  if (!wanted || !current?.email) return { kind: 'update', person: current };
  return { kind: 'new', person: null };
}

/** Initials for the avatar: first letters of the first and last word. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return '?';
  const first = words[0][0];
  const last = words.length > 1 ? words[words.length - 1][0] : '';
  return `${first}${last}`.toUpperCase();
}
