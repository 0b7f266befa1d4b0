import { AppError } from '../../../src-shared/contract/errors';
import type { Item, QueueItem } from '../../../src-shared/qa/entities';
import { allowsMultiple, answerProblems, choicesOf } from '../../../src-shared/qa/items';
import type { CoreDeps, HandlerGroup } from '../deps';
import { REVIEWERS, requireRole } from './access';
import { deliver } from './deliver';
import { itemQueue } from './item-queue';
import { exportResponses, importItems } from './item-io';
import type { QaStore } from './store';
import type { StoredItem } from './store/items';
import { toResponse } from './store/responses';

type ItemProcedure = 'importItems' | 'listItems' | 'getItem' | 'deleteItems' | 'nextItem' | 'submitResponse' | 'skipItem' | 'listResponses' | 'exportResponses';

const toItem = (i: StoredItem): Item => ({
  id: i.id, project_id: i.project_id, external_id: i.external_id, instructions: i.instructions, position: i.position,
  created_at: i.created_at, updated_at: i.updated_at, response_count: i.response_count, is_gold: i.gold_id !== null, expected: i.expected,
  ...i.content,
}) as Item;

/** Items beyond images (TXT_CLS, RLHF_PAIR, IMG_CLS, QUESTION): import, the annotator queue, responses, export. */
export function itemHandlers(deps: CoreDeps, qa: QaStore): HandlerGroup<ItemProcedure> {
  const { store, changed } = deps;

  const queueItem = (i: StoredItem, annotatorId: string): QueueItem => {
    const mine = qa.responses.mine(i.id, annotatorId);
    return {
      id: i.id, project_id: i.project_id, instructions: i.instructions,
      choices: choicesOf(i.content), allow_multiple: allowsMultiple(i.content),
      my_response: mine ? toResponse(mine, qa.people.refs()) : null,
      ...i.content,
    } as QueueItem;
  };

  /** Shared by submit and skip: the item exists, the task (if named) is of its project. */
  const respond = (itemId: string, taskId: string | undefined) => {
    const item = qa.items.get(itemId);
    if (taskId && qa.tasks.row(taskId).project_id !== item.project_id) throw new AppError('VALIDATION_ERROR', `Task ${taskId} belongs to another project than item ${itemId}.`, [{ field: 'task_id', message: 'other project' }]);
    return { item, me: qa.people.local() };
  };
  const afterResponse = (projectId: string, taskId: string | undefined) => {
    if (taskId) qa.tasks.markStarted(taskId);
    changed(projectId, ['tasks']);
  };

  return {
    importItems: ({ project_id, path: file, content, format }) => {
      requireRole(qa.people.local(), REVIEWERS, 'Importing items');
      const project = store.projects.get(project_id);
      return importItems(qa, project.id, { file, content, format });
    },
    listItems: ({ project_id, offset, limit, ...filter }) => {
      requireRole(qa.people.local(), REVIEWERS, 'Listing items with their gold marks');
      store.projects.get(project_id);
      const page = qa.items.page(project_id, filter, offset, limit);
      return { ...page, items: page.items.map(toItem) };
    },
    getItem: ({ item_id }) => {
      requireRole(qa.people.local(), REVIEWERS, 'Reading an item with its gold mark');
      return toItem(qa.items.get(item_id));
    },
    deleteItems: ({ item_ids }) => {
      requireRole(qa.people.local(), REVIEWERS, 'Deleting items');
      const first = qa.items.get(item_ids[0]);
      const deleted = qa.items.deleteMany([...new Set(item_ids)]);
      changed(first.project_id, ['tasks', 'comments']);
      return { deleted };
    },
    nextItem: ({ project_id, item_type, task_id, after_item_id }) => {
      const me = qa.people.local();
      const { order, remaining } = itemQueue(store, qa, project_id, me.id, { item_type, task_id });
      let next: StoredItem | null = remaining[0] ?? null;
      if (after_item_id) {
        const at = order.findIndex((i) => i.id === after_item_id);
        const left = new Set(remaining.map((i) => i.id));
        next = order.slice(at + 1).find((i) => left.has(i.id)) ?? remaining.find((i) => i.id !== after_item_id) ?? null;
      }
      return { item: next ? queueItem(next, me.id) : null, position: next ? order.indexOf(next) : order.length, remaining: remaining.length, total: order.length };
    },
    submitResponse: ({ item_id, answer, time_spent_ms, started_at, confidence, task_id }) => {
      const { item, me } = respond(item_id, task_id);
      const problems = answerProblems(item.content, answer);
      if (problems.length) throw new AppError('VALIDATION_ERROR', `Answer refused: ${problems.join('; ')}. Nothing was saved.`, problems.map((message) => ({ field: 'answer.choices', message })));
      const id = qa.responses.upsert(item.project_id, item.id, me.id, { answer, skipped: false, skip_reason: null, confidence: confidence ?? null, time_spent_ms, started_at: started_at ?? null, task_id: task_id ?? null });
      afterResponse(item.project_id, task_id);
      return qa.responses.get(id, qa.people.refs());
    },
    skipItem: ({ item_id, reason, time_spent_ms, task_id }) => {
      const { item, me } = respond(item_id, task_id);
      const id = qa.responses.upsert(item.project_id, item.id, me.id, { answer: null, skipped: true, skip_reason: reason, confidence: null, time_spent_ms: time_spent_ms ?? null, started_at: null, task_id: task_id ?? null });
      afterResponse(item.project_id, task_id);
      return qa.responses.get(id, qa.people.refs());
    },
    listResponses: ({ project_id, offset, limit, ...filter }) => {
      store.projects.get(project_id);
      return qa.responses.page(project_id, filter, offset, limit, qa.people.refs());
    },
    exportResponses: ({ project_id, format, path: file }) => {
      requireRole(qa.people.local(), REVIEWERS, 'Exporting responses');
      const project = store.projects.get(project_id);
      const { content, count } = exportResponses(qa, project.id, format);
      const filename = `${project.name.replace(/[^\w.-]+/g, '_')}-responses.${format}`;
      const mime = format === 'csv' ? 'text/csv' : 'application/x-ndjson';
      return deliver(content, file, filename, mime, count);
    },
  };
}
