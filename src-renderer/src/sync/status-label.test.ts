import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../src-shared/contract/sync';
import { describeSyncStatus } from './status-label';

const base: SyncStatus = {
  account: { server_url: 'http://s', auth_method: 'password', user_id: 1, email: 'a@b.c', full_name: 'A', role: 'annotator', client_id: 'ws-1', needs_sign_in: false },
  state: 'idle',
  project_id: null,
  pending: 0,
  parked: 0,
  conflicts: 0,
  last_synced_at: '2025-01-01T10:00:00Z',
  last_error: null,
  retry_at: null,
  links: [{ project_id: 'p', project_name: 'P', server_url: 'http://s', server_project_id: 'sp', enabled: true, cursor: '3', pending: 0, parked: 0, conflicts: 0, last_pushed_at: null, last_pulled_at: null, last_error: null }],
};

describe('sync indicator text', () => {
  const now = new Date('2025-01-01T10:00:30Z');
  it('says offline with the pending count while backing off, and asks to sign in when refused', () => {
    expect(describeSyncStatus({ ...base, state: 'backoff', pending: 3 }, now)).toMatchObject({ label: 'Offline · 3 pending', tone: 'warn' });
    expect(describeSyncStatus({ ...base, account: { ...base.account!, needs_sign_in: true }, pending: 2 }, now)).toMatchObject({ label: 'Sign in again', tone: 'bad' });
    expect(describeSyncStatus({ ...base, account: null }, now).label).toBe('Sign in to sync');
  });
  it('shows syncing, pending and when it last synced', () => {
    expect(describeSyncStatus({ ...base, state: 'pushing', pending: 5 }, now).label).toBe('Syncing · 5 pending');
    expect(describeSyncStatus({ ...base, pending: 5 }, now).label).toBe('5 pending');
    expect(describeSyncStatus(base, now)).toMatchObject({ label: 'Synced just now', tone: 'ok' });
    expect(describeSyncStatus({ ...base, state: 'error', last_error: 'gone' }, now)).toMatchObject({ label: 'Sync error', title: 'gone' });
  });
});
