import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce';

describe('coalesce', () => {
  it('collapses triggers during a run into one more run', async () => {
    let runs = 0;
    let release: () => void = () => {};
    const trigger = coalesce(() => {
      runs++;
      return new Promise<void>((r) => (release = r));
    });
    trigger();
    trigger();
    trigger();
    expect(runs).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
  });
});
