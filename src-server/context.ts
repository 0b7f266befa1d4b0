import type { ApiKeyService } from './auth/api-keys';
import type { Secrets } from './auth/secrets';
import type { TokenService } from './auth/tokens';
import type { ServerConfig } from './config';
import type { FileStore } from './files/file-store';
import type { RateLimiter } from './http/rate-limit';
import type { Storage } from './storage/types';
import type { AiProviders } from './services/ai';
import type { ExportWriters } from './services/exports';

/** What route modules and services share: one per server instance, no globals. */
export interface ServerContext {
  db: Storage;
  config: ServerConfig;
  secrets: Secrets;
  tokens: TokenService;
  apiKeys: ApiKeyService;
  files: FileStore;
  limiters: { user: RateLimiter; ip: RateLimiter; login: RateLimiter };
  ai: AiProviders;
  exportWriters: ExportWriters;
  startedAt: number;
  /** Background jobs still running (exports), so close() can wait for them. */
  jobs: Set<Promise<unknown>>;
}
