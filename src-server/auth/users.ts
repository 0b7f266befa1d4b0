import { AppError } from '../../src-shared/contract/errors';
import type { Role, UserBrief } from '../schemas/common';
import { ROLES } from '../schemas/common';
import { loginBody } from '../schemas/auth';
import type { Sql, Storage } from '../storage/types';
import { hashPassword } from './passwords';

export interface UserRow {
  id: number;
  email: string;
  full_name: string;
  password_hash: string;
  role: Role;
  team_id: number;
  is_active: number;
}

export function publicUser(u: UserRow) {
  return { id: u.id, email: u.email, full_name: u.full_name, role: u.role, team_id: u.team_id };
}

export function brief(u: { id: number; email: string; full_name: string } | undefined | null): UserBrief | null {
  return u ? { id: u.id, email: u.email, full_name: u.full_name } : null;
}

export async function userByEmail(db: Sql, email: string): Promise<UserRow | undefined> {
  return db.get<UserRow>('SELECT * FROM users WHERE email = ?', [email.trim().toLowerCase()]);
}

/** Users by id, in one query; missing ids are absent from the map. */
export async function usersById(db: Sql, ids: Iterable<number | null | undefined>): Promise<Map<number, UserBrief>> {
  const wanted = [...new Set([...ids].filter((i): i is number => typeof i === 'number'))];
  const out = new Map<number, UserBrief>();
  if (!wanted.length) return out;
  const rows = await db.all<UserBrief>(`SELECT id, email, full_name FROM users WHERE id IN (${wanted.map(() => '?').join(', ')})`, wanted);
  for (const r of rows) out.set(r.id, r);
  return out;
}

export interface NewUser {
  email: string;
  password: string;
  role: string;
  team?: string;
  full_name?: string;
}

/** Creates (or, with the same email, updates) a user in a team, creating the team when new. `labeler` is the reference's name for annotator. */
export async function addUser(db: Storage, input: NewUser): Promise<UserRow> {
  const role = (input.role === 'labeler' ? 'annotator' : input.role) as Role;
  if (!ROLES.includes(role)) throw new AppError('VALIDATION_ERROR', `Unknown role "${input.role}": use admin, reviewer or annotator.`);
  // The login check, so every user made here can log in.
  const parsed = loginBody.shape.email.safeParse(input.email);
  if (!parsed.success) throw new AppError('VALIDATION_ERROR', `"${input.email}" is not an email address (name@example.com) that login accepts.`);
  const email = parsed.data;
  if (input.password.length < 8) throw new AppError('VALIDATION_ERROR', 'A password needs at least 8 characters.');
  const teamName = (input.team ?? 'default').trim() || 'default';
  const hash = await hashPassword(input.password);
  const now = new Date().toISOString();
  return db.transaction(async (tx) => {
    await tx.run('INSERT INTO teams (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [teamName, now]);
    const team = (await tx.get<{ id: number }>('SELECT id FROM teams WHERE name = ?', [teamName]))!;
    const fullName = input.full_name ?? email.split('@')[0];
    await tx.run(
      `INSERT INTO users (email, full_name, password_hash, role, team_id, is_active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)
       ON CONFLICT (email) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role, team_id = excluded.team_id, full_name = excluded.full_name, is_active = 1, updated_at = excluded.updated_at`,
      [email, fullName, hash, role, team.id, now, now],
    );
    return (await tx.get<UserRow>('SELECT * FROM users WHERE email = ?', [email]))!;
  });
}
