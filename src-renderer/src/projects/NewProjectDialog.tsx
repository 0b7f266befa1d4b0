import { useState, type FormEvent } from 'react';
import { TASK_TYPES } from '../../../src-shared/contract/entities';
import { api } from '../api/client';
import { Modal } from '../common/Modal';
import { describeError, type ShownError } from '../errors/error-store';
import { ClassEditor } from './ClassEditor';
import { toClasses, type ClassDraft } from './class-drafts';

type TaskType = (typeof TASK_TYPES)[number];

/** Creates a project; the server validates, and its errors are shown here beside the form. */
export function NewProjectDialog({ onClose, onCreated }: { onClose(): void; onCreated(projectId: string): void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [task, setTask] = useState<TaskType>('detection');
  const [drafts, setDrafts] = useState<ClassDraft[]>([]);
  const [error, setError] = useState<Omit<ShownError, 'id'> | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const project = await api.createProject({ name, description, task_types: [task], classes: toClasses(drafts) });
      onCreated(project.id);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="New project" onClose={onClose} testId="new-project-dialog">
      <form onSubmit={submit} noValidate>
        <div className="modal-body form">
          <label>
            <span>Name</span>
            <input type="text" value={name} autoFocus data-testid="project-name" onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            <span>Description</span>
            <textarea rows={2} value={description} data-testid="project-description" onChange={(e) => setDescription(e.target.value)} />
          </label>
          <label>
            <span>Task type</span>
            <select value={task} data-testid="project-task" onChange={(e) => setTask(e.target.value as TaskType)}>
              {TASK_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <div className="field">
            <span>Classes</span>
            <ClassEditor drafts={drafts} onChange={setDrafts} />
          </div>
          {error && (
            <div className="form-error" data-testid="form-error" role="alert">
              <span className="code">{error.code}</span> {error.details?.length ? 'Please fix:' : error.message}
              {!!error.details?.length && (
                <ul>
                  {error.details.map((d, i) => (
                    <li key={i}>{d.field ? `${d.field}: ${d.message}` : d.message}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
        <footer className="modal-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="create-project" disabled={busy}>
            {busy ? 'Creating…' : 'Create project'}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
