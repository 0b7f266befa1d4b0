import { useCallback, useEffect, useRef, useState } from 'react';
import type { Person, Task } from '../../../src-shared/qa/entities';
import { api } from '../api/client';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { useApiEvent } from '../data/use-api-event';
import { reportError } from '../errors/error-store';
import { useNavigation } from '../navigation/store';
import { useProfile } from '../people/profile-store';
import { SectionHeader } from '../review/ProjectTabs';
import { BatchForm } from './BatchForm';
import { PersonForm } from './PersonForm';
import { TaskTable } from './TaskTable';
import './tasks.css';

/** Writes that change what the list shows: the tasks themselves, or the work their progress counts. */
const PROGRESS_TABLES = new Set(['tasks', 'annotations', 'images', 'responses', 'items']);

/** Tasks of a project: batches assigned to people with due dates, progress, "my tasks". */
export function TasksView({ projectId }: { projectId: string }) {
  const openImage = useNavigation((s) => s.openImage);
  const openSection = useNavigation((s) => s.openSection);
  const [projectName, setProjectName] = useState('');
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [people, setPeople] = useState<Person[]>([]);
  const profile = useProfile((s) => s.profile);
  const [mine, setMine] = useState(false);
  const [deleting, setDeleting] = useState<Task | null>(null);
  const loads = useRef(0);

  useEffect(() => {
    api.getProject({ project_id: projectId }).then((p) => setProjectName(p.name), reportError);
  }, [projectId]);

  // Switching the profile remounts this view (profile-store), so "my tasks" is always asked afresh.
  const load = useCallback(async () => {
    const n = ++loads.current;
    try {
      const [list, everyone] = await Promise.all([
        mine ? api.myTasks({ project_id: projectId }) : api.listTasks({ project_id: projectId }),
        api.listPeople({}),
      ]);
      if (n !== loads.current) return;
      setTasks(list);
      setPeople(everyone);
    } catch (e) {
      reportError(e);
    }
  }, [projectId, mine]);

  useEffect(() => {
    void load();
  }, [load]);

  useApiEvent('dataChanged', (e) => {
    if ((e.project_id === null || e.project_id === projectId) && e.tables.some((t) => PROGRESS_TABLES.has(t))) void load();
  });

  const patch = async (task: Task, change: Parameters<typeof api.updateTask>[0]['patch']) => {
    try {
      await api.updateTask({ task_id: task.id, patch: change });
    } catch (e) {
      reportError(e);
    }
    await load();
  };

  // Image tasks open their first image in the viewer; item tasks the items labeler.
  const open = (task: Task) => {
    if (task.image_ids.length) openImage(projectId, task.image_ids[0]);
    else if (task.item_ids.length) openSection('items', projectId);
  };

  return (
    <div className="page tasks-view" data-testid="tasks-view">
      <SectionHeader projectId={projectId} title={projectName ? `${projectName} — tasks` : 'Tasks'} />
      <div className="quality-bar">
        <button type="button" className={mine ? 'primary' : undefined} aria-pressed={mine} data-testid="my-tasks" onClick={() => setMine((m) => !m)}>
          My tasks
        </button>
        <span className="muted" data-testid="tasks-scope">
          {mine ? `Tasks of ${profile?.full_name ?? 'you'}` : 'All tasks'}
          {tasks && ` · ${tasks.length}`}
        </span>
        <span className="spacer" />
        <button type="button" className="ghost" data-testid="tasks-refresh" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <div className="tasks-body">
        <div className="tasks-side">
          <BatchForm projectId={projectId} people={people} onCreated={() => void load()} />
          <PersonForm onSaved={() => void load()} />
        </div>
        <section className="card tasks-list">
          {!tasks && <div className="empty">Loading…</div>}
          {tasks && tasks.length === 0 && (
            <div className="empty" data-testid="tasks-empty">
              {mine ? 'No tasks assigned to you in this project.' : 'No tasks yet: split the images or items into batches.'}
            </div>
          )}
          {tasks && tasks.length > 0 && <TaskTable tasks={tasks} people={people} onPatch={(t, p) => void patch(t, p)} onOpen={open} onDelete={setDeleting} />}
        </section>
      </div>
      {deleting && (
        <ConfirmDialog
          title="Delete task"
          confirmLabel="Delete"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            try {
              await api.deleteTask({ task_id: deleting.id });
              setDeleting(null);
            } catch (e) {
              reportError(e);
            }
            await load();
          }}
        >
          Delete <strong>{deleting.task_name}</strong>? Its images, items and the work done on them stay.
        </ConfirmDialog>
      )}
    </div>
  );
}
