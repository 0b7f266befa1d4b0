import { describe, expect, it } from 'vitest';
import { MAX_SCALE, fitView, imageToScreen, panBy, screenToImage, wheelFactor, zoomAt, zoomTo } from './view-transform';

describe('view transform', () => {
  it('fits a wide image to the viewport width and centres it vertically', () => {
    const v = fitView({ width: 1000, height: 500 }, { width: 532, height: 532 }, 16);
    expect(v.scale).toBeCloseTo(0.5);
    expect(v.x).toBeCloseTo(16);
    expect(v.y).toBeCloseTo((532 - 250) / 2);
  });

  it('fits a tall image to the viewport height', () => {
    const v = fitView({ width: 100, height: 400 }, { width: 800, height: 200 }, 0);
    expect(v.scale).toBeCloseTo(0.5);
    expect(v.y).toBeCloseTo(0);
  });

  it('keeps the image point under the cursor fixed while zooming', () => {
    const v = { scale: 0.7, x: 13, y: -42 };
    const before = screenToImage(v, 300, 200);
    const z = zoomAt(v, 2.5, 300, 200);
    expect(z.scale).toBeCloseTo(1.75);
    const after = screenToImage(z, 300, 200);
    expect(after[0]).toBeCloseTo(before[0]);
    expect(after[1]).toBeCloseTo(before[1]);
  });

  it('clamps the zoom', () => {
    expect(zoomAt({ scale: 1, x: 0, y: 0 }, 1e6, 0, 0).scale).toBe(MAX_SCALE);
  });

  it('zooms to 100% around a point', () => {
    const z = zoomTo({ scale: 0.25, x: 10, y: 10 }, 1, 50, 50);
    expect(z.scale).toBe(1);
    expect(screenToImage(z, 50, 50)).toEqual(screenToImage({ scale: 0.25, x: 10, y: 10 }, 50, 50));
  });

  it('maps image to screen and back', () => {
    const v = panBy({ scale: 3, x: 5, y: 7 }, 10, -4);
    const [sx, sy] = imageToScreen(v, 12, 34);
    expect(screenToImage(v, sx, sy)).toEqual([12, 34]);
  });

  it('zooms in on wheel up and out on wheel down', () => {
    expect(wheelFactor(-100, 0)).toBeGreaterThan(1);
    expect(wheelFactor(100, 0)).toBeLessThan(1);
    expect(wheelFactor(-3, 1)).toBeCloseTo(wheelFactor(-48, 0));
  });
});
