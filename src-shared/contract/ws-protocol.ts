import { z } from 'zod';

/** Messages of the serve-mode WebSocket that carries the contract (same names as IPC). */
export const wsClientMessage = z.object({
  type: z.literal('call'),
  id: z.number().int(),
  name: z.string(),
  input: z.unknown(),
});
export type WsClientMessage = z.infer<typeof wsClientMessage>;

export type WsServerMessage =
  | { type: 'result'; id: number; result: { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } } }
  | { type: 'event'; name: string; payload: unknown };

export const WS_PATH = '/rpc';
export const TOKEN_COOKIE = 'labeler_token';
/** Media routes in serve mode; `variant` is image or thumb. */
export const mediaPath = (variant: 'image' | 'thumb', imageId: string) => `/media/${variant}/${encodeURIComponent(imageId)}`;
/** The Electron protocol that serves the same media. */
export const MEDIA_SCHEME = 'labeler-media';
