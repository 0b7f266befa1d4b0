import { useState } from 'react';
import type { Role } from '../../../src-shared/qa/entities';
import { api } from '../api/client';
import { useBusy } from '../common/use-busy';
import { RoleSelect } from '../people/RoleSelect';

/** Adds a team member to assign tasks to. Admins only: the core refuses anyone else, and says so. */
export function PersonForm({ onSaved }: { onSaved(): void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('annotator');
  const [busy, run] = useBusy();

  const submit = async () => {
    if (!name.trim() || busy) return;
    await run(async () => {
      await api.savePerson({ full_name: name.trim(), email: email.trim() || null, role });
      setName('');
      setEmail('');
      onSaved();
    });
  };

  return (
    <section className="card" data-testid="person-form">
      <h2>Add a person</h2>
      <form
        className="form task-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          <span>Name</span>
          <input type="text" data-testid="person-name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <div className="task-form-row">
          <label className="task-grow">
            <span>Email</span>
            <input type="email" data-testid="person-email" value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label>
            <span>Role</span>
            <RoleSelect testId="person-role" value={role} onChange={setRole} />
          </label>
        </div>
        <div className="task-form-row task-form-actions">
          <button type="submit" data-testid="person-add" disabled={!name.trim() || busy}>
            Add person
          </button>
          <span className="muted small">Admins only.</span>
        </div>
      </form>
    </section>
  );
}
