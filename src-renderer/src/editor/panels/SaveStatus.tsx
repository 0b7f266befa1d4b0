import { useEditor } from './use-editor';

/** Autosave state: there is no Save button; this says whether the store has every edit yet. */
export function SaveStatus() {
  const save = useEditor((s) => s.save);
  const text = save.status === 'saved' ? 'All changes saved' : save.status === 'saving' ? 'Saving…' : `Not saved yet — retrying (${save.pending})`;
  return (
    <span className={`save-status ${save.status}`} data-testid="save-status" data-state={save.status} title={save.error ? `${save.error.code}: ${save.error.message}` : 'Every edit is saved within a second'}>
      <span className="dot" />
      {text}
    </span>
  );
}
