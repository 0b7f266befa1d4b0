import { AppError } from '../../../src-shared/contract/errors';
import type { Person, Role } from '../../../src-shared/qa/entities';

/**
 * Role checks for the local profile. On a workstation the person at the keyboard sets their own
 * role, so this guards against slips (an annotator approving by accident), not against intent;
 * a synced project takes roles from the server.
 */
export function requireRole(person: Person, roles: readonly Role[], action: string): void {
  if (roles.includes(person.role)) return;
  throw new AppError(
    'FORBIDDEN',
    `${action} needs the role ${roles.join(' or ')}; the local profile ${person.full_name} is ${person.role}. Switch roles with \`labeler profile set --name NAME --role ${roles[0]}\` or in the profile settings.`,
  );
}

export const REVIEWERS: readonly Role[] = ['admin', 'reviewer'];
export const ADMINS: readonly Role[] = ['admin'];
