import { AppError } from '../../../src-shared/contract/errors';
import { roundRobin, splitIntoBatches } from '../../../src-shared/qa/batches';
import { mixGold } from '../../../src-shared/qa/gold';
import { qaSettingsOf } from '../../../src-shared/qa/settings';
import type { CoreDeps, HandlerGroup } from '../deps';
import { REVIEWERS, requireRole } from './access';
import type { QaStore } from './store';
import type { NewTask, TaskPatch } from './store/tasks';

type TaskProcedure = 'listTasks' | 'myTasks' | 'createTask' | 'createTaskBatches' | 'updateTask' | 'deleteTask';

const unique = <T>(xs: readonly T[]) => [...new Set(xs)];

/** Tasks (Labeler API): batches of images or items assigned to people with due dates; progress from the store. */
export function taskHandlers(deps: CoreDeps, qa: QaStore): HandlerGroup<TaskProcedure> {
  const { store, changed } = deps;

  /** Refuses ids that are not images or items of the project, naming the first few. */
  const checkMembers = (projectId: string, imageIds: readonly string[], itemIds: readonly string[]) => {
    const images = new Set(store.images.orderedIds(projectId));
    const items = new Set(qa.items.all(projectId).map((i) => i.id));
    const badImages = imageIds.filter((id) => !images.has(id));
    const badItems = itemIds.filter((id) => !items.has(id));
    if (badImages.length || badItems.length) {
      const list = [...badImages.map((id) => `image ${id}`), ...badItems.map((id) => `item ${id}`)];
      throw new AppError('VALIDATION_ERROR', `Not in this project: ${list.slice(0, 5).join(', ')}${list.length > 5 ? ` and ${list.length - 5} more` : ''}. Nothing was saved.`);
    }
  };
  const checkAssignee = (id: string | null | undefined) => {
    if (id) qa.people.get(id);
  };

  return {
    listTasks: ({ project_id, assignee_id, status }) => {
      store.projects.get(project_id);
      return qa.tasks.list(project_id, assignee_id ?? null, qa.people.refs()).filter((t) => !status || t.status === status);
    },
    myTasks: ({ project_id }) => qa.tasks.mine(qa.people.local().id, project_id ?? null, qa.people.refs()),
    createTask: ({ project_id, task_name, task_description, assignee_id, image_ids, item_ids, due_date }) => {
      const me = qa.people.local();
      requireRole(me, REVIEWERS, 'Creating tasks');
      store.projects.get(project_id);
      checkAssignee(assignee_id);
      const images = unique(image_ids);
      const items = unique(item_ids);
      checkMembers(project_id, images, items);
      const [id] = qa.tasks.createMany([{ project_id, name: task_name, description: task_description, assignee_id, image_ids: images, item_ids: items, due_date }], me.id);
      changed(project_id, ['tasks']);
      return qa.tasks.get(id, qa.people.refs());
    },
    createTaskBatches: (input) => {
      const me = qa.people.local();
      requireRole(me, REVIEWERS, 'Creating tasks');
      const project = store.projects.get(input.project_id);
      input.assignee_ids.forEach(checkAssignee);
      const settings = qaSettingsOf(project.task_config);
      const gold = new Set(qa.gold.list(project.id).map((g) => (input.source === 'images' ? g.image_id : g.item_id)).filter((id): id is string => !!id));
      const taken = qa.tasks.assigned(project.id)[input.source];
      const all = input.source === 'images' ? store.images.orderedIds(project.id) : qa.items.all(project.id).map((i) => i.id);
      const pool = all.filter((id) => !gold.has(id) && !(input.only_unassigned && taken.has(id)));
      if (!pool.length) {
        throw new AppError('VALIDATION_ERROR', `No ${input.source} left to split in "${project.name}"${input.only_unassigned ? ' (all are already in tasks; pass only_unassigned: false to include them)' : ''}.`);
      }
      const batches = roundRobin(splitIntoBatches(pool, input.batch_size !== undefined ? { size: input.batch_size } : { count: input.batch_count! }), input.assignee_ids);
      const share = input.include_gold ? settings.goldTaskPercentage / 100 : 0;
      const tasks: NewTask[] = batches.map((b, i) => {
        const ids = mixGold(b.ids, [...gold], share, `${b.assignee ?? 'anyone'}:${project.id}:${i}`);
        const first = pool.indexOf(b.ids[0]) + 1;
        return {
          project_id: project.id,
          name: `${input.name_prefix} ${i + 1}`,
          description: `${input.source === 'images' ? 'Images' : 'Items'} ${first}–${first + b.ids.length - 1} of ${pool.length}`,
          assignee_id: b.assignee,
          image_ids: input.source === 'images' ? ids : [],
          item_ids: input.source === 'items' ? ids : [],
          due_date: input.due_date,
        };
      });
      const ids = qa.tasks.createMany(tasks, me.id);
      changed(project.id, ['tasks']);
      const refs = qa.people.refs();
      return ids.map((id) => qa.tasks.get(id, refs));
    },
    updateTask: ({ task_id, patch }) => {
      const me = qa.people.local();
      const row = qa.tasks.row(task_id);
      const onlyStatus = Object.keys(patch).every((k) => k === 'status');
      if (!(onlyStatus && row.assignee_id === me.id)) requireRole(me, REVIEWERS, 'Changing a task (other than the status of your own)');
      checkAssignee(patch.assignee_id);
      checkMembers(row.project_id as string, patch.image_ids ?? [], patch.item_ids ?? []);
      const storePatch: TaskPatch = {
        name: patch.task_name,
        description: patch.task_description,
        assignee_id: patch.assignee_id,
        due_date: patch.due_date,
        status: patch.status,
        image_ids: patch.image_ids && unique(patch.image_ids),
        item_ids: patch.item_ids && unique(patch.item_ids),
      };
      qa.tasks.update(task_id, storePatch);
      changed(row.project_id as string, ['tasks']);
      return qa.tasks.get(task_id, qa.people.refs());
    },
    deleteTask: ({ task_id }) => {
      requireRole(qa.people.local(), REVIEWERS, 'Deleting tasks');
      const row = qa.tasks.row(task_id);
      qa.tasks.delete(task_id);
      changed(row.project_id as string, ['tasks']);
      return { deleted: 1 };
    },
  };
}
