import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goldAccuracy, goldTargetPerformance, mixGold } from './gold';

const regular = Array.from({ length: 90 }, (_, i) => `r${String(i).padStart(2, '0')}`);
const gold = Array.from({ length: 20 }, (_, i) => `g${i}`);

describe('gold mixing', () => {
  it('puts the configured share of gold into the queue and keeps regular items in order', () => {
    const queue = mixGold(regular, gold, 0.1, 'ann@project');
    expect(queue).toHaveLength(100);
    expect(queue.filter((id) => id.startsWith('g'))).toHaveLength(10);
    expect(queue.filter((id) => id.startsWith('r'))).toEqual(regular);
  });

  it('is the same for the same annotator and differs between annotators', () => {
    expect(mixGold(regular, gold, 0.1, 'ann@p')).toEqual(mixGold(regular, gold, 0.1, 'ann@p'));
    expect(mixGold(regular, gold, 0.1, 'ann@p')).not.toEqual(mixGold(regular, gold, 0.1, 'bob@p'));
  });

  it('never repeats a gold item nor drops a regular one, for any share', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 0.9, noNaN: true }), fc.string(), (share, seed) => {
      const queue = mixGold(regular, gold, share, seed);
      expect(new Set(queue).size).toBe(queue.length);
      expect(queue.filter((id) => id.startsWith('r'))).toEqual(regular);
    }));
  });

  it('adds nothing with no gold or a zero share', () => {
    expect(mixGold(regular, [], 0.5, 's')).toEqual(regular);
    expect(mixGold(regular, gold, 0, 's')).toEqual(regular);
  });
});

describe('gold accuracy', () => {
  it('is correct / attempts per annotator, with the mean partial score', () => {
    const outcomes = [
      { annotator: 'ann', target: 'g1', correct: true, score: 1 },
      { annotator: 'ann', target: 'g2', correct: false, score: 0.5 },
      { annotator: 'bob', target: 'g1', correct: false, score: 0 },
    ];
    expect(goldAccuracy(outcomes)).toEqual([
      { annotator: 'ann', attempts: 2, correct: 1, accuracy: 0.5, mean_score: 0.75 },
      { annotator: 'bob', attempts: 1, correct: 0, accuracy: 0, mean_score: 0 },
    ]);
    expect(goldTargetPerformance(outcomes)).toEqual([{ target: 'g1', attempts: 2, success_rate: 0.5 }, { target: 'g2', attempts: 1, success_rate: 0 }]);
  });
});
