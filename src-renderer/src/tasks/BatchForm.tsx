import { useState } from 'react';
import type { Person, Task } from '../../../src-shared/qa/entities';
import { api } from '../api/client';
import { useBusy } from '../common/use-busy';
import { dueOfDay } from './due-date';
import { contents } from './TaskTable';

/**
 * "Split into batches": the project's images or items cut into batches by size or count, dealt
 * round-robin to the chosen people in the order they were picked (as the core deals them).
 */
export function BatchForm({ projectId, people, onCreated }: { projectId: string; people: Person[]; onCreated(): void }) {
  const [source, setSource] = useState<'images' | 'items'>('images');
  const [by, setBy] = useState<'size' | 'count'>('count');
  const [amount, setAmount] = useState('3');
  const [assignees, setAssignees] = useState<string[]>([]);
  const [day, setDay] = useState('');
  const [prefix, setPrefix] = useState('Batch');
  const [onlyUnassigned, setOnlyUnassigned] = useState(true);
  const [includeGold, setIncludeGold] = useState(true);
  const [created, setCreated] = useState<Task[] | null>(null);
  const [busy, run] = useBusy();

  const n = Number(amount);
  const valid = Number.isInteger(n) && n >= 1;
  const toggle = (id: string) => setAssignees((a) => (a.includes(id) ? a.filter((x) => x !== id) : [...a, id]));

  const submit = async () => {
    if (!valid || busy) return;
    await run(async () => {
      const tasks = await api.createTaskBatches({
        project_id: projectId,
        source,
        ...(by === 'size' ? { batch_size: n } : { batch_count: n }),
        assignee_ids: assignees,
        due_date: dueOfDay(day),
        name_prefix: prefix.trim() || 'Batch',
        only_unassigned: onlyUnassigned,
        include_gold: includeGold,
      });
      setCreated(tasks);
      onCreated();
    });
  };

  return (
    <section className="card" data-testid="batch-form">
      <h2>Split into batches</h2>
      <form
        className="form task-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="task-form-row">
          <label>
            <span>Split</span>
            <select data-testid="batch-source" value={source} onChange={(e) => setSource(e.target.value as typeof source)}>
              <option value="images">images</option>
              <option value="items">items</option>
            </select>
          </label>
          <label>
            <span>by</span>
            <select data-testid="batch-by" value={by} onChange={(e) => setBy(e.target.value as typeof by)}>
              <option value="count">batch count</option>
              <option value="size">batch size</option>
            </select>
          </label>
          <label>
            <span>{by === 'count' ? 'Batches' : 'Size'}</span>
            <input type="number" min={1} data-testid="batch-amount" className={valid ? 'task-num' : 'task-num invalid'} value={amount} onChange={(e) => setAmount(e.target.value)} />
          </label>
        </div>
        <div className="field">
          <span>Assignees, dealt in turn {assignees.length > 0 && `(${assignees.length})`}</span>
          <div className="chips" data-testid="batch-assignees">
            {people.map((p) => {
              const turn = assignees.indexOf(p.id);
              return (
                <button type="button" key={p.id} className={turn >= 0 ? 'chip on' : 'chip'} aria-pressed={turn >= 0} data-testid="batch-assignee" onClick={() => toggle(p.id)}>
                  {turn >= 0 && <span className="badge">{turn + 1}</span>}
                  {p.full_name}
                </button>
              );
            })}
            {people.length === 0 && <span className="muted small">No people yet: add someone below.</span>}
          </div>
        </div>
        <div className="task-form-row">
          <label>
            <span>Due date</span>
            <input type="date" data-testid="batch-due" value={day} onChange={(e) => setDay(e.target.value)} />
          </label>
          <label className="task-grow">
            <span>Name prefix</span>
            <input type="text" data-testid="batch-prefix" value={prefix} onChange={(e) => setPrefix(e.target.value)} />
          </label>
        </div>
        <label className="task-check">
          <input type="checkbox" checked={onlyUnassigned} onChange={(e) => setOnlyUnassigned(e.target.checked)} />
          <span>Only {source} not yet in a task</span>
        </label>
        <label className="task-check">
          <input type="checkbox" checked={includeGold} onChange={(e) => setIncludeGold(e.target.checked)} />
          <span>Mix gold {source} into each batch</span>
        </label>
        <div>
          <button type="submit" className="primary" data-testid="batch-create" disabled={!valid || busy}>
            {busy ? 'Creating…' : 'Create tasks'}
          </button>
        </div>
      </form>
      {created && (
        <div className="import-report" data-testid="batch-created">
          Created <strong>{created.length}</strong> task{created.length === 1 ? '' : 's'}:
          <ul className="task-created">
            {created.map((t) => (
              <li key={t.id}>
                {t.task_name} — {contents(t)} — {t.assignee?.full_name ?? 'unassigned'}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
