import { describe, expect, it } from 'vitest';
import { PALETTE } from '../palette';
import { mapAttributes } from './attribute-mapping';
import { mapClasses } from './class-mapping';

describe('class mapping', () => {
  it('matches names case-insensitively, keeps format ids when free, creates parents first, and takes palette colours', () => {
    const project = [{ id: 0, name: 'Cat', color: '#000000', parent_id: null }];
    const m = mapClasses(project, [{ name: 'cat', id: 5 }, { name: 'car', id: 2, parent: 'vehicle' }, { name: 'bus', id: 0 }], ['dog']);
    expect(m.idOf('CAT')).toBe(0);
    expect(m.created).toEqual([
      { id: 1, name: 'vehicle', color: PALETTE[1], parent_id: null },
      { id: 2, name: 'car', color: PALETTE[2], parent_id: 1 },
      { id: 3, name: 'bus', color: PALETTE[3], parent_id: null },
      { id: 4, name: 'dog', color: PALETTE[4], parent_id: null },
    ]);
  });

  it('a class known only by index takes the project class with that id', () => {
    const m = mapClasses([{ id: 3, name: 'person', color: '#000000', parent_id: null }], [{ name: 'class_3', id: 3, byIndexOnly: true }], ['class_3']);
    expect(m.idOf('class_3')).toBe(3);
    expect(m.created).toEqual([]);
  });
});

describe('attribute mapping', () => {
  it('infers types of new attributes, coerces values, extends select options and refuses what cannot fit', () => {
    const schema = [{ name: 'count', type: 'number' as const }, { name: 'color', type: 'select' as const, options: ['red'] }];
    const m = mapAttributes(schema, [], [{ occluded: 'true', note: 'x' }, { occluded: false, score: '1.5' }]);
    expect(m.added).toEqual([{ name: 'occluded', type: 'boolean' }, { name: 'note', type: 'text' }, { name: 'score', type: 'number' }]);
    expect(m.map({ occluded: 'false', count: '3', color: 'blue', note: 5, score: null })).toEqual({ ok: true, value: { occluded: false, count: 3, color: 'blue', note: '5' } });
    expect(m.extended).toEqual([{ name: 'color', options: ['blue'] }]);
    expect(m.map({ count: 'many' })).toEqual({ ok: false, reason: 'attribute "count" wants a number, got "many"' });
  });
});
