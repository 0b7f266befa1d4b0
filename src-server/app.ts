import fastifyJwt from '@fastify/jwt';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { apiKeyService } from './auth/api-keys';
import { loadSecrets } from './auth/secrets';
import { ISSUER, tokenService } from './auth/tokens';
import { resolveConfig, type ServerConfig, type ServerOptions } from './config';
import type { ServerContext } from './context';
import { HttpError, toHttp } from './errors';
import { FileStore } from './files/file-store';
import { openApiDocument } from './http/openapi';
import { RateLimiter, rateLimitHeaders, tooMany } from './http/rate-limit';
import { addRoute, API_PREFIX, type AnyRoute } from './http/route';
import { aiRoutes } from './routes/ai';
import { annotationRoutes } from './routes/annotations';
import { authRoutes } from './routes/auth';
import { commentRoutes } from './routes/comments';
import { exportRoutes } from './routes/exports';
import { healthRoutes } from './routes/health';
import { imageRoutes } from './routes/images';
import { projectRoutes } from './routes/projects';
import type { AddRoute } from './routes/index';
import { syncRoutes } from './routes/sync';
import { taskRoutes } from './routes/tasks';
import type { AiProviders } from './services/ai';
import { customWriter, type ExportWriters } from './services/exports';
import { formatWriters } from './services/format-export';
import type { Storage } from './storage/types';
import { createHub } from './ws/hub';

export interface BuildOptions extends ServerOptions {
  db: Storage;
  ai?: AiProviders;
  /** Replace format writers (coco, yolo, pascal_voc come from src-shared/formats; `custom` is the server's JSON). */
  exportWriters?: ExportWriters;
  /** Close the storage when the server closes (the CLI does; tests keep theirs). */
  closeDb?: boolean;
}

export type LabelerServer = FastifyInstance & { ctx: ServerContext };

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer' };
const FASTIFY_ERRORS: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE', 'The request body is too large for this endpoint.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_FILE', 'Unsupported Content-Type: send application/json (or the raw bytes for uploads).'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'VALIDATION_ERROR', 'The JSON body is empty.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'VALIDATION_ERROR', 'Content-Length does not match the body.'],
};

function defaultFilesDir(db: Storage): string | undefined {
  return db.dialect === 'sqlite' && db.location !== ':memory:' ? `${db.location}.files` : undefined;
}

/**
 * The Labeler REST server as a Fastify instance (not listening): `app.inject` in tests,
 * `app.listen` in the CLI. Everything it needs comes in `options`; nothing is global.
 */
export async function buildServer(options: BuildOptions): Promise<LabelerServer> {
  const { db } = options;
  const config: ServerConfig = resolveConfig(options, defaultFilesDir(db));
  const secrets = await loadSecrets(db, config.secret);
  const app = Fastify({
    logger: config.logger ? { level: 'info' } : false,
    bodyLimit: config.limits.bodyBytes,
    routerOptions: { maxParamLength: 300 },
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : `req_${randomBytes(12).toString('hex')}`;
    },
    trustProxy: process.env.LABELER_TRUST_PROXY === '1',
  });

  await app.register(fastifyJwt, { secret: secrets.jwt, sign: { algorithm: 'HS256' }, verify: { algorithms: ['HS256'], allowedIss: ISSUER } });
  const ctx: ServerContext = {
    db,
    config,
    secrets,
    tokens: tokenService(app, db, config),
    apiKeys: apiKeyService(db, secrets),
    files: new FileStore(config.filesDir),
    limiters: { user: new RateLimiter(config.rateLimits.user), ip: new RateLimiter(config.rateLimits.ip), login: new RateLimiter(config.rateLimits.login) },
    ai: options.ai ?? {},
    exportWriters: { ...formatWriters(), custom: customWriter, ...options.exportWriters },
    startedAt: Date.now(),
    jobs: new Set(),
  };

  // Bodies are kept raw as well, because API key signatures cover the exact bytes.
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req: FastifyRequest, body: Buffer, done) => {
    req.rawBody = body;
    if (body.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(new HttpError(400, 'VALIDATION_ERROR', 'The body is not valid JSON.'), undefined);
    }
  });
  for (const type of ['application/octet-stream', /^image\/[a-z0-9.+-]+$/]) {
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (req: FastifyRequest, body: Buffer, done) => {
      req.rawBody = body;
      done(null, body);
    });
  }

  app.addHook('onRequest', async (req, reply) => {
    reply.headers({ 'X-Request-ID': req.id, ...SECURITY_HEADERS });
    if (config.rateLimits.enabled && !req.url.startsWith(`${API_PREFIX}/health`)) {
      const verdict = ctx.limiters.ip.hit(`ip:${req.ip}`);
      req.rateVerdict = verdict;
      reply.headers(rateLimitHeaders(verdict));
      if (!verdict.allowed) throw tooMany(verdict, 'from this address');
    }
  });

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, req, reply) => {
    let mapped = error;
    const known = error.code ? FASTIFY_ERRORS[error.code] : undefined;
    if (known) mapped = new HttpError(known[0], known[1], known[2]);
    else if (!(error instanceof HttpError) && error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      mapped = new HttpError(error.statusCode, error.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION_ERROR', error.message);
    }
    const { status, body, headers } = toHttp(mapped);
    if (status >= 500) req.log.error({ err: error }, 'request failed');
    if (status >= 500 && config.validateResponses) body.error.details = { debug: error.message };
    reply.code(status).headers(headers).type('application/json').send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No endpoint ${req.method} ${req.url.split('?')[0]}. The API lives under ${API_PREFIX}; see ${API_PREFIX}/openapi.json.` } });
  });

  const registry: AnyRoute[] = [];
  const add: AddRoute = (spec) => addRoute(app, ctx, registry, spec as AnyRoute);
  for (const routes of [healthRoutes, authRoutes, projectRoutes, annotationRoutes, imageRoutes, taskRoutes, commentRoutes, exportRoutes, aiRoutes, syncRoutes]) routes(add, ctx);
  const document = openApiDocument(registry, config.version);
  app.get(`${API_PREFIX}/openapi.json`, async () => document);

  const hub = createHub(ctx);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  app.get('/ws', { websocket: true }, (socket) => hub.connect(socket));
  await hub.start();

  const maintenance = setInterval(() => {
    void (async () => {
      await ctx.apiKeys.sweep();
      await db.run('DELETE FROM events WHERE created_at < ?', [new Date(Date.now() - 10 * 60_000).toISOString()]);
      // An export still "processing" after an hour lost its process (exports run where they were accepted).
      await db.run("UPDATE exports SET status = 'failed', error = ?, completed_at = ? WHERE status = 'processing' AND created_at < ?", ['interrupted: the server process that ran it stopped; start the export again', new Date().toISOString(), new Date(Date.now() - 3600_000).toISOString()]);
    })().catch(() => undefined);
  }, 60_000);
  maintenance.unref();

  app.addHook('onClose', async () => {
    clearInterval(maintenance);
    await hub.stop();
    await ctx.ai.segment?.close?.();
    await Promise.allSettled([...ctx.jobs]);
    if (options.closeDb) await db.close();
  });

  return Object.assign(app, { ctx }) as unknown as LabelerServer;
}
