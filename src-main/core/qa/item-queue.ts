import { mixGold } from '../../../src-shared/qa/gold';
import type { ItemType } from '../../../src-shared/qa/items';
import { qaSettingsOf } from '../../../src-shared/qa/settings';
import type { Store } from '../store';
import type { QaStore } from './store';
import type { StoredItem } from './store/items';

export interface QueueView {
  /** The whole queue in order, answered items included (positions stay stable while working). */
  order: StoredItem[];
  /** What is still to do: not answered or skipped by this annotator, and needing more answers (gold always does). */
  remaining: StoredItem[];
}

/**
 * An annotator's item queue. Without a task: the project's items in import order with gold mixed
 * in at goldTaskPercentage, deterministically per annotator; items that already have
 * consensusRequired answers drop out. With a task: the task's items in the task's order (gold
 * was mixed in when the task was made).
 */
export function itemQueue(store: Store, qa: QaStore, projectId: string, annotatorId: string, options: { item_type?: ItemType; task_id?: string }): QueueView {
  const settings = qaSettingsOf(store.projects.get(projectId).task_config);
  const items = qa.items.all(projectId).filter((i) => !options.item_type || i.content.item_type === options.item_type);
  const byId = new Map(items.map((i) => [i.id, i]));
  let ids: string[];
  if (options.task_id) {
    ids = (JSON.parse(qa.tasks.row(options.task_id).item_ids as string) as string[]).filter((id) => byId.has(id));
  } else {
    const regular = items.filter((i) => !i.gold_id).map((i) => i.id);
    const gold = items.filter((i) => i.gold_id).map((i) => i.id);
    ids = mixGold(regular, gold, settings.goldTaskPercentage / 100, `${annotatorId}:${projectId}`);
  }
  const mine = new Set<string>();
  const answers = new Map<string, number>();
  for (const r of qa.responses.all(projectId)) {
    if (r.annotator_id === annotatorId) mine.add(r.item_id as string);
    else if (r.skipped === 0) answers.set(r.item_id as string, (answers.get(r.item_id as string) ?? 0) + 1);
  }
  const order = ids.map((id) => byId.get(id)!);
  const remaining = order.filter((i) => !mine.has(i.id) && (i.gold_id !== null || options.task_id !== undefined || (answers.get(i.id) ?? 0) < settings.consensusRequired));
  return { order, remaining };
}
