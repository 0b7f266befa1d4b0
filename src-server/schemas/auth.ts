import { z } from 'zod';
import { ROLES } from './common';

export const loginBody = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

export const userOut = z.object({ id: z.number().int(), email: z.string(), full_name: z.string(), role: z.enum(ROLES), team_id: z.number().int() });

export const tokenOut = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.number().int(),
  refresh_token: z.string(),
  refresh_expires_in: z.number().int(),
  user: userOut,
});

export const refreshBody = z.object({ refresh_token: z.string().min(1).max(512) });

export const meOut = z.object({
  user_id: z.number().int(),
  email: z.string(),
  full_name: z.string(),
  role: z.enum(ROLES),
  team_id: z.number().int(),
  auth: z.enum(['jwt', 'api_key']),
  exp: z.number().int().nullable(),
});

export const API_KEY_PERMISSIONS = ['read', 'write'] as const;
export const apiKeyCreate = z.object({
  name: z.string().trim().min(1).max(200),
  permissions: z.array(z.enum(API_KEY_PERMISSIONS)).min(1).max(2).default(['read', 'write']),
  expires_at: z.iso.datetime({ offset: true }).nullable().optional(),
});
export const apiKeyOut = z.object({
  id: z.string(),
  name: z.string(),
  key_prefix: z.string(),
  permissions: z.array(z.enum(API_KEY_PERMISSIONS)),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
});
export const apiKeyCreated = apiKeyOut.extend({ api_key: z.string(), api_secret: z.string() });
export const apiKeyParams = z.object({ key_id: z.string().min(1).max(64) });
