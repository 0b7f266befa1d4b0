import { describe, expect, it } from 'vitest';
import type { Person } from '../../../src-shared/qa/entities';
import { initialsOf, switchKind } from './profile-switch';

const person = (id: string, email: string | null): Person => ({ id, email, full_name: id, role: 'annotator', is_local: false, created_at: '', updated_at: '' });

describe('switchKind', () => {
  const ada = person('ada', 'ada@example.com');
  const placeholder = person('local', null);

  it('switches to the person who has the email, whatever its case', () => {
    expect(switchKind('ADA@example.com', placeholder, [ada, placeholder])).toEqual({ kind: 'existing', person: ada });
  });
  it('edits the current profile when no email is given', () => {
    expect(switchKind(' ', ada, [ada])).toEqual({ kind: 'update', person: ada });
  });
  it('gives the first-use placeholder its email instead of adding a person', () => {
    expect(switchKind('new@example.com', placeholder, [placeholder])).toEqual({ kind: 'update', person: placeholder });
  });
  it('adds a person for a new email when the current profile has one', () => {
    expect(switchKind('ann@example.com', ada, [ada])).toEqual({ kind: 'new', person: null });
  });
});

describe('initialsOf', () => {
  it('takes the first and last word', () => {
    expect(initialsOf('Ada  King Lovelace')).toBe('AL');
    expect(initialsOf('ann')).toBe('A');
    expect(initialsOf('')).toBe('?');
  });
});
