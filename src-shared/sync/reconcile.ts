import { canonical, changedGroups, groupsOf, pick, same, type SyncTable, type View } from './fields';

/**
 * The conflict rule, as a pure function so every machine computes the same answer.
 *
 * Versions are ordered by server revision: a version already on the server (a number) comes
 * before one that is not yet (`null`), and a lower revision before a higher one. When two
 * versions changed the same field group to different values, the EARLIER one wins: the server
 * accepted it first, every other machine already holds it, and so nobody's screen flips back.
 * Equal revisions (two versions neither of which is on the server, or the same revision twice) are
 * ordered by a deterministic tie-break: the smaller canonical JSON of the group wins.
 *
 * Groups changed on one side only merge without conflict (geometry here, class there). The losing
 * values are reported so the caller can keep them; nothing is dropped silently.
 */
export interface Version {
  view: View;
  /** Server revision of this version, or null when it is not on the server yet (local edits). */
  rev: number | null;
}

export type Side = 'local' | 'remote';

export interface GroupConflict {
  /** A field group, or `deleted` when one side deleted the row and the other changed it. */
  group: string;
  winner: Side;
  local: Record<string, unknown>;
  remote: Record<string, unknown>;
}

export interface Reconciled {
  merged: View;
  conflicts: GroupConflict[];
  /** Groups where `merged` differs from `remote`: what is left to push. */
  toPush: string[];
  /** True when the merge keeps a deletion the server does not have yet. */
  pushDelete: boolean;
}

/** Which of two versions wins a conflicting group (see the rule above). */
export function earlier(local: Version, remote: Version, group: string, table: SyncTable): Side {
  const l = local.rev ?? Number.POSITIVE_INFINITY;
  const r = remote.rev ?? Number.POSITIVE_INFINITY;
  if (l !== r) return l < r ? 'local' : 'remote';
  const lc = group === 'deleted' ? canonical(local.view) : canonical(pick(table, local.view, group));
  const rc = group === 'deleted' ? canonical(remote.view) : canonical(pick(table, remote.view, group));
  if (lc === rc) return 'remote';
  return lc < rc ? 'local' : 'remote';
}

function reconcileDeletion(table: SyncTable, local: Version, remote: Version, base: View | null): Reconciled {
  const localDeletes = local.view.deleted;
  const deleter = localDeletes ? local : remote;
  const other = localDeletes ? remote : local;
  const otherChanged = base === null || base.deleted || changedGroups(table, other.view, base).length > 0;
  const deletionIsNew = base === null || !base.deleted;
  const result = (merged: View, conflicts: GroupConflict[]): Reconciled => ({
    merged,
    conflicts,
    toPush: merged.deleted ? [] : changedGroups(table, merged, remote.view),
    pushDelete: merged.deleted && !remote.view.deleted,
  });
  if (!otherChanged) return result({ ...deleter.view }, []);
  if (!deletionIsNew) return result({ ...other.view }, []);
  const winner = earlier(local, remote, 'deleted', table);
  const merged = winner === 'local' ? local.view : remote.view;
  return result({ ...merged }, [{ group: 'deleted', winner, local: { ...local.view }, remote: { ...remote.view } }]);
}

/**
 * Merges a local version (with unsent changes) and a remote one (the server's), given the base
 * both started from (null when unknown: then every difference counts as a change on both sides).
 */
export function reconcile(table: SyncTable, local: Version, remote: Version, base: View | null): Reconciled {
  if (local.view.deleted && remote.view.deleted) {
    // Both deleted: no conflict; the tombstone keeps the earlier version's last state.
    const kept = earlier(local, remote, 'deleted', table) === 'local' ? local : remote;
    return { merged: { ...kept.view }, conflicts: [], toPush: [], pushDelete: false };
  }
  if (local.view.deleted !== remote.view.deleted) return reconcileDeletion(table, local, remote, base);
  const merged: View = { ...remote.view };
  const conflicts: GroupConflict[] = [];
  for (const group of groupsOf(table)) {
    const mine = pick(table, local.view, group);
    const theirs = pick(table, remote.view, group);
    if (same(mine, theirs)) continue;
    const localChanged = base === null || !same(mine, pick(table, base, group));
    const remoteChanged = base === null || !same(theirs, pick(table, base, group));
    if (!localChanged) continue;
    if (!remoteChanged) {
      Object.assign(merged, mine);
      continue;
    }
    const winner = earlier(local, remote, group, table);
    if (winner === 'local') Object.assign(merged, mine);
    conflicts.push({ group, winner, local: mine, remote: theirs });
  }
  return { merged, conflicts, toPush: changedGroups(table, merged, remote.view), pushDelete: false };
}
