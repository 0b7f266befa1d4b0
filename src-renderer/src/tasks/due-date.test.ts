import { describe, expect, it } from 'vitest';
import { dayOfDue, dueOfDay } from './due-date';

describe('due dates', () => {
  it('stores a picked day as the end of that local day and shows it back as the same day', () => {
    const due = dueOfDay('2026-03-09')!;
    expect(new Date(due).getHours()).toBe(23);
    expect(new Date(due).getMinutes()).toBe(59);
    expect(dayOfDue(due)).toBe('2026-03-09');
  });
  it('clears the due date when the input is empty or not a day', () => {
    expect(dueOfDay('')).toBeNull();
    expect(dueOfDay('tomorrow')).toBeNull();
  });
  it('shows date-only due dates as they are, and nothing for none or garbage', () => {
    expect(dayOfDue('2025-01-20')).toBe('2025-01-20');
    expect(dayOfDue(null)).toBe('');
    expect(dayOfDue('not a date')).toBe('');
  });
});
