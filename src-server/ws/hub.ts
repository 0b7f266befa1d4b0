import type { WebSocket } from 'ws';
import { z } from 'zod';
import { idSchema } from '../../src-shared/contract/entities';
import { projectFor, type Principal } from '../auth/access';
import type { UserRow } from '../auth/users';
import type { ServerContext } from '../context';
import { toHttp } from '../errors';
import { EVENTS_CHANNEL, PRESENCE_CHANNEL } from '../services/events';

/** What a client may send on /ws. */
export const wsClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().min(1).max(4096) }),
  z.object({ type: z.literal('subscribe'), channel: z.string().regex(/^project:.{1,64}$/) }),
  z.object({ type: z.literal('unsubscribe'), channel: z.string().regex(/^project:.{1,64}$/) }),
  z.object({ type: z.literal('user.viewing'), project_id: idSchema, image_id: idSchema.nullable() }),
  z.object({ type: z.literal('ping') }),
]);

interface Client {
  socket: WebSocket;
  id: string;
  principal: Principal | null;
  projects: Set<string>;
  expiry?: NodeJS.Timeout;
}

interface Feed {
  clients: Set<Client>;
  /** Last event revision delivered for this project. */
  last: number;
  /** Reads and sends run one after another, so events leave in revision order. */
  chain: Promise<void>;
}

const AUTH_TIMEOUT_MS = 10_000;
const MAX_SUBSCRIPTIONS = 200;
let counter = 0;

/**
 * The WebSocket hub: clients authenticate with an access token, subscribe to projects they may
 * see, and get that project's events in revision order. Events come from the events table, read
 * when a notification says a project has new ones (NOTIFY on PostgreSQL reaches every process).
 */
export function createHub(ctx: ServerContext) {
  const feeds = new Map<string, Feed>();
  const clients = new Set<Client>();
  const unlisten: (() => Promise<void>)[] = [];
  const instance = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  const send = (c: Client, message: unknown) => {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(JSON.stringify(message));
  };
  const fail = (c: Client, code: string, message: string) => send(c, { type: 'error', error: { code, message } });

  const drain = (projectId: string) => {
    const feed = feeds.get(projectId);
    if (!feed) return;
    feed.chain = feed.chain.then(async () => {
      if (!feed.clients.size) return;
      const rows = await ctx.db.all<{ rev: number; payload: string }>('SELECT rev, payload FROM events WHERE project_id = ? AND rev > ? ORDER BY rev LIMIT 1000', [projectId, feed.last]);
      for (const r of rows) {
        feed.last = Number(r.rev);
        const text = r.payload;
        for (const c of feed.clients) if (c.socket.readyState === c.socket.OPEN) c.socket.send(text);
      }
      if (rows.length === 1000) drain(projectId);
    }).catch(() => undefined);
  };

  const subscribe = async (c: Client, projectId: string) => {
    await projectFor(ctx.db, c.principal!, projectId);
    let feed = feeds.get(projectId);
    if (!feed) {
      const head = await ctx.db.get<{ head_rev: number }>('SELECT head_rev FROM projects WHERE id = ?', [projectId]);
      feed = feeds.get(projectId) ?? { clients: new Set(), last: Number(head?.head_rev ?? 0), chain: Promise.resolve() };
      feeds.set(projectId, feed);
    }
    feed.clients.add(c);
    c.projects.add(projectId);
  };

  const unsubscribe = (c: Client, projectId: string) => {
    c.projects.delete(projectId);
    const feed = feeds.get(projectId);
    feed?.clients.delete(c);
    if (feed && !feed.clients.size) feeds.delete(projectId);
  };

  const authenticate = async (token: string): Promise<Principal> => {
    const claims = ctx.tokens.verifyAccess(token);
    const user = await ctx.db.get<UserRow & { revoked_at: string | null }>('SELECT u.*, s.revoked_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?', [claims.sid]);
    if (!user || user.revoked_at || !user.is_active || String(user.id) !== claims.sub) throw new Error('session ended');
    return { user, via: 'jwt', sessionId: claims.sid, exp: claims.exp };
  };

  const onMessage = async (c: Client, raw: string) => {
    let parsed: z.infer<typeof wsClientMessage>;
    try {
      const result = wsClientMessage.safeParse(JSON.parse(raw));
      if (!result.success) return fail(c, 'VALIDATION_ERROR', `Unknown or malformed message: ${result.error.issues[0]?.message ?? ''}`);
      parsed = result.data;
    } catch {
      return fail(c, 'VALIDATION_ERROR', 'Messages are JSON objects with a "type".');
    }
    if (parsed.type === 'ping') return send(c, { type: 'pong' });
    if (parsed.type === 'auth') {
      try {
        c.principal = await authenticate(parsed.token);
      } catch {
        fail(c, 'UNAUTHORIZED', 'The token is invalid or expired: log in again.');
        return c.socket.close(4401, 'unauthorized');
      }
      const ms = (c.principal.exp ?? 0) * 1000 - Date.now();
      if (c.expiry) clearTimeout(c.expiry);
      c.expiry = setTimeout(() => c.socket.close(4401, 'token expired'), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
      return send(c, { type: 'auth.ok', user_id: c.principal.user.id });
    }
    if (!c.principal) return fail(c, 'UNAUTHORIZED', 'Send {"type":"auth","token":…} first.');
    if (parsed.type === 'subscribe' || parsed.type === 'unsubscribe') {
      const projectId = parsed.channel.slice('project:'.length);
      if (parsed.type === 'unsubscribe') {
        unsubscribe(c, projectId);
        return send(c, { type: 'unsubscribed', channel: parsed.channel });
      }
      if (!c.projects.has(projectId) && c.projects.size >= MAX_SUBSCRIPTIONS) return fail(c, 'VALIDATION_ERROR', `At most ${MAX_SUBSCRIPTIONS} subscriptions per connection.`);
      try {
        await subscribe(c, projectId);
        return send(c, { type: 'subscribed', channel: parsed.channel });
      } catch (error) {
        const { body } = toHttp(error);
        return send(c, { type: 'error', channel: parsed.channel, error: { code: body.error.code, message: body.error.message } });
      }
    }
    if (parsed.type === 'user.viewing') {
      if (!c.projects.has(parsed.project_id)) return fail(c, 'FORBIDDEN', 'Subscribe to the project first.');
      const event = { type: 'user.viewing', project_id: parsed.project_id, user_id: c.principal.user.id, image_id: parsed.image_id, timestamp: new Date().toISOString() };
      await ctx.db.transaction((tx) => tx.notify(PRESENCE_CHANNEL, JSON.stringify({ origin: `${instance}:${c.id}`, event })));
    }
  };

  return {
    async start() {
      unlisten.push(await ctx.db.listen(EVENTS_CHANNEL, (projectId) => drain(projectId)));
      unlisten.push(
        await ctx.db.listen(PRESENCE_CHANNEL, (payload) => {
          const { origin, event } = JSON.parse(payload) as { origin: string; event: { project_id: string } };
          for (const c of feeds.get(event.project_id)?.clients ?? []) if (`${instance}:${c.id}` !== origin) send(c, event);
        }),
      );
    },
    connect(socket: WebSocket) {
      const c: Client = { socket, id: String(++counter), principal: null, projects: new Set() };
      clients.add(c);
      const authTimer = setTimeout(() => {
        if (!c.principal) socket.close(4401, 'no auth message');
      }, AUTH_TIMEOUT_MS);
      let queue = Promise.resolve();
      socket.on('message', (data) => {
        const text = String(data);
        queue = queue.then(() => onMessage(c, text)).catch(() => fail(c, 'INTERNAL_ERROR', 'The server failed on this message.'));
      });
      socket.on('close', () => {
        clearTimeout(authTimer);
        if (c.expiry) clearTimeout(c.expiry);
        for (const p of [...c.projects]) unsubscribe(c, p);
        clients.delete(c);
      });
    },
    async stop() {
      for (const u of unlisten.splice(0)) await u();
      for (const c of clients) c.socket.close(1001, 'server shutting down');
    },
  };
}
