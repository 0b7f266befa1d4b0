import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/access';
import type { UserRow } from '../auth/users';
import type { ServerContext } from '../context';
import { forbidden, unauthorized } from '../errors';
import { rateLimitHeaders, tighter, tooMany, type Verdict } from './rate-limit';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    rawBody?: Buffer;
    rateVerdict?: Verdict;
  }
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Who is calling, from `Authorization: Bearer <jwt>` or an HMAC-signed API key request. The user
 * and session are read on every request, so logout, deactivation and role changes apply at once.
 * Then the per-user rate limit.
 */
export async function authenticate(ctx: ServerContext, req: FastifyRequest, reply: FastifyReply): Promise<Principal> {
  const principal = await identify(ctx, req);
  if (ctx.config.rateLimits.enabled) {
    const verdict = ctx.limiters.user.hit(`u:${principal.user.id}`);
    const shown = tighter(req.rateVerdict, verdict);
    reply.headers(rateLimitHeaders(shown));
    if (!verdict.allowed) throw tooMany(verdict, 'for this user');
  }
  req.principal = principal;
  return principal;
}

async function identify(ctx: ServerContext, req: FastifyRequest): Promise<Principal> {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized('Authorization must be "Bearer <access_token>".');
    const claims = ctx.tokens.verifyAccess(match[1]);
    const row = await ctx.db.get<UserRow & { revoked_at: string | null; session_user: number }>(
      'SELECT u.*, s.revoked_at, s.user_id AS session_user FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?',
      [claims.sid],
    );
    if (!row || row.revoked_at || String(row.session_user) !== claims.sub) throw unauthorized('This session has ended (logged out or revoked): log in again.');
    if (!row.is_active) throw unauthorized('This account is deactivated.');
    return { user: row, via: 'jwt', sessionId: claims.sid, exp: claims.exp };
  }
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey) {
    const verified = await ctx.apiKeys.verify({
      apiKey,
      timestamp: req.headers['x-timestamp'] as string | undefined,
      signature: req.headers['x-signature'] as string | undefined,
      body: req.rawBody ?? Buffer.alloc(0),
    });
    const needs = READ_METHODS.has(req.method) ? 'read' : 'write';
    if (!verified.permissions.has(needs)) throw forbidden(`This API key lacks the "${needs}" permission.`);
    return { user: verified.user, via: 'api_key', permissions: verified.permissions };
  }
  throw unauthorized('Authentication required: send "Authorization: Bearer <access_token>" (POST /api/v1/auth/login) or a signed API key request.');
}
