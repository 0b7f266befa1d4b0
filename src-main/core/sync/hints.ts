import WebSocket from 'ws';
import { backoffDelay } from '../../../src-shared/sync/backoff';
import type { SyncClock } from './delegate';

export interface HintOptions {
  /** `http://host:port` of the server. */
  serverUrl: string;
  /** A current access token (null: API-key accounts have no WebSocket; sync polls instead). */
  token(): Promise<string | null>;
  /** Server project ids to listen to. */
  projects(): string[];
  /** Something changed in this server project: pull sooner. */
  onHint(serverProjectId: string): void;
  clock: SyncClock;
}

/**
 * WebSocket events as hints only: any event of a subscribed project asks the loop to pull soon.
 * The change feed stays the record — a missed or reordered event costs a few seconds, never data.
 * Reconnects with backoff while the loop runs.
 */
export function createHints(options: HintOptions) {
  let socket: WebSocket | null = null;
  let stopped = true;
  let failures = 0;
  let subscribed = new Set<string>();

  const subscribe = () => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    const wanted = new Set(options.projects());
    for (const id of wanted) if (!subscribed.has(id)) socket.send(JSON.stringify({ type: 'subscribe', channel: `project:${id}` }));
    for (const id of subscribed) if (!wanted.has(id)) socket.send(JSON.stringify({ type: 'unsubscribe', channel: `project:${id}` }));
    subscribed = wanted;
  };

  const connect = async (): Promise<void> => {
    if (stopped) return;
    const token = await options.token().catch(() => null);
    if (!token || stopped) return;
    const url = `${options.serverUrl.replace(/^http/, 'ws')}/ws`;
    const ws = new WebSocket(url);
    socket = ws;
    subscribed = new Set();
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
    ws.on('message', (raw) => {
      let message: { type?: string; project_id?: string };
      try {
        message = JSON.parse(raw.toString());
      } catch {
        return;
      }
      if (message.type === 'auth.ok') {
        failures = 0;
        subscribe();
      } else if (message.project_id && message.type !== 'user.viewing') options.onHint(message.project_id);
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      if (socket === ws) socket = null;
      if (stopped) return;
      void options.clock.sleep(backoffDelay(++failures, options.clock.random(), { baseMs: 2000, maxMs: 120_000 })).then(connect);
    });
  };

  return {
    start(): void {
      if (!stopped) return;
      stopped = false;
      void connect();
    },
    /** Linked projects changed: subscribe to the new set. */
    refresh: subscribe,
    stop(): void {
      stopped = true;
      socket?.close();
      socket = null;
    },
  };
}
