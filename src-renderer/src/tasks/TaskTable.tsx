import { useState } from 'react';
import { TASK_STATUSES, type Person, type Task } from '../../../src-shared/qa/entities';
import { dayOfDue, dueOfDay } from './due-date';

type Patch = { assignee_id?: string | null; due_date?: string | null; status?: Task['status'] };

const STATUS_LABELS: Record<Task['status'], string> = { pending: 'Pending', in_progress: 'In progress', completed: 'Completed' };

/** What a task holds, e.g. "12 images" or "3 images, 40 items". */
export function contents(task: Task): string {
  const parts = [task.total_images && `${task.total_images} image${task.total_images === 1 ? '' : 's'}`, task.total_items && `${task.total_items} item${task.total_items === 1 ? '' : 's'}`];
  return parts.filter(Boolean).join(', ') || 'empty';
}

/**
 * The tasks of a project, each editable in place: assignee, due date and status save on change.
 * The name opens the task's work.
 */
export function TaskTable({ tasks, people, onPatch, onOpen, onDelete }: { tasks: Task[]; people: Person[]; onPatch(task: Task, patch: Patch): void; onOpen(task: Task): void; onDelete(task: Task): void }) {
  return (
    <table className="table task-table" data-testid="task-table">
      <thead>
        <tr>
          <th>Task</th>
          <th>Assignee</th>
          <th>Due</th>
          <th>Status</th>
          <th>Progress</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {tasks.map((t) => (
          <tr key={t.id} data-testid="task-row" data-task-id={t.id} data-assignee={t.assignee?.full_name ?? ''}>
            <td className="task-name-cell">
              <button type="button" className="ghost task-open" data-testid="task-open" disabled={t.total === 0} title={t.total ? 'Open the work of this task' : 'This task is empty'} onClick={() => onOpen(t)}>
                {t.task_name}
              </button>
              <div className="muted small ellipsis" title={t.task_description}>
                {contents(t)}
                {t.task_description && ` · ${t.task_description}`}
              </div>
            </td>
            <td>
              <select data-testid="task-assignee" aria-label="Assignee" value={t.assignee?.id ?? ''} onChange={(e) => onPatch(t, { assignee_id: e.target.value || null })}>
                <option value="">Unassigned</option>
                {t.assignee && !people.some((p) => p.id === t.assignee!.id) && <option value={t.assignee.id}>{t.assignee.full_name}</option>}
                {people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.full_name}
                  </option>
                ))}
              </select>
            </td>
            <td className={t.overdue ? 'task-due overdue' : 'task-due'} data-testid="task-due" data-overdue={t.overdue}>
              <DueInput key={t.due_date ?? ''} due={t.due_date} onCommit={(due_date) => onPatch(t, { due_date })} />
              {t.overdue && <span className="bad small"> overdue</span>}
            </td>
            <td>
              <select data-testid="task-status" aria-label="Status" value={t.status} onChange={(e) => onPatch(t, { status: e.target.value as Task['status'] })}>
                {TASK_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            </td>
            <td className="task-progress" title={`${t.progress}% done`}>
              <span className="progress-bar">
                <span className="progress-fill" style={{ width: `${t.progress}%` }} />
              </span>
              <span className="num" data-testid="task-progress">
                {t.done}/{t.total}
              </span>
            </td>
            <td className="actions">
              <button type="button" className="ghost small" data-testid="task-delete" title="Delete this task (its images, items and work stay)" onClick={() => onDelete(t)}>
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A due date saved as soon as it is a whole date. Chrome reports every typed digit of the year
 * ("0002", "0020", …) and an empty value while a part is cleared, so those wait: a short year is
 * not saved, and clearing saves on leaving the field. Keyed by the stored date, so a saved change resets it.
 */
function DueInput({ due, onCommit }: { due: string | null; onCommit(due: string | null): void }) {
  const [day, setDay] = useState(dayOfDue(due));
  return (
    <input
      type="date"
      aria-label="Due date"
      value={day}
      onChange={(e) => {
        const next = e.target.value;
        setDay(next);
        if (next && Number(next.slice(0, 4)) >= 1000 && next !== dayOfDue(due)) onCommit(dueOfDay(next));
      }}
      onBlur={() => {
        if (!day && due) onCommit(null);
      }}
    />
  );
}
