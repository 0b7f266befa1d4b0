import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { notFound, unauthorized } from '../errors';
import type { Storage } from '../storage/types';
import { hmacHex, sameHex, seal, unseal, type Secrets } from './secrets';
import type { UserRow } from './users';

/** Requests signed with an API key are accepted within this many seconds of their timestamp. */
export const SIGNATURE_WINDOW_SECONDS = 300;

interface KeyRow {
  id: string;
  user_id: number;
  name: string;
  key_prefix: string;
  secret_sealed: string;
  permissions: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function view(k: KeyRow) {
  return { id: k.id, name: k.name, key_prefix: k.key_prefix, permissions: JSON.parse(k.permissions) as ('read' | 'write')[], created_at: k.created_at, expires_at: k.expires_at, last_used_at: k.last_used_at };
}

export interface SignedRequest {
  apiKey: string;
  timestamp: string | undefined;
  signature: string | undefined;
  /** The request body exactly as received (empty for none). */
  body: Buffer;
}

/**
 * API keys for server-to-server use. The key is looked up by its hash; the secret is kept sealed
 * (AES-GCM) because checking an HMAC needs it. A request carries X-API-Key, X-Timestamp (Unix
 * seconds) and X-Signature = hex HMAC-SHA256(secret, timestamp + body): refused outside a
 * 5-minute window, when the signature was seen before (replay cache shared through the database),
 * or when it differs (constant-time comparison).
 */
export function apiKeyService(db: Storage, secrets: Secrets, clock: () => number = Date.now) {
  return {
    async create(userId: number, input: { name: string; permissions: ('read' | 'write')[]; expires_at?: string | null }) {
      const id = randomUUID();
      const apiKey = `lbk_${randomBytes(24).toString('base64url')}`;
      const apiSecret = `lbs_${randomBytes(32).toString('base64url')}`;
      const now = new Date(clock()).toISOString();
      const expires = input.expires_at ? new Date(input.expires_at).toISOString() : null;
      const permissions = [...new Set(input.permissions)].sort();
      await db.run(
        'INSERT INTO api_keys (id, user_id, name, key_hash, key_prefix, secret_sealed, permissions, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [id, userId, input.name, sha256(apiKey), apiKey.slice(0, 12), seal(secrets.sealing, apiSecret), JSON.stringify(permissions), now, expires],
      );
      const row = (await db.get<KeyRow>('SELECT * FROM api_keys WHERE id = ?', [id]))!;
      return { ...view(row), api_key: apiKey, api_secret: apiSecret };
    },

    async list(userId: number) {
      const rows = await db.all<KeyRow>('SELECT * FROM api_keys WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at DESC, id', [userId]);
      return rows.map(view);
    },

    async revoke(userId: number, id: string) {
      const n = await db.run('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL', [new Date(clock()).toISOString(), id, userId]);
      if (n === 0) throw notFound('api_key', id);
    },

    /** Checks a signed request; answers its user and the key's permissions. */
    async verify(req: SignedRequest): Promise<{ user: UserRow; keyId: string; permissions: Set<string> }> {
      const refused = (why: string) => unauthorized(`API key request refused: ${why}.`);
      const row = await db.get<KeyRow & { u_id: number }>(
        'SELECT k.*, u.id AS u_id FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = ? AND u.is_active = 1',
        [sha256(req.apiKey)],
      );
      const now = clock();
      if (!row || row.revoked_at || (row.expires_at && row.expires_at <= new Date(now).toISOString())) throw refused('unknown, revoked or expired key');
      if (!req.timestamp || !/^\d{1,15}$/.test(req.timestamp)) throw refused('X-Timestamp must be the Unix time in seconds (or milliseconds)');
      // 13 digits and more are milliseconds: lets a client send several body-less requests per second.
      const seconds = req.timestamp.length >= 13 ? Number(req.timestamp) / 1000 : Number(req.timestamp);
      if (Math.abs(now / 1000 - seconds) > SIGNATURE_WINDOW_SECONDS) throw refused('the timestamp is more than 5 minutes away from the server clock');
      if (!req.signature || !/^[0-9a-fA-F]{64}$/.test(req.signature)) throw refused('X-Signature must be the hex HMAC-SHA256 of timestamp + body');
      const expected = hmacHex(unseal(secrets.sealing, row.secret_sealed), req.timestamp, req.body);
      if (!sameHex(req.signature, expected)) throw refused('the signature does not match');
      const fresh = await db.run('INSERT INTO api_key_nonces (key_id, signature, expires_at) VALUES (?, ?, ?) ON CONFLICT (key_id, signature) DO NOTHING', [
        row.id,
        req.signature.toLowerCase(),
        Math.floor(now / 1000) + 2 * SIGNATURE_WINDOW_SECONDS,
      ]);
      if (fresh === 0) throw refused('this signature was already used (replay)');
      const nowIso = new Date(now).toISOString();
      if (!row.last_used_at || row.last_used_at < new Date(now - 60_000).toISOString()) await db.run('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [nowIso, row.id]);
      const user = (await db.get<UserRow>('SELECT * FROM users WHERE id = ?', [row.user_id]))!;
      return { user, keyId: row.id, permissions: new Set(JSON.parse(row.permissions) as string[]) };
    },

    /** Forgets signatures whose window has closed. */
    async sweep() {
      await db.run('DELETE FROM api_key_nonces WHERE expires_at < ?', [Math.floor(clock() / 1000)]);
    },
  };
}

export type ApiKeyService = ReturnType<typeof apiKeyService>;
