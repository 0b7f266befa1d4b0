import http from 'node:http';

/**
 * A fault-injecting HTTP proxy on loopback, between workstations and the real server. For each
 * sync request (push, change feed, file upload) it asks `decide` what to do:
 *
 * - `pass`: forward it and answer the server's response;
 * - `drop_request`: close the connection without forwarding (the server never sees it);
 * - `drop_response`: forward it, let the server apply it, then close the connection unanswered;
 * - `duplicate`: forward it twice at once (the server sees two identical requests), answer the first;
 * - `replay_later`: forward and answer it, and send a copy again after the next request (a stale
 *   duplicate arriving out of order);
 * - `rate_limit`: answer 429 with `Retry-After` (or only `X-RateLimit-Reset`);
 * - `error_before`: answer 503 without forwarding; `error_after`: forward, then answer 502;
 * - `unauthorized`: answer 401 without forwarding (the client refreshes its session and retries).
 *
 * Sign-in and refresh requests always pass: a lost refresh answer would revoke the session by the
 * server's rule (refresh tokens are single-use), which is the server's protocol, not a sync fault.
 */
export const FAULTS = ['pass', 'drop_request', 'drop_response', 'duplicate', 'replay_later', 'rate_limit', 'error_before', 'error_after', 'unauthorized'] as const;
export type Fault = (typeof FAULTS)[number];

interface Forwarded {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface FaultProxy {
  url: string;
  /** Decides the fate of each faultable request (default: pass). */
  decide: (request: { method: string; path: string }) => Fault;
  counts: Record<Fault, number>;
  close(): Promise<void>;
}

const FAULTABLE = /^\/api\/v1\/(sync\/push|projects\/[^/]+\/changes|files\/)/;
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

export async function startProxy(target: string): Promise<FaultProxy> {
  const base = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  let replays: { method: string; path: string; headers: http.IncomingHttpHeaders; body: Buffer }[] = [];

  const forward = (method: string, path: string, headers: http.IncomingHttpHeaders, body: Buffer): Promise<Forwarded> =>
    new Promise((resolve, reject) => {
      const clean: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(headers)) if (!HOP.has(k) && v !== undefined) clean[k] = v;
      if (body.length) clean['content-length'] = body.length;
      const req = http.request({ host: base.hostname, port: base.port, method, path, headers: clean, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });

  const flushReplays = () => {
    const due = replays;
    replays = [];
    for (const r of due) void forward(r.method, r.path, r.headers, r.body).catch(() => undefined);
  };

  const answer = (res: http.ServerResponse, f: Forwarded) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(f.headers)) if (!HOP.has(k) && v !== undefined) headers[k] = v;
    headers['content-length'] = f.body.length;
    res.writeHead(f.status, headers);
    res.end(f.body);
  };
  const envelope = (res: http.ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}) => {
    const body = Buffer.from(JSON.stringify({ error: { code, message } }));
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length, ...extra });
    res.end(body);
  };

  const proxy: FaultProxy = {
    url: '',
    decide: () => 'pass',
    counts: Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>,
    close: async () => undefined,
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const method = req.method ?? 'GET';
        const path = req.url ?? '/';
        const fault: Fault = FAULTABLE.test(path) ? proxy.decide({ method, path }) : 'pass';
        proxy.counts[fault]++;
        const send = async () => {
          const f = await forward(method, path, req.headers, body);
          flushReplays();
          return f;
        };
        try {
          switch (fault) {
            case 'drop_request':
              req.socket.destroy();
              return;
            case 'drop_response':
              await send();
              req.socket.destroy();
              return;
            case 'duplicate': {
              const [first] = await Promise.all([send(), forward(method, path, req.headers, body).catch(() => null)]);
              return answer(res, first);
            }
            case 'replay_later': {
              const f = await send();
              replays.push({ method, path, headers: req.headers, body });
              return answer(res, f);
            }
            case 'rate_limit': {
              const reset = String(Math.floor(Date.now() / 1000) + 2);
              return envelope(res, 429, 'RATE_LIMIT_EXCEEDED', 'Too many requests (injected).', Math.random() < 0.5 ? { 'retry-after': '1', 'x-ratelimit-reset': reset } : { 'x-ratelimit-reset': reset });
            }
            case 'error_before':
              return envelope(res, 503, 'INTERNAL_ERROR', 'Unavailable (injected).');
            case 'error_after':
              await send();
              return envelope(res, 502, 'INTERNAL_ERROR', 'Bad gateway after the server answered (injected).');
            case 'unauthorized':
              return envelope(res, 401, 'UNAUTHORIZED', 'The access token has expired (injected).');
            default:
              return answer(res, await send());
          }
        } catch {
          req.socket.destroy();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  proxy.close = async () => {
    flushReplays();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    agent.destroy();
  };
  return proxy;
}

/** A small seeded PRNG (mulberry32), so a fuzz run's faults replay from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
