import type { FastifyRequest } from 'fastify';
import { hmacHex, sameHex } from '../auth/secrets';
import type { ServerConfig } from '../config';
import { HttpError } from '../errors';

/**
 * URLs the server itself serves without a token, valid until `expires` (Unix seconds): the
 * signature is HMAC-SHA256 over the resource kind, its id and the expiry.
 */
export function signPath(key: Buffer, kind: string, id: string, expires: number): string {
  return hmacHex(key, `${kind}\n${id}\n${expires}`);
}

export function checkSignature(key: Buffer, kind: string, id: string, expires: number, signature: string, nowMs = Date.now()): void {
  if (expires < Math.floor(nowMs / 1000)) throw new HttpError(403, 'FORBIDDEN', 'This link has expired: ask the API for a new one.');
  if (!sameHex(signature, signPath(key, kind, id, expires))) throw new HttpError(403, 'FORBIDDEN', 'This link is not valid (bad signature).');
}

export function baseUrl(config: ServerConfig, req: FastifyRequest): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  return `${req.protocol}://${req.host}`;
}
