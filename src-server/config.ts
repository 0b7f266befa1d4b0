import os from 'node:os';
import path from 'node:path';

export interface RateLimitRule {
  /** Requests allowed per window. */
  max: number;
  windowMs: number;
}

/** Everything an operator can tune; `resolveConfig` fills the defaults. */
export interface ServerConfig {
  version: string;
  /** HS256 key for access tokens and signed URLs; default: one generated once and kept in the database. */
  secret?: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** A refresh token presented again this soon, before its successor was used, is a lost answer being retried, not theft. */
  refreshReuseGraceSeconds: number;
  rateLimits: { user: RateLimitRule; ip: RateLimitRule; login: RateLimitRule; enabled: boolean };
  limits: {
    /** Largest JSON body in bytes. */
    bodyBytes: number;
    /** Largest uploaded image in bytes. */
    uploadBytes: number;
    /** Largest batch create/delete. */
    maxBatch: number;
    maxPushMutations: number;
    maxChanges: number;
  };
  /** Where image files (content-addressed), exports and snapshots live; processes sharing a database must share it. */
  filesDir: string;
  /** Base of URLs the server hands out (signed image URLs, export downloads); default: from the request's Host. */
  publicUrl?: string;
  signedUrlMaxSeconds: number;
  exportTtlSeconds: number;
  /** Log requests (pino) to stdout. */
  logger: boolean;
  /** Check every JSON response against its documented schema (tests). */
  validateResponses: boolean;
  /** Run export jobs as soon as they are accepted (default) or only when `runPendingJobs` is called. */
  exportsInline: boolean;
}

export type ServerOptions = Partial<Omit<ServerConfig, 'rateLimits' | 'limits'>> & {
  rateLimits?: Partial<ServerConfig['rateLimits']>;
  limits?: Partial<ServerConfig['limits']>;
};

export const DEFAULTS: Omit<ServerConfig, 'filesDir'> = {
  version: process.env.npm_package_version ?? '0.1.0',
  accessTokenTtlSeconds: 3600,
  refreshTokenTtlSeconds: 30 * 24 * 3600,
  refreshReuseGraceSeconds: 30,
  // The reference: 100 requests/minute per user; login 5/minute.
  rateLimits: {
    enabled: true,
    user: { max: 100, windowMs: 60_000 },
    ip: { max: 1000, windowMs: 60_000 },
    login: { max: 5, windowMs: 60_000 },
  },
  limits: {
    bodyBytes: 8 * 1024 * 1024,
    uploadBytes: 100 * 1024 * 1024,
    maxBatch: 1000,
    maxPushMutations: 1000,
    maxChanges: 1000,
  },
  signedUrlMaxSeconds: 7 * 24 * 3600,
  exportTtlSeconds: 24 * 3600,
  logger: false,
  validateResponses: false,
  exportsInline: true,
};

export function resolveConfig(options: ServerOptions, defaultFilesDir?: string): ServerConfig {
  return {
    ...DEFAULTS,
    ...options,
    rateLimits: { ...DEFAULTS.rateLimits, ...options.rateLimits },
    limits: { ...DEFAULTS.limits, ...options.limits },
    filesDir: path.resolve(options.filesDir ?? defaultFilesDir ?? path.join(os.tmpdir(), 'labeler-server-files')),
  } as ServerConfig;
}
