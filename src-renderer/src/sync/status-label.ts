import type { SyncStatus } from '../../../src-shared/contract/sync';

export type Tone = 'ok' | 'busy' | 'warn' | 'bad' | 'muted';

/** What the sync indicator says, from the status alone (pure, so it is tested without a DOM). */
export function describeSyncStatus(status: SyncStatus | null, now: Date = new Date()): { label: string; tone: Tone; title: string } {
  if (!status) return { label: 'Sync', tone: 'muted', title: 'Reading the sync status…' };
  if (!status.account) return { label: 'Sign in to sync', tone: 'muted', title: 'Work stays on this machine until you sign in to a Labeler server.' };
  if (status.account.needs_sign_in) return { label: 'Sign in again', tone: 'bad', title: `${status.account.server_url} refused the saved sign-in. ${status.pending} changes wait, safely queued.` };
  if (!status.links.length) return { label: 'No project linked', tone: 'muted', title: 'Link a project to a server project to sync it.' };
  const pending = status.pending ? `${status.pending} pending` : '';
  switch (status.state) {
    case 'pushing':
    case 'pulling':
      return { label: pending ? `Syncing · ${pending}` : 'Syncing…', tone: 'busy', title: status.state === 'pushing' ? 'Sending your changes' : 'Getting the server\'s changes' };
    case 'backoff':
      return { label: pending ? `Offline · ${pending}` : 'Offline', tone: 'warn', title: `${status.last_error ?? 'The server cannot be reached.'} Retrying${status.retry_at ? ` at ${new Date(status.retry_at).toLocaleTimeString()}` : ''}; nothing is lost.` };
    case 'rate_limited':
      return { label: 'Waiting (rate limit)', tone: 'warn', title: `The server asked to wait${status.retry_at ? ` until ${new Date(status.retry_at).toLocaleTimeString()}` : ''}.` };
    case 'error':
      return { label: 'Sync error', tone: 'bad', title: status.last_error ?? 'A project could not sync.' };
  }
  if (pending) return { label: pending, tone: 'warn', title: 'Changes waiting to be sent.' };
  return { label: status.last_synced_at ? `Synced ${ago(new Date(status.last_synced_at), now)}` : 'Up to date', tone: 'ok', title: status.last_synced_at ? `Last synced ${new Date(status.last_synced_at).toLocaleString()}` : 'Nothing to send.' };
}

function ago(then: Date, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return then.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
