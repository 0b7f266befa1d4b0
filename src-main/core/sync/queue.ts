import { changedGroups, groupsOf, isSyncTable, patchOf, same, WIRE_ENTITY, type SyncTable } from '../../../src-shared/sync/fields';
import type { MutationV1, PushResultV1 } from '../../../src-shared/sync/wire';
import type { Merger } from './merge';
import type { Row } from './rows';
import { baseStatements, mutationStatements, type MutationRow, type SyncDb } from './sync-db';

/** Tables whose rows travel by push; projects travel by PATCH (settings only). */
const PUSHED: ReadonlySet<string> = new Set(['images', 'annotations', 'tasks', 'comments']);

export interface PushTally {
  pushed: number;
  conflicts: number;
  parked: number;
}

interface Plan {
  op: MutationRow['op'];
  data: Record<string, unknown>;
}

/**
 * The local half of push. `stage` turns outbox entries into `sync_mutations` rows — one per row,
 * each with its seq (AUTOINCREMENT, never reused), in the same transaction that deletes the entry —
 * folding changes to a row that has not been sent yet into its queued mutation. `nextBatch`
 * freezes what is sent (base_rev, sent_at) before the HTTP call; `applyResults` records the
 * server's answers: applied → done, conflict → merge, rejected → parked.
 */
export function createQueue(s: SyncDb, merger: Merger) {
  const { db } = s;
  const base = baseStatements(db);
  const mutations = mutationStatements(db);
  const statements = {
    outbox: db.prepare('SELECT seq, project_id, entity, op, ids FROM outbox WHERE project_id = ? ORDER BY seq LIMIT 16'),
    dropEntry: db.prepare('DELETE FROM outbox WHERE seq = ?'),
    queuedFor: db.prepare('SELECT seq, row_id, op, data, sent_at, state FROM sync_mutations WHERE entity = ? AND row_id IN (SELECT value FROM json_each(?)) ORDER BY seq'),
    insertMany: db.prepare('INSERT INTO sync_mutations (project_id, entity, op, row_id, data, created_at) SELECT ?, ?, value ->> 0, value ->> 1, value ->> 2, ? FROM json_each(?) ORDER BY key'),
    replace: db.prepare('UPDATE sync_mutations SET op = ?, data = ? WHERE seq = ?'),
    next: db.prepare("SELECT * FROM sync_mutations WHERE project_id = ? AND state = 'pending' AND seq > ? ORDER BY seq LIMIT ?"),
    freeze: db.prepare('UPDATE sync_mutations SET base_rev = ?, sent_at = ? WHERE seq = ?'),
    freezeCreates: db.prepare('UPDATE sync_mutations SET base_rev = NULL, sent_at = ? WHERE seq IN (SELECT value FROM json_each(?))'),
    dropAll: db.prepare('DELETE FROM sync_mutations WHERE seq IN (SELECT value FROM json_each(?))'),
    queuedAmong: db.prepare('SELECT DISTINCT row_id FROM sync_mutations WHERE entity = ? AND row_id IN (SELECT value FROM json_each(?))').pluck(),
    basedAmong: db.prepare('SELECT row_id FROM sync_base WHERE entity = ? AND row_id IN (SELECT value FROM json_each(?))').pluck(),
    awaiting: db.prepare("UPDATE sync_mutations SET state = 'awaiting' WHERE seq = ?"),
    park: db.prepare('INSERT OR REPLACE INTO sync_parked (seq, project_id, entity, op, row_id, data, code, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    lastAcked: db.prepare("SELECT value FROM sync_meta WHERE key = 'last_acked_seq'").pluck(),
    setLastAcked: db.prepare("INSERT INTO sync_meta (key, value) VALUES ('last_acked_seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
    leftovers: db.prepare("SELECT * FROM sync_mutations WHERE project_id = ? AND state = 'awaiting' ORDER BY seq"),
  };

  /** What a row needs on the server now, from its current state, the base its edits started from, and the data of its create if that was sent. */
  const plan = (table: SyncTable, id: string, row: Row | undefined, sentCreate: string | undefined): Plan | null | undefined => {
    const adapter = s.adapters[table];
    if (!row) return undefined;
    const view = adapter.view(row);
    const onServer = row.server_rev !== null || sentCreate !== undefined;
    if (table === 'projects') {
      const stored = base.get(table, id);
      const groups = changedGroups(table, view, stored ? adapter.normalize(JSON.parse(stored.data)) : null);
      return row.server_rev !== null && groups.length ? { op: 'update', data: patchOf(table, view, groups) } : null;
    }
    if (!onServer) return view.deleted ? null : { op: 'create', data: adapter.createData(row, view) };
    if (view.deleted) return { op: 'delete', data: {} };
    const stored = base.get(table, id);
    const from = stored ? adapter.normalize(JSON.parse(stored.data)) : sentCreate ? adapter.normalize(JSON.parse(sentCreate)) : null;
    const groups = changedGroups(table, view, from);
    return groups.length ? { op: 'update', data: patchOf(table, view, groups) } : null;
  };

  /**
   * Stages rows of one table (distinct ids): each gets the mutation its state needs, folded into
   * its queued mutation while that is unsent. Reads and new mutations go a statement per lot.
   */
  const stageRows = (table: SyncTable, ids: readonly string[], projectId: string, now: string): void => {
    const rows = s.adapters[table].readMany(ids);
    const sentCreates = new Map<string, string>();
    const unsent = new Map<string, MutationRow>();
    for (const m of statements.queuedFor.all(table, JSON.stringify(ids)) as MutationRow[]) {
      if (m.op === 'create' && m.sent_at !== null && !sentCreates.has(m.row_id)) sentCreates.set(m.row_id, m.data);
      if (m.sent_at === null && m.state === 'pending') unsent.set(m.row_id, m); // the latest, by seq order
    }
    const inserts: [MutationRow['op'], string, string][] = [];
    for (const id of ids) {
      const wanted = plan(table, id, rows.get(id), sentCreates.get(id));
      const queued = unsent.get(id);
      if (wanted === undefined || wanted === null) {
        if (queued) mutations.remove(queued.seq);
      } else if (queued) statements.replace.run(wanted.op, JSON.stringify(wanted.data), queued.seq);
      else inserts.push([wanted.op, id, JSON.stringify(wanted.data)]);
    }
    if (inserts.length) statements.insertMany.run(projectId, table, now, JSON.stringify(inserts));
  };

  /** Records an applied mutation (`removed`: its queue row is already gone). */
  const ack = (m: MutationRow, rev: number | null, removed = false) => {
    const adapter = s.adapters[m.entity];
    if (!removed) mutations.remove(m.seq);
    if (rev !== null) adapter.setServerRev(m.row_id, rev);
    const data = JSON.parse(m.data) as Record<string, unknown>;
    const stillQueued = mutations.hasAny(m.entity, m.row_id);
    if (m.op === 'delete') {
      // The server's tombstone keeps the last state it had (unsent edits folded into the delete never
      // reached it): the local tombstone takes that state too, so both hold the same data.
      const stored = base.get(m.entity, m.row_id);
      const row = adapter.read(m.row_id);
      if (stored && row && adapter.view(row).deleted) adapter.writeView(m.row_id, { ...adapter.normalize(JSON.parse(stored.data)), deleted: true });
      base.remove(m.entity, m.row_id);
    } else if (m.op === 'update' && rev !== null) {
      const stored = base.get(m.entity, m.row_id);
      if (stored && rev >= stored.server_rev) base.put(m.entity, m.row_id, m.project_id, rev, { ...JSON.parse(stored.data), ...data });
    } else if (m.op === 'create' && rev !== null && stillQueued) base.put(m.entity, m.row_id, m.project_id, rev, adapter.normalize(data));
    if (!stillQueued) {
      const stored = base.get(m.entity, m.row_id);
      const row = adapter.read(m.row_id);
      if (stored && row && same(adapter.view(row), adapter.normalize(JSON.parse(stored.data)))) base.remove(m.entity, m.row_id);
    }
    if (m.op === 'create' && adapter.afterCreate(data)) {
      const row = adapter.read(m.row_id);
      if (row) mutations.insert(m.project_id, m.entity, 'update', m.row_id, patchOf(m.entity, adapter.view(row), groupsOf(m.entity)), s.now());
    }
  };
  /**
   * Acknowledges, a few statements for the lot, the applied creates that need nothing more than
   * their server revision (no later change queued, no base, nothing a create cannot carry): the
   * bulk of a first push. Answers their seqs; `ack` does the others.
   */
  const plainCreates = (applied: MutationRow[], bySeq: Map<number, PushResultV1>): Set<number> => {
    const done = new Set<number>();
    const byTable = new Map<SyncTable, MutationRow[]>();
    for (const m of applied) {
      if (m.op !== 'create' || bySeq.get(m.seq)!.rev == null) continue;
      const list = byTable.get(m.entity);
      if (list) list.push(m);
      else byTable.set(m.entity, [m]);
    }
    for (const [table, creates] of byTable) {
      const adapter = s.adapters[table];
      const ids = JSON.stringify(creates.map((m) => m.row_id));
      adapter.setServerRevs(creates.map((m) => [m.row_id, bySeq.get(m.seq)!.rev as number]));
      const busy = new Set([...(statements.queuedAmong.all(table, ids) as string[]), ...(statements.basedAmong.all(table, ids) as string[])]);
      for (const m of creates) if (!busy.has(m.row_id) && !adapter.afterCreate(JSON.parse(m.data))) done.add(m.seq);
    }
    return done;
  };

  /** The highest seq the server acknowledged; only ever moves forward. */
  const recordAcked = (seq: number) => {
    if (seq > Number(statements.lastAcked.get() ?? 0)) statements.setLastAcked.run(String(seq));
  };

  const park = (m: MutationRow, code: string, reason: string) => {
    mutations.remove(m.seq);
    statements.park.run(m.seq, m.project_id, m.entity, m.op, m.row_id, m.data, code, reason, s.now());
  };

  /** Moves the project's outbox entries into the queue, oldest first, all of them or until `enough` rows were staged. Call inside a transaction. */
  const stage = (projectId: string, enough = Infinity): void => {
    const now = s.now();
    let staged = 0;
    while (staged < enough) {
      const entries = statements.outbox.all(projectId) as { seq: number; entity: string; op: string; ids: string }[];
      if (!entries.length) return;
      for (const entry of entries) {
        if (isSyncTable(entry.entity) && (PUSHED.has(entry.entity) || entry.op === 'update')) {
          const ids = [...new Set(JSON.parse(entry.ids) as string[])];
          stageRows(entry.entity, ids, projectId, now);
          staged += ids.length;
        }
        statements.dropEntry.run(entry.seq);
        if (staged >= enough) return;
      }
    }
  };

  return {
    stage,

    /**
     * The next mutations to send, in seq order: at most `max`, about `maxBytes` of data, and never
     * two for one row (the second needs the revision the first will get). A project mutation
     * travels alone. Freezes base_rev and sent_at in the same transaction. `after` is a batch still
     * awaiting its answer: the new one follows it and stops at the first row it holds.
     */
    nextBatch(projectId: string, max: number, maxBytes: number, after: readonly MutationRow[] = []): MutationRow[] {
      return s.applying(() => {
        // Enough for this batch; the rest is staged while it travels.
        stage(projectId, max);
        const rows = statements.next.all(projectId, after.length ? after[after.length - 1].seq : 0, max) as MutationRow[];
        const batch: MutationRow[] = [];
        const seen = new Set<string>(after.map((m) => `${m.entity}:${m.row_id}`));
        if (after.some((m) => m.entity === 'projects')) return batch;
        let bytes = 0;
        for (const m of rows) {
          const key = `${m.entity}:${m.row_id}`;
          if (seen.has(key)) break;
          if (m.entity === 'projects' && batch.length) break;
          if (batch.length && bytes + m.data.length > maxBytes) break;
          seen.add(key);
          batch.push(m);
          bytes += m.data.length;
          if (m.entity === 'projects') break;
        }
        const now = s.now();
        const creates: number[] = [];
        for (const m of batch) {
          if (m.sent_at !== null) continue;
          m.sent_at = now;
          if (m.op === 'create') {
            m.base_rev = null;
            creates.push(m.seq);
          } else {
            m.base_rev = (s.adapters[m.entity].read(m.row_id)?.server_rev as number | null | undefined) ?? null;
            statements.freeze.run(m.base_rev, now, m.seq);
          }
        }
        if (creates.length) statements.freezeCreates.run(now, JSON.stringify(creates));
        return batch;
      });
    },

    /** The wire form of a batch (project id and user ids mapped to the server's). */
    toWire(batch: MutationRow[], serverProjectId: string): MutationV1[] {
      return batch.map((m) => {
        const adapter = s.adapters[m.entity];
        const data = JSON.parse(m.data) as Record<string, unknown>;
        return {
          seq: m.seq,
          op: m.op,
          entity: WIRE_ENTITY[m.entity] as MutationV1['entity'],
          project_id: serverProjectId,
          id: m.row_id,
          ...(m.op === 'create' ? {} : { base_rev: m.base_rev }),
          data: m.op === 'create' ? adapter.wireCreate(data) : m.op === 'update' ? adapter.wirePatch(data) : {},
        };
      });
    },

    /** Records the server's answers to a batch in one transaction. */
    applyResults(batch: MutationRow[], results: PushResultV1[]): PushTally {
      const bySeq = new Map(results.map((r) => [r.seq, r]));
      const tally: PushTally = { pushed: 0, conflicts: 0, parked: 0 };
      const statusOf = (r: PushResultV1) => (r.status === 'duplicate' ? (r.original_status ?? 'applied') : r.status);
      s.applying(() => {
        let acked = 0;
        // One statement drops every applied mutation (a batch holds each row once, so no ack sees another's).
        const applied = batch.filter((m) => bySeq.has(m.seq) && statusOf(bySeq.get(m.seq)!) === 'applied');
        statements.dropAll.run(JSON.stringify(applied.map((m) => m.seq)));
        const done = plainCreates(applied, bySeq);
        for (const m of batch) {
          const r = bySeq.get(m.seq);
          if (!r) continue;
          const status = statusOf(r);
          if (status === 'applied') {
            if (!done.has(m.seq)) ack(m, r.rev ?? null, true);
            acked = Math.max(acked, m.seq);
            tally.pushed++;
          } else if (status === 'rejected') {
            park(m, r.code ?? 'REJECTED', r.reason ?? 'The server refused this change (its first answer was lost, so the reason is unknown).');
            tally.parked++;
          } else if (r.status === 'conflict' && r.server_row) {
            tally.conflicts += merger.mergeRemote(m.entity, r.server_row, Number(r.server_row.rev), m.project_id, true) ?? 0;
            mutations.remove(m.seq);
          } else {
            // A conflict whose server row we did not get: the next pull brings it and merges.
            statements.awaiting.run(m.seq);
          }
        }
        recordAcked(acked);
      });
      return tally;
    },

    ack: (m: MutationRow, rev: number | null) =>
      s.applying(() => {
        ack(m, rev);
        recordAcked(m.seq);
      }),
    park: (m: MutationRow, code: string, reason: string) => s.applying(() => park(m, code, reason)),

    /** After a full pull: conflicts still without a server row (the id is taken elsewhere) are parked. */
    parkLeftovers(projectId: string): number {
      return s.applying(() => {
        const rows = statements.leftovers.all(projectId) as MutationRow[];
        for (const m of rows) park(m, 'CONFLICT', 'The server holds a different row with this id (or the conflicting version could not be read).');
        return rows.length;
      });
    },

    lastAckedSeq: () => Number(statements.lastAcked.get() ?? 0),
  };
}

export type Queue = ReturnType<typeof createQueue>;
