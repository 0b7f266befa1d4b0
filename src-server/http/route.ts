import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../auth/access';
import { HttpError, validation } from '../errors';
import type { ServerContext } from '../context';
import { authenticate } from './authenticate';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteSpec<P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined> {
  method: Method;
  /** Path below /api/v1 in Fastify's syntax (`/projects/:project_id`). */
  url: string;
  summary: string;
  tag: string;
  /** 'user': a session token or a signed API key request; 'public': nobody; 'signed': a signed URL. */
  auth?: 'user' | 'public' | 'signed';
  /** The login limit instead of the per-user one. */
  loginLimit?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** Request body media type: JSON (default) or raw bytes. */
  bodyType?: 'json' | 'binary';
  bodyLimit?: number;
  /** Documented responses: a schema, `null` for no body, or a media type for bytes. */
  responses: Record<number, z.ZodType | null | { binary: string }>;
  description?: string;
  handler: (input: { params: Out<P>; query: Out<Q>; body: Out<B>; principal: Principal; req: FastifyRequest; reply: FastifyReply }) => Promise<unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any, any>;

export const API_PREFIX = '/api/v1';

/** Zod issues as the reference's `details`: `[{ field, message }]`. */
export function issuesToDetails(error: z.ZodError, prefix = '') {
  return error.issues.map((i) => ({ field: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message }));
}

function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!result.success) {
    const details = issuesToDetails(result.error, where === 'body' ? '' : where);
    const first = details[0];
    throw validation(`Invalid request ${where === 'body' ? 'body' : where === 'query' ? 'parameters' : 'path'}${first ? `: ${first.field ? `${first.field}: ` : ''}${first.message}` : ''}`, details);
  }
  return result.data;
}

/**
 * Registers one endpoint: authentication and the per-user limit, then zod validation of path,
 * query and body (unknown body fields are dropped, so server-owned fields cannot be assigned),
 * then the handler. The spec is kept for the OpenAPI document.
 */
export function addRoute(app: FastifyInstance, ctx: ServerContext, registry: AnyRoute[], spec: AnyRoute): void {
  registry.push(spec);
  const successStatus = Number(Object.keys(spec.responses).find((s) => Number(s) < 300) ?? 200);
  const successSchema = spec.responses[successStatus];
  app.route({
    method: spec.method,
    url: `${API_PREFIX}${spec.url}`,
    bodyLimit: spec.bodyLimit,
    handler: async (req, reply) => {
      const principal = spec.auth === 'public' || spec.auth === 'signed' ? (null as unknown as Principal) : await authenticate(ctx, req, reply);
      const params = spec.params ? parse(spec.params, req.params, 'path') : undefined;
      const query = spec.query ? parse(spec.query, req.query, 'query') : undefined;
      if (spec.body && spec.bodyType !== 'binary' && req.body !== undefined && (typeof req.body !== 'object' || req.body === null || Buffer.isBuffer(req.body))) {
        throw validation('The body must be a JSON object (Content-Type: application/json).');
      }
      const body = spec.body ? (spec.bodyType === 'binary' ? req.body : parse(spec.body, req.body, 'body')) : undefined;
      const result = await spec.handler({ params, query, body, principal, req, reply });
      if (reply.sent) return reply;
      if (reply.statusCode === 200 && successStatus !== 200) reply.code(successStatus);
      if (result === undefined) return reply.send();
      if (ctx.config.validateResponses && successSchema && !('binary' in successSchema)) {
        const checked = (spec.responses[reply.statusCode] ?? successSchema) as z.ZodType | null;
        const verdict = checked?.safeParse(result);
        if (verdict && !verdict.success) throw new HttpError(500, 'INTERNAL_ERROR', `Response of ${spec.method} ${spec.url} breaks its documented schema: ${JSON.stringify(issuesToDetails(verdict.error)).slice(0, 2000)}`);
      }
      return result;
    },
  });
}
