import { useState } from 'react';
import { addClass, duplicateNames, removeClass, updateClass, type ClassDraft } from './class-drafts';

/** Add, rename, recolor and remove classes; typing "a, b, c" adds three at once. */
export function ClassEditor({ drafts, onChange }: { drafts: ClassDraft[]; onChange(drafts: ClassDraft[]): void }) {
  const [newName, setNewName] = useState('');
  const duplicates = duplicateNames(drafts);

  const add = () => {
    const names = newName.split(',').map((n) => n.trim()).filter(Boolean);
    if (!names.length) return;
    onChange(names.reduce(addClass, drafts));
    setNewName('');
  };

  return (
    <div className="class-editor" data-testid="class-editor">
      <ol className="class-list">
        {drafts.map((d, index) => {
          const duplicate = duplicates.has(d.name.trim().toLowerCase());
          return (
            <li key={d.key} className="class-row" data-testid="class-row">
              <span className="class-id muted">{index}</span>
              <input type="color" value={d.color} aria-label={`Color of ${d.name}`} onChange={(e) => onChange(updateClass(drafts, d.key, { color: e.target.value }))} />
              <input
                type="text"
                className={duplicate ? 'invalid' : undefined}
                value={d.name}
                aria-label={`Name of class ${index}`}
                data-testid="class-name"
                onChange={(e) => onChange(updateClass(drafts, d.key, { name: e.target.value }))}
              />
              {duplicate && <span className="field-error small">duplicate</span>}
              <button type="button" className="icon" aria-label={`Remove ${d.name}`} data-testid="remove-class" onClick={() => onChange(removeClass(drafts, d.key))}>
                ×
              </button>
            </li>
          );
        })}
      </ol>
      {!drafts.length && <p className="muted small">No classes yet. Add the labels annotators will pick from.</p>}
      <div className="class-add">
        <input
          type="text"
          placeholder="New class name (or several, comma separated)"
          value={newName}
          data-testid="new-class-name"
          onChange={(e) => setNewName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            add();
          }}
        />
        <button type="button" data-testid="add-class" onClick={add} disabled={!newName.trim()}>
          Add class
        </button>
      </div>
    </div>
  );
}
