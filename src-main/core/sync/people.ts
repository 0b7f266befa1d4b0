import type { Db } from '../store/db';

/**
 * Server users are integers; local people are strings. Sync names a server user
 * `server-user-<id>` locally (and records them in `users`), except the signed-in user, who is the
 * local profile (settings.local_user_id) when there is one — so "my annotations" stay mine.
 */
export function userMapper(db: Db, me: () => number | null) {
  const localProfile = db.prepare("SELECT value FROM settings WHERE key = 'local_user_id'").pluck();
  const insert = db.prepare("INSERT OR IGNORE INTO users (id, name, email, role, is_local, created_at, updated_at) VALUES (?, ?, ?, 'annotator', 0, ?, ?)");
  const known = new Set<string>();
  // Read once per page of the feed (refresh), not once per row.
  let cached: { me: number | null; profile: string | null } | null = null;
  const current = () => (cached ??= { me: me(), profile: (localProfile.get() as string | undefined) ?? null });
  const profile = () => current().profile;

  return {
    /** The local id of a server user (recording the person when their name is known). */
    userIn(id: unknown, brief?: unknown): string | null {
      if (id === null || id === undefined) return null;
      const n = Number(id);
      if (n === current().me) {
        const mine = profile();
        if (mine) return mine;
      }
      const local = `server-user-${n}`;
      if (!known.has(local) && brief && typeof brief === 'object') {
        const b = brief as { email?: string; full_name?: string };
        const at = new Date().toISOString();
        insert.run(local, b.full_name || b.email || local, b.email ?? null, at, at);
        known.add(local);
      }
      return local;
    },
    /** Forget the cached account and profile (a new page, a new sign-in). */
    refresh(): void {
      cached = null;
    },
    /** The server id of a local person: null for nobody, undefined when the server does not know them. */
    userOut(local: unknown): number | null | undefined {
      if (local === null || local === undefined) return null;
      if (local === profile()) return current().me ?? undefined;
      const match = /^server-user-(\d+)$/.exec(String(local));
      return match ? Number(match[1]) : undefined;
    },
  };
}

export type UserMapper = ReturnType<typeof userMapper>;
