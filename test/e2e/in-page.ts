import type { Page } from '@playwright/test';

/**
 * Helpers that run inside the page. This folder is type-checked with the Node config (no DOM
 * lib, on purpose: main must not see browser globals), so page code reaches the few browser
 * APIs it needs through these minimal shapes instead of `any`.
 */
interface PageSocket {
  onopen: (() => void) | null;
  onerror: (() => void) | null;
  onmessage: ((m: { data: string }) => void) | null;
  send(data: string): void;
  close(): void;
}
interface PageGlobals {
  location: { host: string; search: string };
  WebSocket: new (url: string) => PageSocket;
}
interface CanvasLike {
  width: number;
  height: number;
  dataset: Record<string, string | undefined>;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

/** Calls a contract procedure over the page's own serve-mode WebSocket, as the renderer does. */
export async function rpc<T = unknown>(page: Page, name: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ({ name, input }) => {
      const g = globalThis as unknown as PageGlobals;
      const token = new URLSearchParams(g.location.search).get('token');
      const ws = new g.WebSocket(`ws://${g.location.host}/rpc${token ? `?token=${token}` : ''}`);
      await new Promise<void>((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = () => reject(new Error('WebSocket failed'));
      });
      const answer = await new Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>((resolve) => {
        ws.onmessage = (m) => {
          const data = JSON.parse(m.data);
          if (data.type === 'result' && data.id === 1) resolve(data.result);
        };
        ws.send(JSON.stringify({ type: 'call', id: 1, name, input }));
      });
      ws.close();
      if (!answer.ok) throw new Error(`${answer.error?.code}: ${answer.error?.message}`);
      return answer.value;
    },
    { name, input },
  ) as Promise<T>;
}

/** How many distinct colors the viewer canvas shows (sampled), so a blank or flat canvas is caught. */
export async function canvasColorCount(page: Page): Promise<number> {
  return page.getByTestId('image-canvas').evaluate((el) => {
    const canvas = el as unknown as CanvasLike;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const colors = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 97) colors.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return colors.size;
  });
}

/**
 * The canvas pixels (RGB) in a small square around an image-pixel point, using the view transform
 * the canvas publishes in its data attributes (scale, x, y in CSS pixels; dpr).
 */
export async function pixelsAroundImagePoint(page: Page, ix: number, iy: number, radius = 2): Promise<[number, number, number][]> {
  return page.getByTestId('image-canvas').evaluate(
    (el, { ix, iy, radius }) => {
      const canvas = el as unknown as CanvasLike;
      const n = (k: string) => Number(canvas.dataset[k]);
      const dpr = n('dpr');
      const cx = Math.round((ix * n('scale') + n('x')) * dpr);
      const cy = Math.round((iy * n('scale') + n('y')) * dpr);
      const size = 2 * radius + 1;
      const { data } = canvas.getContext('2d')!.getImageData(cx - radius, cy - radius, size, size);
      const out: [number, number, number][] = [];
      for (let i = 0; i < data.length; i += 4) out.push([data[i], data[i + 1], data[i + 2]]);
      return out;
    },
    { ix, iy, radius },
  );
}

/** Whether any of the pixels is within `tolerance` (per channel) of the #RRGGBB color. */
export function hasColor(pixels: [number, number, number][], hex: string, tolerance = 40): boolean {
  const n = Number.parseInt(hex.slice(1), 16);
  const want = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return pixels.some((p) => p.every((v, i) => Math.abs(v - want[i]) <= tolerance));
}
