import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppError } from '../../src-shared/contract/errors';
import { TOKEN_COOKIE, WS_PATH, wsClientMessage, type WsServerMessage } from '../../src-shared/contract/ws-protocol';
import type { Core } from '../core/app';

export interface ServeOptions {
  host: string;
  port: number;
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string;
  /** Fixed token (tests); a random one per run otherwise. */
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function tokenOf(req: http.IncomingMessage, url: URL): string | null {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const cookie = req.headers.cookie ?? '';
  const match = cookie.split(/;\s*/).find((c) => c.startsWith(`${TOKEN_COOKIE}=`));
  return match ? decodeURIComponent(match.slice(TOKEN_COOKIE.length + 1)) : null;
}

function sameToken(a: string | null, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ error: { code, message } }));
}

const STATUS: Record<string, number> = { NOT_FOUND: 404, VALIDATION_ERROR: 400, UNSUPPORTED_FILE: 415, UNAUTHORIZED: 401 };

/**
 * Serve mode: the built renderer over HTTP, media for registered images only, and the contract over
 * a WebSocket. Every request needs the per-run token, from the URL once (then an HttpOnly cookie).
 */
export async function startServer(core: Core, options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new AppError('NOT_FOUND', `The built renderer is missing in ${rendererDir}. Run \`npm run build\` first.`);
  }

  const serveMedia = async (res: http.ServerResponse, variant: string, imageId: string) => {
    try {
      const media = variant === 'thumb' ? await core.media.thumbnail(imageId) : await core.media.image(imageId);
      const stat = await fs.promises.stat(media.file);
      res.writeHead(200, { ...SECURITY_HEADERS, 'Cache-Control': 'private, max-age=3600', 'Content-Type': media.contentType, 'Content-Length': stat.size });
      fs.createReadStream(media.file).pipe(res);
    } catch (error) {
      const e = error instanceof AppError ? error : new AppError('INTERNAL_ERROR', (error as Error).message);
      sendError(res, STATUS[e.code] ?? 500, e.code, e.message);
    }
  };

  const serveStatic = (res: http.ServerResponse, pathname: string) => {
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = path.resolve(rendererDir, relative);
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return sendError(res, 404, 'NOT_FOUND', `No such file: ${pathname}`);
    }
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': STATIC_TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const given = tokenOf(req, url);
    if (!sameToken(given, token)) {
      return sendError(res, 401, 'UNAUTHORIZED', 'This Labeler Workstation needs the token printed by `labeler serve`. Open the full URL it printed.');
    }
    if (url.searchParams.has('token')) {
      res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'VALIDATION_ERROR', 'Only GET is served here; the contract runs over the WebSocket.');
    const media = url.pathname.match(/^\/media\/(image|thumb)\/([^/]+)$/);
    if (media) return void serveMedia(res, media[1], decodeURIComponent(media[2]));
    serveStatic(res, url.pathname);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    const sameOrigin = !origin || new URL(origin).host === req.headers.host;
    if (url.pathname !== WS_PATH || !sameToken(tokenOf(req, url), token) || !sameOrigin) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  const stopEvents = core.bus.listen((name, payload) => {
    const message = JSON.stringify({ type: 'event', name, payload } satisfies WsServerMessage);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', async (data) => {
      let parsed;
      try {
        parsed = wsClientMessage.safeParse(JSON.parse(data.toString()));
      } catch {
        parsed = null;
      }
      if (!parsed?.success) {
        ws.send(JSON.stringify({ type: 'result', id: -1, result: { ok: false, error: { code: 'VALIDATION_ERROR', message: 'Malformed message: expected {type:"call", id, name, input}.' } } }));
        return;
      }
      const { id, name, input } = parsed.data;
      const result = await core.dispatch(name, input);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id, result } as WsServerMessage));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostForUrl}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      stopEvents();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
