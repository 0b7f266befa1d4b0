import { describe, expect, it } from 'vitest';
import { formatBytes, newJobId, parseSplit, percentOf } from './io-helpers';

describe('parseSplit', () => {
  it('accepts fractions and percents, blanks as 0', () => {
    expect(parseSplit({ train: '0.8', val: '0.2', test: '' })).toEqual({ ok: true, split: { train: 0.8, val: 0.2, test: 0 } });
    expect(parseSplit({ train: '70', val: '20', test: '10' })).toEqual({ ok: true, split: { train: 0.7, val: 0.2, test: 0.1 } });
  });
  it('refuses ratios that do not add up, negatives and text', () => {
    expect(parseSplit({ train: '0.5', val: '0.2', test: '0' }).ok).toBe(false);
    expect(parseSplit({ train: '-1', val: '2', test: '0' }).ok).toBe(false);
    expect(parseSplit({ train: 'a', val: '1', test: '' }).ok).toBe(false);
    expect(parseSplit({ train: '', val: '', test: '' }).ok).toBe(false);
  });
});

describe('helpers', () => {
  it('job ids match the contract pattern and differ', () => {
    const a = newJobId('import');
    expect(a).toMatch(/^[\w.-]{1,64}$/);
    expect(newJobId('import')).not.toBe(a);
  });
  it('percent of a progress event', () => {
    const base = { job_id: 'j', kind: 'dataset-import', project_id: 'p', message: '', finished: false };
    expect(percentOf(null)).toBe(0);
    expect(percentOf({ ...base, done: 0, total: 0 })).toBe(0);
    expect(percentOf({ ...base, done: 1, total: 4 })).toBe(25);
    expect(percentOf({ ...base, done: 1, total: 1, finished: true })).toBe(100);
  });
  it('formats bytes', () => {
    expect(formatBytes(500)).toBe('500 B');
    expect(formatBytes(13641)).toBe('13 KB');
    expect(formatBytes(1536)).toBe('1.5 KB');
  });
});
