import { describe, expect, it } from 'vitest';
import { promptProblems, promptTensors } from './prompt';

describe('decoder prompts', () => {
  it('scales clicks to the 1024 frame and adds the padding point when there is no box', () => {
    const t = promptTensors({ points: [{ x: 500, y: 375, label: 1 }, { x: 900, y: 600, label: 0 }] }, 1800, 1200, 1024);
    expect(t.count).toBe(3);
    expect(Array.from(t.labels)).toEqual([1, 0, -1]);
    expect(Array.from(t.coords).map((v) => Math.round(v * 100) / 100)).toEqual([284.44, 213.33, 512, 341.33, 0, 0]);
  });

  it('puts the box after the clicks as its two corners, labels 2 and 3, without padding', () => {
    const t = promptTensors({ points: [{ x: 575, y: 750, label: 0 }], box: [425, 600, 275, 275] }, 1024, 1024, 1024);
    expect(Array.from(t.labels)).toEqual([0, 2, 3]);
    expect(Array.from(t.coords)).toEqual([575, 750, 425, 600, 700, 875]);
  });

  it('refuses empty prompts and prompts outside the image, naming the problem', () => {
    expect(promptProblems({ points: [] }, 10, 10)).toEqual(['give at least one point or a box']);
    expect(promptProblems({ points: [{ x: 11, y: 5, label: 1 }] }, 10, 10)[0]).toMatch(/outside the 10×10 image/);
    expect(promptProblems({ points: [], box: [5, 5, 10, 2] }, 10, 10)[0]).toMatch(/box .* outside/);
    expect(() => promptTensors({ points: [] }, 10, 10, 1024)).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
  });
});
