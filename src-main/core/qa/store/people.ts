import { ROLES, type Person, type PersonRef, type Role } from '../../../../src-shared/qa/entities';
import { AppError } from '../../../../src-shared/contract/errors';
import type { QaContext, Row } from './context';

const LOCAL_KEY = 'local_user_id';

function toPerson(row: Row): Person {
  return {
    id: row.id,
    full_name: row.name as string,
    email: (row.email as string | null) ?? null,
    role: row.role as Role,
    is_local: row.is_local === 1,
    created_at: row.created_at as string,
    updated_at: row.updated_at as string,
  };
}

export const refOf = (p: Person): PersonRef => ({ id: p.id, email: p.email, full_name: p.full_name });

/**
 * People in the `users` table and which of them this workstation acts as (settings
 * `local_user_id`). People are owned by the server once a project syncs (roles come from it), so
 * local edits here are not queued in the outbox.
 */
export function peopleRepository(ctx: QaContext) {
  const { db } = ctx;
  const statements = {
    get: db.prepare('SELECT * FROM users WHERE id = ? AND deleted_at IS NULL'),
    byEmail: db.prepare('SELECT * FROM users WHERE lower(email) = lower(?) AND deleted_at IS NULL ORDER BY created_at LIMIT 1'),
    list: db.prepare('SELECT * FROM users WHERE deleted_at IS NULL AND (@role IS NULL OR role = @role) ORDER BY name COLLATE NOCASE, id'),
    insert: db.prepare('INSERT INTO users (id, name, email, role, is_local, created_at, updated_at) VALUES (@id, @name, @email, @role, @is_local, @now, @now)'),
    update: db.prepare('UPDATE users SET name = @name, email = @email, role = @role, updated_at = @now, rev = rev + 1 WHERE id = @id'),
    clearLocal: db.prepare('UPDATE users SET is_local = 0 WHERE is_local = 1'),
    setLocal: db.prepare('UPDATE users SET is_local = 1 WHERE id = ?'),
    getSetting: db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
    setSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    account: db.prepare('SELECT server_url, role FROM sync_account WHERE id = 1'),
  };

  /** While signed in to a server, the local profile's role is that account's role there. */
  const serverRole = (): { server_url: string; role: Role } | null => {
    const account = statements.account.get() as { server_url: string; role: string | null } | undefined;
    if (!account?.role) return null;
    const role = account.role === 'labeler' ? 'annotator' : account.role;
    return ROLES.includes(role as Role) ? { server_url: account.server_url, role: role as Role } : null;
  };
  const person = (row: Row): Person => {
    const p = toPerson(row);
    const server = p.is_local ? serverRole() : null;
    return server ? { ...p, role: server.role, role_from_server: server.server_url } : p;
  };

  const find = (id: string): Person | null => {
    const row = statements.get.get(id) as Row | undefined;
    return row ? person(row) : null;
  };
  const get = (id: string): Person => {
    const person = find(id);
    if (!person) throw new AppError('NOT_FOUND', `No person with id ${id}. List people to see who exists, or add them first.`);
    return person;
  };
  const insert = (p: { full_name: string; email: string | null; role: Role }, isLocal: boolean): Person => {
    const id = ctx.newId();
    statements.insert.run({ id, name: p.full_name, email: p.email, role: p.role, is_local: isLocal ? 1 : 0, now: ctx.now() });
    return get(id);
  };
  const makeLocal = (id: string) => {
    statements.clearLocal.run();
    statements.setLocal.run(id);
    statements.setSetting.run(LOCAL_KEY, id);
  };

  return {
    find,
    get,
    list(role?: Role): Person[] {
      return (statements.list.all({ role: role ?? null }) as Row[]).map(person).filter((p) => !role || p.role === role);
    },
    /** The local profile; on first use a "Local user" admin, so a single-person workstation can do everything. */
    local(): Person {
      const id = statements.getSetting.get(LOCAL_KEY) as string | undefined;
      const current = id ? find(id) : null;
      if (current) return current;
      return db.transaction(() => {
        const created = insert({ full_name: 'Local user', email: null, role: 'admin' }, true);
        makeLocal(created.id);
        return get(created.id);
      })();
    },
    /** Reads the local profile id without creating one (for attributing writes). */
    localId(): string | null {
      return (statements.getSetting.get(LOCAL_KEY) as string | undefined) ?? null;
    },
    /** Makes the person with this email (or a new one) the local profile, with this name and role. */
    setLocal(p: { id?: string; full_name: string; email: string | null; role: Role }): Person {
      const server = serverRole();
      if (server && p.role !== server.role) {
        throw new AppError('FORBIDDEN', `Your role comes from ${server.server_url}, where you are ${server.role}. Ask an admin there to change it, or sign out to work under a local role.`);
      }
      return db.transaction(() => {
        const existing = p.id ? get(p.id) : p.email ? (statements.byEmail.get(p.email) as Row | undefined) : undefined;
        const currentId = statements.getSetting.get(LOCAL_KEY) as string | undefined;
        const current = !existing && currentId ? find(currentId) : null;
        // No email, or a profile that never had one (the first-use placeholder): edit the current
        // profile. A new email nobody has: a different person starts working on this machine.
        const target = existing ? existing.id : current && (!p.email || !current.email) ? current.id : null;
        let id: string;
        if (target) {
          statements.update.run({ id: target, name: p.full_name, email: p.email ?? (existing?.email as string | null) ?? current?.email ?? null, role: p.role, now: ctx.now() });
          id = target;
        } else {
          id = insert(p, true).id;
        }
        makeLocal(id);
        return get(id);
      })();
    },
    /** Adds a person, or edits one by id; an email already used by someone else is a CONFLICT. */
    save(p: { id?: string; full_name: string; email: string | null; role: Role }): Person {
      return db.transaction(() => {
        const clash = p.email ? (statements.byEmail.get(p.email) as Row | undefined) : undefined;
        if (clash && clash.id !== p.id) throw new AppError('CONFLICT', `${p.email} already belongs to ${clash.name as string} (${clash.id}); edit that person instead.`);
        if (!p.id) return insert(p, false);
        get(p.id);
        statements.update.run({ id: p.id, name: p.full_name, email: p.email, role: p.role, now: ctx.now() });
        return get(p.id);
      })();
    },
    /** Person references for many ids at once (unknown ids map to null). */
    refs(): (id: string | null | undefined) => PersonRef | null {
      const cache = new Map<string, PersonRef | null>();
      return (id) => {
        if (!id) return null;
        if (!cache.has(id)) {
          const p = find(id);
          cache.set(id, p ? refOf(p) : null);
        }
        return cache.get(id)!;
      };
    },
  };
}

export type PeopleRepository = ReturnType<typeof peopleRepository>;
