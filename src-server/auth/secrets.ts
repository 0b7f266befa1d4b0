import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Storage } from '../storage/types';

/** Keys derived from the one server secret, each for one purpose. */
export interface Secrets {
  /** HS256 key of access tokens. */
  jwt: Buffer;
  /** HMAC key of signed, expiring URLs. */
  urls: Buffer;
  /** AES-256-GCM key that seals API key secrets at rest. */
  sealing: Buffer;
}

const derive = (root: string, purpose: string) => Buffer.from(hkdfSync('sha256', Buffer.from(root, 'utf8'), Buffer.alloc(0), `labeler-server/${purpose}`, 32));

/**
 * The given secret, else the one kept in the database (made on first start), so every process
 * sharing the database signs and checks with the same keys and tokens survive restarts.
 */
export async function loadSecrets(db: Storage, given?: string): Promise<Secrets> {
  let root = given;
  if (!root) {
    const made = randomBytes(48).toString('base64url');
    await db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', ['server_secret', made]);
    root = (await db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', ['server_secret']))!.value;
  }
  return { jwt: derive(root, 'jwt'), urls: derive(root, 'urls'), sealing: derive(root, 'sealing') };
}

export function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

export function unseal(key: Buffer, sealed: string): string {
  const [iv, tag, body] = sealed.split('.').map((s) => Buffer.from(s, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

export function hmacHex(key: Buffer | string, ...parts: (string | Buffer)[]): string {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/** Constant-time comparison of two hex digests (false when lengths differ). */
export function sameHex(a: string, b: string): boolean {
  if (!/^[0-9a-f]*$/i.test(a) || a.length !== b.length || a.length % 2) return false;
  return timingSafeEqual(Buffer.from(a.toLowerCase(), 'hex'), Buffer.from(b.toLowerCase(), 'hex'));
}
