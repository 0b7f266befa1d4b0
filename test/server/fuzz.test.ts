import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addImage, createProject, STORAGES, startHarness, type Harness } from './harness';

type Schema = Record<string, any>;

/**
 * Values for a JSON Schema (the OpenAPI document's), mostly valid, sometimes not: fast-check
 * explores shapes near the valid ones, and `fc.jsonValue()` anything at all.
 */
function arb(schema: Schema | undefined, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.jsonValue({ maxDepth: 2 });
  // Mostly near-valid, rarely anything: nested levels stray less, so deep bodies still reach the handlers.
  const near = (a: fc.Arbitrary<unknown>) => fc.oneof({ weight: depth === 0 ? 6 : 40, arbitrary: a }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
  if (schema.const !== undefined) return near(fc.constant(schema.const));
  if (schema.enum) return near(fc.constantFrom(...schema.enum));
  const alternatives = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (alternatives) return fc.oneof(...alternatives.map((s: Schema) => arb(s, ids, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return near(fc.oneof({ weight: 1, arbitrary: fc.string({ maxLength: 40 }) }, { weight: 2, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.constantFrom(...ids, '2025-01-13T10:00:00Z', '#FF5733', '../../etc/passwd', "'; DROP TABLE users; --", '\u0000', 'a'.repeat(300)) }));
    case 'integer':
      return near(fc.oneof(fc.integer({ min: -2, max: 60 }), fc.constantFrom(0, 1, 2 ** 31, -(2 ** 53), Number.MAX_SAFE_INTEGER)));
    case 'number':
      return near(fc.oneof(fc.double({ min: -10, max: 70, noNaN: true }), fc.constantFrom(0, 1, 0.5, 1e308, -0)));
    case 'boolean':
      return near(fc.boolean());
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (schema.prefixItems) return near(fc.tuple(...schema.prefixItems.map((s: Schema) => arb(s, ids, depth + 1))));
      return near(fc.array(arb(schema.items, ids, depth + 1), { maxLength: 4 }));
    }
    case 'object': {
      const props: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries<Schema>(schema.properties ?? {})) props[k] = arb(s, ids, depth + 1);
      const record = fc.record(props, { requiredKeys: (schema.required ?? []).filter((k: string) => k in props) });
      return near(fc.tuple(record, fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 })).map(([r, extra]) => ({ ...extra, ...(r as object) })));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Property: whatever a client sends to any documented endpoint, the server answers below 500. */
describe.each(STORAGES)('fuzzed requests on $label', ({ kind, skip }) => {
  let h: Harness;
  let doc: any;
  let ids: string[];
  beforeAll(async () => {
    if (skip) return;
    h = await startHarness(kind);
    const project = await createProject(h, h.users.a.admin);
    const image = await addImage(h, h.users.a.admin, project.id, 'fuzz.png', 64, 64);
    const annotation = (await h.call(h.users.a.admin, 'POST', `/api/v1/projects/${project.id}/annotations`, { image_id: image.id, annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [1, 1, 5, 5] } })).body;
    ids = [project.id, image.id, annotation.id, image.sha256];
    doc = (await h.call(null, 'GET', '/api/v1/openapi.json')).body;
  });
  afterAll(async () => h?.close());
  const it_ = skip ? it.skip : it;

  it_('never answers 5xx to inputs generated from the OpenAPI schemas', async () => {
    const failures: string[] = [];
    const operations = Object.entries<any>(doc.paths).flatMap(([path, ops]) => Object.entries<any>(ops).map(([method, op]) => ({ path, method, op })));
    // Logging out would end the fuzzing session; everything else is fair game.
    const targets = operations.filter((o) => !o.path.endsWith('/auth/logout'));
    expect(targets.length).toBeGreaterThan(30);
    for (const { path, method, op } of targets) {
      const params: any[] = op.parameters ?? [];
      const pathArbs = Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) })]));
      const queryArbs = Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, fc.option(arb(p.schema, ids).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))), { nil: undefined })]));
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const input = fc.record({ path: fc.record(pathArbs), query: fc.record(queryArbs), body: bodySchema ? arb(bodySchema, ids) : fc.constant(undefined) });
      await fc.assert(
        fc.asyncProperty(input, async ({ path: p, query, body }) => {
          let url = path.replace(/\{(\w+)\}/g, (_m: string, name: string) => encodeURIComponent(String((p as any)[name])));
          const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined) as [string, string][]).toString();
          if (qs) url += `?${qs}`;
          const res = await h.call(h.users.a.admin, method.toUpperCase(), url, method === 'get' || method === 'head' ? undefined : (body ?? {}));
          if (res.status >= 500 && res.status !== 501) failures.push(`${method.toUpperCase()} ${url} ${JSON.stringify(body)?.slice(0, 300)} → ${res.status} ${res.raw.slice(0, 300)}`);
          if (res.status >= 400 && method !== 'head') expect(res.body?.error?.code, `${method} ${url}: ${res.raw.slice(0, 200)}`).toBeTypeOf('string');
        }),
        { numRuns: 12, seed: 20251125 },
      );
    }
    await Promise.allSettled([...h.app.ctx.jobs]);
    expect(failures).toEqual([]);
  });
});
