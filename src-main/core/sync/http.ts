import axios, { type AxiosResponse, type Method } from 'axios';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { retryAfterMs } from '../../../src-shared/sync/backoff';
import {
  WireError,
  assertChangesPage,
  assertExportAccepted,
  assertExportStatus,
  assertMe,
  assertPushResponse,
  assertServerProject,
  assertServerProjectPage,
  assertTokens,
  errorEnvelopeV1,
  type ExportStatusV1,
  type MeV1,
  type PushRequestV1,
  type ServerProjectV1,
  type TokensV1,
} from '../../../src-shared/sync/wire';
import { SyncError, type SyncDelegate } from './delegate';

/** What signs requests: a session (access + refresh token) or an API key with its secret. */
export type Credentials =
  | { kind: 'password'; access_token: string; refresh_token: string }
  | { kind: 'api_key'; api_key: string; api_secret: string };

/** Where the client reads and saves credentials (refresh rotates them). */
export interface CredentialVault {
  load(): Promise<Credentials | null>;
  save(credentials: Credentials): Promise<void>;
}

export interface ServerClientOptions {
  /** The server address (`http://host:port`, with or without `/api/v1`). */
  serverUrl: string;
  vault: CredentialVault;
  /** Called when the server refuses the credentials even after a refresh: the user must sign in. */
  onSignedOut?(reason: string): void;
  timeoutMs?: number;
}

/** `http://host:port` from what a user typed (trailing slashes and `/api/v1` removed). */
export function normalizeServerUrl(url: string): string {
  return url.trim().replace(/\/+$/, '').replace(/\/api\/v1$/, '');
}

interface RequestOptions {
  json?: unknown;
  bytes?: Buffer;
  query?: Record<string, string | number>;
  /** Public endpoints (login, refresh) carry no credentials. */
  auth?: boolean;
  binary?: boolean;
}

function messageOf(res: AxiosResponse): { code: string | null; message: string } {
  try {
    const body = typeof res.data === 'string' ? JSON.parse(res.data) : Buffer.isBuffer(res.data) ? JSON.parse(res.data.toString('utf8')) : res.data;
    const parsed = errorEnvelopeV1.safeParse(body);
    if (parsed.success) return { code: parsed.data.error.code, message: parsed.data.error.message };
  } catch {
    // not JSON: fall through
  }
  return { code: null, message: `HTTP ${res.status}` };
}

/** Turns a non-2xx answer into the SyncError that tells the loop what to do. */
export function errorOf(res: AxiosResponse, what: string): SyncError {
  const { code, message } = messageOf(res);
  const text = `${what}: ${message}`;
  const s = res.status;
  if (s === 429) return new SyncError('rate_limited', text, s, code, retryAfterMs(res.headers as Record<string, unknown>, Date.now()));
  if (s >= 500) return new SyncError('server', text, s, code);
  if (s === 401) return new SyncError('unauthorized', text, s, code);
  if (s === 403) return new SyncError('forbidden', text, s, code);
  if (s === 404) return new SyncError('not_found', text, s, code);
  if (s === 409) return new SyncError('conflict', text, s, code);
  if (s === 413) return new SyncError('too_large', text, s, code);
  return new SyncError('invalid', text, s, code);
}

/**
 * The Labeler REST client of the workstation (axios stays inside core/sync). Signs every request
 * (bearer token, or HMAC over timestamp + exact body bytes for API keys); on 401 refreshes the
 * session once (single-flight: refresh tokens are single use) and retries, else reports signed out.
 */
export function createServerClient(options: ServerClientOptions) {
  const base = `${normalizeServerUrl(options.serverUrl)}/api/v1`;
  const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 8 }), https: new https.Agent({ keepAlive: true, maxSockets: 8 }) };
  const client = axios.create({
    timeout: options.timeoutMs ?? 120_000,
    httpAgent: agents.http,
    httpsAgent: agents.https,
    maxBodyLength: Number.POSITIVE_INFINITY,
    maxContentLength: Number.POSITIVE_INFINITY,
    validateStatus: () => true,
    transformRequest: [(data) => data],
    transformResponse: [(data) => data],
    proxy: false,
  });
  let refreshing: Promise<Credentials | null> | null = null;

  const authHeaders = (credentials: Credentials | null, body: string | Buffer | undefined): Record<string, string> => {
    if (!credentials) return {};
    if (credentials.kind === 'password') return { authorization: `Bearer ${credentials.access_token}` };
    // Millisecond timestamps keep two body-less requests of one second apart (the server's replay cache).
    const timestamp = String(Date.now());
    const hmac = createHmac('sha256', credentials.api_secret).update(timestamp);
    if (body !== undefined) hmac.update(body);
    return { 'x-api-key': credentials.api_key, 'x-timestamp': timestamp, 'x-signature': hmac.digest('hex') };
  };

  const send = async (method: Method, url: string, opts: RequestOptions, credentials: Credentials | null): Promise<AxiosResponse> => {
    const body = opts.json !== undefined ? JSON.stringify(opts.json) : opts.bytes;
    const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(credentials, body) };
    if (opts.json !== undefined) headers['content-type'] = 'application/json';
    if (opts.bytes !== undefined) headers['content-type'] = 'application/octet-stream';
    try {
      return await client.request({ method, url: url.startsWith('http') ? url : `${base}${url}`, params: opts.query, data: body, headers, responseType: opts.binary ? 'arraybuffer' : 'text' });
    } catch (error) {
      const e = error as { code?: string; message?: string };
      throw new SyncError('network', `Cannot reach ${base} (${e.code ?? e.message ?? 'network error'}). Changes stay queued; sync retries when the server is back.`);
    }
  };

  /** Trades the refresh token once, even when several requests got 401 together. */
  const refresh = (stale: Credentials): Promise<Credentials | null> => {
    refreshing ??= (async () => {
      const current = await options.vault.load();
      if (!current || current.kind !== 'password') return current;
      if (stale.kind === 'password' && current.access_token !== stale.access_token) return current;
      const res = await send('POST', '/auth/refresh', { json: { refresh_token: current.refresh_token } }, null);
      if (res.status === 401) return null;
      if (res.status !== 200) throw errorOf(res, 'Refreshing the session');
      const tokens = assertTokens(JSON.parse(res.data as string));
      const fresh: Credentials = { kind: 'password', access_token: tokens.access_token, refresh_token: tokens.refresh_token };
      await options.vault.save(fresh);
      return fresh;
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  const request = async (method: Method, url: string, what: string, opts: RequestOptions = {}): Promise<AxiosResponse> => {
    if (opts.auth === false) return send(method, url, opts, null);
    const credentials = await options.vault.load();
    if (!credentials) throw new SyncError('unauthorized', 'Not signed in to a Labeler server: sign in first (labeler login).');
    let res = await send(method, url, opts, credentials);
    if (res.status === 401) {
      const again = credentials.kind === 'password' ? await refresh(credentials) : credentials;
      if (again) res = await send(method, url, opts, again);
      if (res.status === 401) {
        const reason = `${messageOf(res).message} Sign in again; your unsent changes are kept.`;
        options.onSignedOut?.(reason);
        throw new SyncError('unauthorized', reason, 401, 'UNAUTHORIZED');
      }
    }
    return res;
  };

  const json = async <T>(method: Method, url: string, what: string, assert: (v: unknown) => T, opts: RequestOptions = {}, ok = [200, 201, 202]): Promise<T> => {
    const res = await request(method, url, what, opts);
    if (!ok.includes(res.status)) throw errorOf(res, what);
    try {
      return assert(JSON.parse(res.data as string));
    } catch (error) {
      throw new SyncError('protocol', `${what}: ${error instanceof WireError ? error.message : `the answer is not JSON (${(error as Error).message})`}`, res.status);
    }
  };

  const writeFile = async (target: string, bytes: Buffer) => {
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.part`;
    await fs.promises.writeFile(temp, bytes);
    await fs.promises.rename(temp, target);
  };

  const api = {
    baseUrl: base,
    async login(email: string, password: string): Promise<TokensV1> {
      const res = await send('POST', '/auth/login', { json: { email, password } }, null);
      if (res.status !== 200) throw errorOf(res, 'Signing in');
      return assertTokens(JSON.parse(res.data as string));
    },
    me: (): Promise<MeV1> => json('GET', '/auth/me', 'Checking the account', assertMe),
    async logout(): Promise<void> {
      const res = await request('POST', '/auth/logout', 'Signing out', { json: {} });
      if (res.status !== 204 && res.status !== 403) throw errorOf(res, 'Signing out');
    },
    push: (body: PushRequestV1) => json('POST', '/sync/push', 'Pushing changes', assertPushResponse, { json: body }),
    changes: (serverProjectId: string, since: string, limit: number) =>
      json('GET', `/projects/${encodeURIComponent(serverProjectId)}/changes`, 'Reading the change feed', assertChangesPage, { query: { since, limit } }),
    patchProject: (serverProjectId: string, patch: Record<string, unknown>) => json('PATCH', `/projects/${encodeURIComponent(serverProjectId)}`, 'Changing the project', assertServerProject, { json: patch }),
    getProject: (serverProjectId: string) => json('GET', `/projects/${encodeURIComponent(serverProjectId)}`, 'Reading the project', assertServerProject),
    createProject: (body: Record<string, unknown>) => json('POST', '/projects', 'Creating the project on the server', assertServerProject, { json: body }),
    async listProjects(): Promise<ServerProjectV1[]> {
      const out: ServerProjectV1[] = [];
      for (let page = 1; ; page++) {
        const res = await json('GET', '/projects', 'Listing projects', assertServerProjectPage, { query: { page, page_size: 100, sort_by: 'name', order: 'asc' } });
        out.push(...res.items);
        if (page >= res.total_pages) return out;
      }
    },
    async hasFile(sha256: string): Promise<boolean> {
      const res = await request('HEAD', `/files/${sha256}`, 'Checking an upload');
      if (res.status === 200) return true;
      if (res.status === 404) return false;
      throw errorOf(res, 'Checking an upload');
    },
    async putFile(sha256: string, bytes: Buffer): Promise<void> {
      const res = await request('PUT', `/files/${sha256}`, 'Uploading an image', { bytes });
      if (res.status !== 200 && res.status !== 201) throw errorOf(res, 'Uploading an image');
    },
    async downloadImage(serverProjectId: string, imageId: string, target: string): Promise<Buffer> {
      const res = await request('GET', `/projects/${encodeURIComponent(serverProjectId)}/images/${encodeURIComponent(imageId)}/file`, 'Downloading an image', { binary: true });
      if (res.status !== 200) throw errorOf(res, 'Downloading an image');
      const bytes = Buffer.from(res.data as ArrayBuffer);
      await writeFile(target, bytes);
      return bytes;
    },
    startExport: (serverProjectId: string, body: Record<string, unknown>) => json('POST', `/projects/${encodeURIComponent(serverProjectId)}/export`, 'Starting an export', assertExportAccepted, { json: body }),
    exportStatus: (serverProjectId: string, exportId: string): Promise<ExportStatusV1> =>
      json('GET', `/projects/${encodeURIComponent(serverProjectId)}/exports/${encodeURIComponent(exportId)}`, 'Reading the export', assertExportStatus),
    /** Downloads a signed URL the server handed out (no credentials needed). */
    async downloadSigned(url: string, target: string): Promise<number> {
      const res = await send('GET', url, { binary: true }, null);
      if (res.status !== 200) throw errorOf(res, 'Downloading the export');
      const bytes = Buffer.from(res.data as ArrayBuffer);
      await writeFile(target, bytes);
      return bytes.length;
    },
    close(): void {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
  return api;
}

export type ServerClient = ReturnType<typeof createServerClient>;

/** The delegate the sync loop uses, over a server client. */
export function httpDelegate(client: ServerClient): SyncDelegate {
  return {
    push: (request) => client.push(request),
    changes: (id, since, limit) => client.changes(id, since, limit),
    patchProject: (id, patch) => client.patchProject(id, patch),
    hasFile: (sha) => client.hasFile(sha),
    putFile: (sha, bytes) => client.putFile(sha, bytes),
  };
}
