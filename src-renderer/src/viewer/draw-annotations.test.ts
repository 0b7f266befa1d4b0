import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../../src-shared/geometry/schemas';
import { drawAnnotations, type DrawContext, type DrawItem } from './draw-annotations';
import { maskToRgba } from './mask-image';

/** A context that records calls and style changes instead of painting. */
function recorder() {
  const calls: string[] = [];
  const ctx = new Proxy({} as Record<string, unknown>, {
    get: (target, key: string) => (key in target ? target[key] : (...args: unknown[]) => calls.push(`${key}(${args.map((a) => (typeof a === 'number' ? +a.toFixed(2) : a)).join(',')})`)),
    set: (target, key: string, value) => {
      calls.push(`${key}=${value}`);
      target[key] = value;
      return true;
    },
  });
  return { ctx: ctx as unknown as DrawContext, calls };
}

const annotation = (geometry: Geometry, class_id = 0, key = 'a1'): DrawItem => ({ key, class_id, geometry });

const options = { scale: 2, colorOf: (id: number | null) => (id === 0 ? '#ff0000' : '#00ff00'), maskImage: () => null, imageSize: { width: 100, height: 50 } };

describe('drawAnnotations', () => {
  it('outlines a bbox in its class color with a constant screen width', () => {
    const { ctx, calls } = recorder();
    drawAnnotations(ctx, [annotation({ type: 'bbox', bbox: [10, 20, 30, 40] })], options);
    expect(calls).toContain('strokeStyle=#ff0000');
    expect(calls).toContain('lineWidth=1');
    expect(calls.filter((c) => c.startsWith('moveTo') || c.startsWith('lineTo'))).toEqual(['moveTo(10,20)', 'lineTo(40,20)', 'lineTo(40,60)', 'lineTo(10,60)']);
    expect(calls).toContain('fill(evenodd)');
    expect(calls).toContain('stroke()');
  });

  it('adds polygon holes as extra rings of the same path', () => {
    const { ctx, calls } = recorder();
    const square = (o: number, s: number): [number, number][] => [[o, o], [o + s, o], [o + s, o + s], [o, o + s]];
    drawAnnotations(ctx, [annotation({ type: 'polygon', points: square(0, 10), holes: [square(3, 2)] }, 1)], options);
    expect(calls.filter((c) => c.startsWith('moveTo'))).toEqual(['moveTo(0,0)', 'moveTo(3,3)']);
    expect(calls.filter((c) => c === 'beginPath()')).toHaveLength(1);
    expect(calls).toContain('strokeStyle=#00ff00');
  });

  it('draws a thick line at its own width and a partial circle as an open arc', () => {
    const { ctx, calls } = recorder();
    drawAnnotations(ctx, [annotation({ type: 'line', p1: [0, 0], p2: [5, 5], width: 7 }), annotation({ type: 'circle', center: [5, 5], radius: 3, start_angle: 0, end_angle: 90 })], options);
    expect(calls).toContain('lineWidth=7');
    expect(calls).toContain(`arc(5,5,3,0,${+(Math.PI / 2).toFixed(2)})`);
    expect(calls.filter((c) => c.startsWith('fill('))).toHaveLength(0);
  });

  it('stretches a mask over the image', () => {
    const { ctx, calls } = recorder();
    const bitmap = {} as CanvasImageSource;
    drawAnnotations(ctx, [annotation({ type: 'mask', rle: { size: [5, 10], counts: [1, 2] } })], { ...options, maskImage: () => bitmap });
    expect(calls.some((c) => c.startsWith('drawImage(') && c.endsWith(',0,0,100,50)'))).toBe(true);
  });

  it('sets a style only when it changes, and emphasises the selection', () => {
    const { ctx, calls } = recorder();
    const box = (key: string, x: number) => annotation({ type: 'bbox', bbox: [x, 0, 5, 5] }, 0, key);
    drawAnnotations(ctx, [box('a', 0), box('b', 10), box('c', 20)], { ...options, emphasis: new Set(['b']) });
    expect(calls.filter((c) => c.startsWith('strokeStyle='))).toEqual(['strokeStyle=#ff0000']);
    expect(calls.filter((c) => c.startsWith('lineWidth='))).toEqual(['lineWidth=1', 'lineWidth=1.75', 'lineWidth=1']);
    expect(calls.filter((c) => c.startsWith('fillStyle='))).toEqual(['fillStyle=rgba(255,0,0,0.18)', 'fillStyle=rgba(255,0,0,0.32)', 'fillStyle=rgba(255,0,0,0.18)']);
  });

  it('skips invisible keypoints', () => {
    const { ctx, calls } = recorder();
    drawAnnotations(ctx, [annotation({ type: 'points', points: [[1, 1], [2, 2]], visible: [true, false] })], options);
    expect(calls.filter((c) => c.startsWith('arc'))).toHaveLength(1);
  });
});

describe('maskToRgba', () => {
  it('tints inside pixels and leaves the rest transparent', () => {
    const rgba = maskToRgba({ data: new Uint8Array([0, 1]) }, '#102030', 0.5);
    expect(Array.from(rgba)).toEqual([0, 0, 0, 0, 16, 32, 48, 128]);
  });
});
