import { create } from 'zustand';
import type { Person, Role } from '../../../src-shared/qa/entities';
import { api } from '../api/client';
import { reportError } from '../errors/error-store';

export interface ProfileInput {
  /** Switch to this person (else the email decides, see `setProfile`). */
  person_id?: string;
  full_name: string;
  email: string | null;
  role: Role;
}

interface ProfileState {
  /** The local profile; null until the first load. */
  profile: Person | null;
  /** Bumped on every switch: the app keys the current screen on it, so every view fetches again as the new person. */
  version: number;
  load(): Promise<void>;
  /** Makes someone the local profile (see `setProfile`), then shows the current screen again as them. */
  switchTo(input: ProfileInput): Promise<Person>;
}

/** Who this workstation acts as. Views may read the role here (e.g. to hide reviewer-only panels). */
export const useProfile = create<ProfileState>()((set) => ({
  profile: null,
  version: 0,
  load: async () => {
    try {
      set({ profile: await api.getProfile({}) });
    } catch (e) {
      reportError(e);
    }
  },
  switchTo: async (input) => {
    const profile = await api.setProfile(input);
    set((s) => ({ profile, version: s.version + 1 }));
    return profile;
  },
}));

/** Reviewer actions (gold, review, item import) need one of these roles. */
export const canReview = (profile: Person | null): boolean => profile?.role === 'admin' || profile?.role === 'reviewer';
