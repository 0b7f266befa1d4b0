import { useEffect, useRef, useState } from 'react';
import { useApiEvent } from '../data/use-api-event';
import { ProfileDialog } from './ProfileDialog';
import { initialsOf } from './profile-switch';
import { useProfile } from './profile-store';
import './profile.css';

/** Who this workstation acts as (name, role): a pill at the bottom centre of every screen; a click opens the switcher. */
export function ProfileMenu() {
  const profile = useProfile((s) => s.profile);
  const load = useProfile((s) => s.load);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const account = useRef<string | null>(null);

  useEffect(() => {
    void load();
  }, [load]);

  // Signing in or out of a server can change the role (role_from_server): read the profile again.
  useApiEvent('syncStatus', (status) => {
    const key = status.account ? `${status.account.server_url}|${status.account.user_id}|${status.account.role}` : '';
    if (account.current === key) return;
    account.current = key;
    void load();
  });

  const close = () => {
    setOpen(false);
    // The dialog hands focus back to this button; the views' keys (Enter submits) must not press it.
    setTimeout(() => {
      if (document.activeElement === button.current) button.current?.blur();
    }, 0);
  };

  if (!profile) return null;
  return (
    <>
      <button
        ref={button}
        type="button"
        className="profile-pill"
        data-testid="profile-button"
        data-role={profile.role}
        title={`Working as ${profile.full_name} (${profile.role}${profile.role_from_server ? `, role from ${profile.role_from_server}` : ''}). Click to switch who works here.`}
        onClick={() => {
          void load();
          setOpen(true);
        }}
      >
        <span className="profile-avatar" aria-hidden>
          {initialsOf(profile.full_name)}
        </span>
        <span className="profile-name" data-testid="profile-name">
          {profile.full_name}
        </span>
        <span className={`profile-role ${profile.role}`} data-testid="profile-role">
          {profile.role}
        </span>
      </button>
      {open && <ProfileDialog profile={profile} onClose={close} />}
    </>
  );
}
