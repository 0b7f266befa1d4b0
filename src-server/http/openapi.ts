import { z } from 'zod';
import { SIGNATURE_WINDOW_SECONDS } from '../auth/api-keys';
import { errorEnvelope } from '../schemas/common';
import { API_PREFIX, type AnyRoute } from './route';

type Json = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  return rest;
};

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema || !(schema instanceof z.ZodObject)) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
  }));
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 400: 'Validation error', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 409: 'Conflict', 413: 'Payload too large', 415: 'Unsupported file', 429: 'Rate limit exceeded', 501: 'Not implemented', 503: 'Unavailable' };

/** The OpenAPI 3.1 document of every registered endpoint, generated from the same zod schemas that validate requests. */
export function openApiDocument(routes: AnyRoute[], version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const path = `${API_PREFIX}${r.url}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const responses: Record<string, Json> = {};
    for (const [status, schema] of Object.entries(r.responses)) {
      const description = STATUS_TEXT[Number(status)] ?? 'Response';
      if (schema === null) responses[status] = { description };
      else if ('binary' in (schema as object)) responses[status] = { description, content: { [(schema as { binary: string }).binary]: { schema: { type: 'string', contentMediaType: (schema as { binary: string }).binary } } } };
      else responses[status] = { description, content: { 'application/json': { schema: toSchema(schema as z.ZodType, 'output') } } };
    }
    const secured = r.auth === undefined || r.auth === 'user';
    if (secured) {
      responses['401'] ??= { description: STATUS_TEXT[401], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
      responses['429'] ??= { description: STATUS_TEXT[429], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    if (r.body || r.params || r.query) responses['400'] ??= { description: STATUS_TEXT[400], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    const operation: Json = {
      operationId: `${r.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: [r.tag],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      responses,
      security: secured ? [{ bearerAuth: [] }, { apiKey: [], apiTimestamp: [], apiSignature: [] }] : [],
    };
    if (r.body) operation.requestBody = { required: true, content: { 'application/json': { schema: toSchema(r.body, 'input') } } };
    if (r.bodyType === 'binary') operation.requestBody = { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } };
    (paths[path] ??= {})[r.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Labeler API',
      version,
      description: 'The Labeler REST API (reference: api-spec 003) with its auth, rate limits and the sync extension (change feed, idempotent push). Errors: `{ "error": { "code", "message", "details" } }`; every response has an X-Request-ID.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Error: toSchema(errorEnvelope, 'output') },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /api/v1/auth/login.' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'API key from POST /api/v1/auth/api-keys; sign every request.' },
        apiTimestamp: { type: 'apiKey', in: 'header', name: 'X-Timestamp', description: `Unix seconds; accepted within ${SIGNATURE_WINDOW_SECONDS} s of the server clock.` },
        apiSignature: { type: 'apiKey', in: 'header', name: 'X-Signature', description: 'hex HMAC-SHA256(api_secret, X-Timestamp + raw body); each signature is accepted once.' },
      },
    },
  };
}
