import type { Result, Transport } from '../../../src-shared/contract/client';
import type { EventName } from '../../../src-shared/contract/events';
import { WS_PATH, mediaPath, type WsServerMessage } from '../../../src-shared/contract/ws-protocol';

/**
 * The serve-mode transport: the contract over one WebSocket to the page's own origin. Calls made
 * while the socket (re)connects wait for it; a dropped connection reconnects with backoff.
 */
export function wsTransport(location: Location): Transport {
  const token = new URLSearchParams(location.search).get('token');
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket;
  // Calls wait on `opened`; a closed socket puts a fresh (pending) promise in its place at once.
  let resolveOpen!: (ws: WebSocket) => void;
  let opened = new Promise<WebSocket>((resolve) => (resolveOpen = resolve));
  let isOpen = false;
  let retry = 250;

  const lost = { ok: false as const, error: { code: 'INTERNAL_ERROR' as const, message: 'Lost the connection to the workstation; the call may not have run. Try again.' } };

  const connect = () => {
    socket = new WebSocket(url);
    socket.onopen = () => {
      retry = 250;
      isOpen = true;
      resolveOpen(socket);
    };
    socket.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as WsServerMessage;
      if (data.type === 'result') {
        pending.get(data.id)?.(data.result as Result<unknown>);
        pending.delete(data.id);
      } else {
        listeners.get(data.name as EventName)?.forEach((listener) => listener(data.payload));
      }
    };
    socket.onclose = () => {
      for (const [id, settle] of pending) {
        settle(lost);
        pending.delete(id);
      }
      if (isOpen) {
        isOpen = false;
        opened = new Promise<WebSocket>((resolve) => (resolveOpen = resolve));
      }
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    };
  };
  connect();

  return {
    kind: 'ws',
    async call(name, input) {
      const ws = await opened;
      const id = nextId++;
      return new Promise((resolve) => {
        if (ws.readyState !== WebSocket.OPEN) return resolve(lost);
        pending.set(id, resolve);
        ws.send(JSON.stringify({ type: 'call', id, name, input }));
      });
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    mediaUrl: (imageId, variant) => mediaPath(variant, imageId),
  };
}
