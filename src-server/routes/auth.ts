import { verifyPassword } from '../auth/passwords';
import { publicUser, userByEmail, type UserRow } from '../auth/users';
import { forbidden, unauthorized } from '../errors';
import { tooMany, rateLimitHeaders } from '../http/rate-limit';
import { apiKeyCreate, apiKeyCreated, apiKeyOut, apiKeyParams, loginBody, meOut, refreshBody, tokenOut, userOut } from '../schemas/auth';
import { errorEnvelope, pageOf, qInt } from '../schemas/common';
import { z } from 'zod';
import type { RouteModule } from './index';

const teamQuery = z.object({ page: qInt(1, 1_000_000).default(1), page_size: qInt(1, 100).default(100) });

export const authRoutes: RouteModule = (add, ctx) => {
  add({
    method: 'POST',
    url: '/auth/login',
    tag: 'auth',
    auth: 'public',
    summary: 'Log in with email and password: an access token (JWT) and a refresh token',
    description: 'Limited to 5 attempts per minute per client address (configurable).',
    body: loginBody,
    responses: { 200: tokenOut, 401: errorEnvelope, 429: errorEnvelope },
    async handler({ body, req, reply }) {
      if (ctx.config.rateLimits.enabled) {
        const verdict = ctx.limiters.login.hit(`login:${req.ip}`);
        reply.headers(rateLimitHeaders(verdict));
        if (!verdict.allowed) throw tooMany(verdict, 'to log in from this address');
      }
      const user = await userByEmail(ctx.db, body.email);
      const ok = await verifyPassword(body.password, user?.password_hash ?? null);
      if (!user || !ok || !user.is_active) throw unauthorized('Wrong email or password.');
      return { ...(await ctx.tokens.login(user)), user: publicUser(user) };
    },
  });

  add({
    method: 'POST',
    url: '/auth/refresh',
    tag: 'auth',
    auth: 'public',
    summary: 'Trade a refresh token for a new access token and refresh token (each refresh token works once)',
    body: refreshBody,
    responses: { 200: tokenOut, 401: errorEnvelope },
    async handler({ body, req, reply }) {
      if (ctx.config.rateLimits.enabled) {
        const verdict = ctx.limiters.ip.hit(`refresh:${req.ip}`);
        reply.headers(rateLimitHeaders(verdict));
        if (!verdict.allowed) throw tooMany(verdict, 'from this address');
      }
      const { userId, tokens } = await ctx.tokens.refresh(body.refresh_token);
      const user = (await ctx.db.get<UserRow>('SELECT * FROM users WHERE id = ?', [userId]))!;
      return { ...tokens, user: publicUser(user) };
    },
  });

  add({
    method: 'GET',
    url: '/auth/me',
    tag: 'auth',
    summary: 'Validate the token: who it belongs to and when it expires',
    responses: { 200: meOut, 401: errorEnvelope },
    async handler({ principal: p }) {
      return { user_id: p.user.id, email: p.user.email, full_name: p.user.full_name, role: p.user.role, team_id: Number(p.user.team_id), auth: p.via, exp: p.exp ?? null };
    },
  });

  add({
    method: 'GET',
    url: '/users',
    tag: 'auth',
    summary: 'Extension: the members of your team (to assign tasks)',
    query: teamQuery,
    responses: { 200: pageOf(userOut) },
    async handler({ principal: p, query }) {
      const total = (await ctx.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users WHERE team_id = ? AND is_active = 1', [p.user.team_id]))!.n;
      const rows = await ctx.db.all<UserRow>('SELECT * FROM users WHERE team_id = ? AND is_active = 1 ORDER BY email LIMIT ? OFFSET ?', [p.user.team_id, query.page_size, (query.page - 1) * query.page_size]);
      return { items: rows.map(publicUser).map((u) => ({ ...u, team_id: Number(u.team_id) })), total: Number(total), page: query.page, page_size: query.page_size, total_pages: Math.ceil(Number(total) / query.page_size) };
    },
  });

  add({
    method: 'POST',
    url: '/auth/logout',
    tag: 'auth',
    summary: 'End the session: its access and refresh tokens stop working at once',
    responses: { 204: null, 401: errorEnvelope },
    async handler({ principal: p, reply }) {
      if (!p.sessionId) throw forbidden('API keys have no session to end: delete the key instead.');
      await ctx.tokens.revoke(p.sessionId);
      reply.code(204);
      return undefined;
    },
  });

  add({
    method: 'POST',
    url: '/auth/api-keys',
    tag: 'auth',
    summary: 'Create an API key for signed requests; the secret is shown only in this answer',
    body: apiKeyCreate,
    responses: { 201: apiKeyCreated, 403: errorEnvelope },
    async handler({ principal: p, body }) {
      if (p.via !== 'jwt') throw forbidden('API keys cannot create API keys: log in.');
      return ctx.apiKeys.create(p.user.id, body);
    },
  });

  add({
    method: 'GET',
    url: '/auth/api-keys',
    tag: 'auth',
    summary: 'Your API keys (without secrets)',
    responses: { 200: pageOf(apiKeyOut) },
    async handler({ principal: p }) {
      const items = await ctx.apiKeys.list(p.user.id);
      return { items, total: items.length, page: 1, page_size: Math.max(items.length, 1), total_pages: items.length ? 1 : 0 };
    },
  });

  add({
    method: 'DELETE',
    url: '/auth/api-keys/:key_id',
    tag: 'auth',
    summary: 'Revoke one of your API keys',
    params: apiKeyParams,
    responses: { 204: null, 404: errorEnvelope },
    async handler({ principal: p, params, reply }) {
      if (p.via !== 'jwt') throw forbidden('API keys cannot revoke API keys: log in.');
      await ctx.apiKeys.revoke(p.user.id, params.key_id);
      reply.code(204);
      return undefined;
    },
  });
};

