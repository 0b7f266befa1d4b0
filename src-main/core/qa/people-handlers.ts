import type { CoreDeps, HandlerGroup } from '../deps';
import { ADMINS, requireRole } from './access';
import type { QaStore } from './store';

type PeopleProcedure = 'getProfile' | 'setProfile' | 'listPeople' | 'savePerson';

/** The local profile and the people tasks can be assigned to. */
export function peopleHandlers(_deps: CoreDeps, qa: QaStore): HandlerGroup<PeopleProcedure> {
  return {
    getProfile: () => qa.people.local(),
    setProfile: ({ person_id, full_name, email, role }) => qa.people.setLocal({ id: person_id, full_name, email: email ?? null, role }),
    listPeople: ({ role }) => {
      qa.people.local();
      return qa.people.list(role);
    },
    savePerson: ({ id, full_name, email, role }) => {
      requireRole(qa.people.local(), ADMINS, 'Adding or editing people');
      return qa.people.save({ id, full_name, email: email ?? null, role });
    },
  };
}
