import type { Role } from '../schemas/common';
import { forbidden, notFound } from '../errors';
import type { Sql } from '../storage/types';
import type { UserRow } from './users';

/** Who is calling: a user, through a session (JWT) or an API key. */
export interface Principal {
  user: UserRow;
  via: 'jwt' | 'api_key';
  sessionId?: string;
  exp?: number;
  /** API key permissions; JWT sessions may do whatever the role allows. */
  permissions?: Set<string>;
}

export type Action =
  | 'project.create'
  | 'project.update'
  | 'project.delete'
  | 'image.add'
  | 'image.review'
  | 'annotation.edit_any'
  | 'annotation.review'
  | 'task.manage'
  | 'comment.resolve_any'
  | 'export'
  | 'snapshot';

/**
 * The role matrix. Everyone in a team reads its projects, annotates, labels images, comments,
 * updates the tasks assigned to them and uses AI assist; the rest is listed here.
 */
const ALLOWED: Record<Role, ReadonlySet<Action>> = {
  admin: new Set<Action>(['project.create', 'project.update', 'project.delete', 'image.add', 'image.review', 'annotation.edit_any', 'annotation.review', 'task.manage', 'comment.resolve_any', 'export', 'snapshot']),
  reviewer: new Set<Action>(['image.add', 'image.review', 'annotation.edit_any', 'annotation.review', 'task.manage', 'comment.resolve_any', 'export', 'snapshot']),
  annotator: new Set<Action>(),
};

export function can(p: Principal, action: Action): boolean {
  return ALLOWED[p.user.role].has(action);
}

export function demand(p: Principal, action: Action, what: string): void {
  if (!can(p, action)) throw forbidden(`Your role (${p.user.role}) cannot ${what}. Ask an admin of your team.`);
}

export interface ProjectRow {
  id: string;
  team_id: number;
  name: string;
  description: string;
  dataset_id: string | null;
  dataset_name: string | null;
  task_types: string;
  task_config: string;
  classes: string;
  attributes: string;
  settings: string;
  workflow_type: string;
  enable_ai_assist: number;
  status: string;
  owner_id: number | null;
  head_rev: number;
  created_at: string;
  updated_at: string;
  rev: number;
}

/**
 * The project, when the caller's team owns it. Another team's project answers NOT_FOUND exactly
 * like a missing one, so ids cannot be probed.
 */
export async function projectFor(db: Sql, p: Principal, projectId: string): Promise<ProjectRow> {
  const row = await db.get<ProjectRow>('SELECT * FROM projects WHERE id = ?', [projectId]);
  if (!row || Number(row.team_id) !== Number(p.user.team_id)) throw notFound('project', projectId);
  return row;
}
