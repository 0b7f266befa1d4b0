import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config';
import { unauthorized } from '../errors';
import type { Storage } from '../storage/types';
import type { UserRow } from './users';

export const ISSUER = 'labeler-server';

export interface AccessClaims {
  sub: string;
  sid: string;
  typ: 'access';
  iss: string;
  iat: number;
  exp: number;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();

export interface IssuedTokens {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token: string;
  refresh_expires_in: number;
}

/**
 * Sessions: login opens one; its access tokens (JWT HS256, short-lived) name it, its refresh
 * tokens (opaque, stored hashed, single use) renew it. Logout, or a refresh token used twice
 * (a sign it leaked), revokes the session and with it every token it issued — except a retry
 * within `refreshReuseGraceSeconds` whose successor was never used (the client lost the answer).
 */
export function tokenService(app: FastifyInstance, db: Storage, config: ServerConfig) {
  const signAccess = (userId: number, sessionId: string) => {
    const iat = Math.floor(Date.now() / 1000);
    return app.jwt.sign({ sub: String(userId), sid: sessionId, typ: 'access', iss: ISSUER, iat, exp: iat + config.accessTokenTtlSeconds });
  };
  const newRefresh = async (sessionId: string) => {
    const token = `rt_${randomBytes(32).toString('base64url')}`;
    await db.run('INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES (?, ?, ?)', [sha256(token), sessionId, iso(Date.now() + config.refreshTokenTtlSeconds * 1000)]);
    return token;
  };
  const issue = async (userId: number, sessionId: string): Promise<IssuedTokens> => ({
    access_token: signAccess(userId, sessionId),
    token_type: 'bearer',
    expires_in: config.accessTokenTtlSeconds,
    refresh_token: await newRefresh(sessionId),
    refresh_expires_in: config.refreshTokenTtlSeconds,
  });

  /** Used within the grace period, and no later token of the session used since. */
  const isRetry = async (sessionId: string, usedAt: string) =>
    Date.parse(usedAt) > Date.now() - config.refreshReuseGraceSeconds * 1000 &&
    !(await db.get('SELECT 1 AS used FROM refresh_tokens WHERE session_id = ? AND used_at > ?', [sessionId, usedAt]));

  return {
    async login(user: UserRow): Promise<IssuedTokens> {
      const sessionId = randomUUID();
      const now = Date.now();
      await db.run('INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [sessionId, user.id, iso(now), iso(now + config.refreshTokenTtlSeconds * 1000)]);
      return issue(user.id, sessionId);
    },

    /** Verifies signature (HS256 only), issuer, type and expiry; the session is checked by the caller. */
    verifyAccess(token: string): AccessClaims {
      let claims: AccessClaims;
      try {
        claims = app.jwt.verify<AccessClaims>(token);
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        throw unauthorized(code === 'FAST_JWT_EXPIRED' ? 'The access token has expired: refresh it (POST /api/v1/auth/refresh) or log in again.' : 'The access token is invalid: log in again.');
      }
      if (claims.typ !== 'access' || typeof claims.sid !== 'string' || !/^\d+$/.test(String(claims.sub)) || typeof claims.exp !== 'number') throw unauthorized('The access token is invalid: log in again.');
      return claims;
    },

    /** Trades a refresh token for a new pair; a token presented twice revokes its session. */
    async refresh(token: string): Promise<{ userId: number; tokens: IssuedTokens }> {
      const hash = sha256(token);
      const now = iso(Date.now());
      const row = await db.get<{ session_id: string; expires_at: string; used_at: string | null; user_id: number; revoked_at: string | null; is_active: number }>(
        `SELECT r.session_id, r.expires_at, r.used_at, s.user_id, s.revoked_at, u.is_active
         FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id JOIN users u ON u.id = s.user_id WHERE r.token_hash = ?`,
        [hash],
      );
      if (!row || row.revoked_at || !row.is_active || row.expires_at <= now) throw unauthorized('The refresh token is invalid or expired: log in again.');
      const claimed = await db.run('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL', [now, hash]);
      if (row.used_at && (await isRetry(row.session_id, row.used_at))) {
        // The answer to the first use was lost: its unused successor goes, a new pair comes.
        await db.run('UPDATE refresh_tokens SET used_at = ? WHERE session_id = ? AND used_at IS NULL', [now, row.session_id]);
        return { userId: row.user_id, tokens: await issue(row.user_id, row.session_id) };
      }
      if (row.used_at || claimed === 0) {
        await db.run('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, row.session_id]);
        throw unauthorized('This refresh token was already used; the session is revoked for safety. Log in again.');
      }
      return { userId: row.user_id, tokens: await issue(row.user_id, row.session_id) };
    },

    async revoke(sessionId: string): Promise<void> {
      await db.run('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [iso(Date.now()), sessionId]);
    },
  };
}

export type TokenService = ReturnType<typeof tokenService>;
