import { useEffect, useState, type FormEvent } from 'react';
import type { Person, Role } from '../../../src-shared/qa/entities';
import { api } from '../api/client';
import { Modal } from '../common/Modal';
import { describeError, reportError } from '../errors/error-store';
import { initialsOf, switchKind } from './profile-switch';
import { useProfile, type ProfileInput } from './profile-store';
import { RoleSelect } from './RoleSelect';

/** Switching who works here: edit the profile, add a person, or pick someone already known. */
export function ProfileDialog({ profile, onClose }: { profile: Person; onClose(): void }) {
  const switchTo = useProfile((s) => s.switchTo);
  const [people, setPeople] = useState<Person[]>([]);
  const [name, setName] = useState(profile.full_name);
  const [email, setEmail] = useState(profile.email ?? '');
  const [role, setRole] = useState<Role>(profile.role);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Signed in to a server: the account's role holds, and the account is who works here.
  const server = profile.role_from_server ? profile.role_from_server : null;

  useEffect(() => {
    api.listPeople({}).then(setPeople, reportError);
  }, []);

  const apply = async (input: ProfileInput) => {
    setBusy(true);
    setError(null);
    try {
      await switchTo(input);
      onClose();
    } catch (e) {
      const { message, details } = describeError(e);
      setError([message, ...(details ?? []).map((d) => `${d.field}: ${d.message}`)].join(' '));
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void apply({ full_name: name.trim(), email: email.trim() || null, role: server ? profile.role : role });
  };

  const { kind, person } = switchKind(email, profile, people);
  const action = kind === 'existing' && person && person.id !== profile.id ? `Switch to ${person.full_name}` : kind === 'new' ? `Add ${name.trim() || 'person'} and switch` : 'Save profile';
  const hint =
    kind === 'existing' && person && person.id !== profile.id
      ? `${person.email} belongs to ${person.full_name}: they become the local profile, with this name and role.`
      : kind === 'new'
        ? 'A new email: a new person starts working here. Earlier work stays with whoever did it.'
        : 'Edits the current profile; its earlier work keeps its author.';

  return (
    <Modal title="Who works here" onClose={onClose} testId="profile-dialog">
      <form onSubmit={submit}>
        <div className="modal-body form profile-form">
          <div className="profile-fields">
            <label>
              <span>Name</span>
              <input type="text" data-testid="profile-name-input" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
            </label>
            <label>
              <span>Email (tells people apart)</span>
              <input type="text" inputMode="email" autoComplete="email" data-testid="profile-email-input" value={email} onChange={(e) => setEmail(e.target.value)} />
            </label>
            <label>
              <span>Role</span>
              <RoleSelect testId="profile-role-select" value={server ? profile.role : role} disabled={server !== null} onChange={setRole} />
            </label>
          </div>
          {server && (
            <p className="muted small" data-testid="profile-role-note">
              Role from {server}
            </p>
          )}
          <p className="muted small" data-testid="profile-hint">
            {hint}
          </p>
          {error && (
            <div className="form-error" data-testid="profile-error">
              {error}
            </div>
          )}
          <PeopleList people={people} current={profile} disabledReason={server ? `Signed in to ${server}: the account is who works here.` : null} busy={busy} onPick={(p) => void apply({ person_id: p.id, full_name: p.full_name, email: p.email, role: p.role })} />
        </div>
        <footer className="modal-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="profile-save" disabled={busy || !name.trim()}>
            {action}
          </button>
        </footer>
      </form>
    </Modal>
  );
}

/** Everyone this workstation knows; anyone can be switched to in one click. */
function PeopleList({ people, current, disabledReason, busy, onPick }: { people: Person[]; current: Person; disabledReason: string | null; busy: boolean; onPick(p: Person): void }) {
  if (people.length < 2) return null;
  return (
    <div className="field">
      <span>People on this workstation</span>
      <ul className="people-list" data-testid="people-list">
        {people.map((p) => {
          const why = p.id === current.id ? 'Working as them now' : disabledReason;
          return (
            <li key={p.id} data-testid="person-row" data-name={p.full_name} className={p.id === current.id ? 'current' : undefined}>
              <span className="profile-avatar" aria-hidden>
                {initialsOf(p.full_name)}
              </span>
              <span className="person-who">
                <span className="ellipsis">{p.full_name}</span>
                <span className="muted small ellipsis">{p.email ?? 'no email'}</span>
              </span>
              <span className={`profile-role ${p.role}`}>{p.role}</span>
              <button type="button" className="small" data-testid="person-switch" disabled={busy || why !== null} title={why ?? `Work as ${p.full_name}`} onClick={() => onPick(p)}>
                {p.id === current.id ? 'Current' : 'Switch'}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
