import type { Tx } from '../storage/types';

/** Channel carrying "project X has new events" (payload: the project id). */
export const EVENTS_CHANNEL = 'labeler_events';
/** Channel carrying ephemeral presence (`user.viewing`), payload: the event JSON. */
export const PRESENCE_CHANNEL = 'labeler_presence';

export type ProjectEvent =
  | { type: 'annotation.created'; project_id: string; annotation: Record<string, unknown>; timestamp: string; rev: number }
  | { type: 'annotation.updated'; project_id: string; annotation_id: string; changes: Record<string, unknown>; timestamp: string; rev: number }
  | { type: 'annotation.deleted'; project_id: string; annotation_id: string; timestamp: string; rev: number };

const notified = new WeakMap<Tx, Set<string>>();

/**
 * Records events in the writing transaction; listeners (this process and, on PostgreSQL, every
 * other) are told at commit and read the events table in revision order.
 */
export async function publishMany(tx: Tx, events: ProjectEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 200) {
    const chunk = events.slice(i, i + 200);
    await tx.run(`INSERT INTO events (project_id, rev, payload, created_at) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`, chunk.flatMap((e) => [e.project_id, e.rev, JSON.stringify(e), e.timestamp]));
  }
  let set = notified.get(tx);
  if (!set) notified.set(tx, (set = new Set()));
  for (const projectId of new Set(events.map((e) => e.project_id))) {
    if (set.has(projectId)) continue;
    set.add(projectId);
    await tx.notify(EVENTS_CHANNEL, projectId);
  }
}

export function publish(tx: Tx, event: ProjectEvent): Promise<void> {
  return publishMany(tx, [event]);
}
