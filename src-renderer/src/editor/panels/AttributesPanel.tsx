import type { AttributeDef } from '../../../../src-shared/contract/entities';
import type { ClassLookup } from '../../viewer/class-colors';
import { applyClass, deleteSelection, reorder, setAttribute, setCaption, toggleHidden, toggleLocked } from '../commands';
import type { ShapeRecord } from '../model/records';
import { editor } from '../session';
import { useEditor } from './use-editor';

const MIXED = '\u2014 mixed \u2014';

/** The one value the selection shares for a field, or MIXED. */
function shared<T>(records: readonly ShapeRecord[], get: (r: ShapeRecord) => T): T | typeof MIXED {
  const first = get(records[0]);
  return records.every((r) => JSON.stringify(get(r)) === JSON.stringify(first)) ? first : MIXED;
}

/** Class, attributes (from the project schema) and caption of the selected shapes. */
export function AttributesPanel({ classes }: { classes: ClassLookup }) {
  const selection = useEditor((s) => s.selection);
  // Subscribed so the panel follows edits; records are looked up through the editor's key map.
  useEditor((s) => s.records);
  const project = useEditor((s) => s.project);
  const locked = useEditor((s) => s.locked);
  const chosen = selection.map((k) => editor.record(k)).filter((r): r is ShapeRecord => !!r);
  if (!chosen.length) return null;
  const classId = shared(chosen, (r) => r.class_id);
  const caption = shared(chosen, (r) => r.caption ?? '');
  const types = [...new Set(chosen.map((r) => r.geometry.type))].join(', ');
  const anyLocked = chosen.some((r) => locked.has(r.key));
  const resetKey = `${selection.join()}`;
  return (
    <section className="panel-section attributes" data-testid="attributes-panel">
      <h3>
        {chosen.length === 1 ? 'Selected' : `${chosen.length} selected`} <span className="muted small">{types}</span>
      </h3>
      <label className="field-row">
        <span>Class</span>
        <select data-testid="selection-class" value={classId === MIXED ? '' : String(classId)} onChange={(e) => applyClass(editor, e.target.value === 'none' ? null : Number(e.target.value))}>
          {classId === MIXED && <option value="">{MIXED}</option>}
          <option value="none">(no class)</option>
          {project.classes.map((c) => (
            <option key={c.id} value={c.id}>
              {classes.nameOf(c.id)}
            </option>
          ))}
        </select>
      </label>
      {project.attributes.map((def) => (
        <AttributeField key={`${def.name}:${resetKey}:${JSON.stringify(shared(chosen, (r) => r.attributes[def.name]) ?? null)}`} def={def} value={shared(chosen, (r) => r.attributes[def.name])} />
      ))}
      <label className="field-col">
        <span>Caption</span>
        <textarea
          key={`caption:${resetKey}:${caption}`}
          data-testid="selection-caption"
          rows={2}
          defaultValue={caption === MIXED ? '' : caption}
          placeholder={caption === MIXED ? MIXED : 'Describe this object'}
          onBlur={(e) => (caption !== MIXED || e.target.value) && setCaption(editor, e.target.value)}
        />
      </label>
      <div className="button-row">
        <button type="button" className="small" title="Hide (H)" onClick={() => toggleHidden(editor)}>
          Hide
        </button>
        <button type="button" className="small" data-testid="lock-selection" title="Lock / unlock (Shift+L)" onClick={() => toggleLocked(editor)}>
          {anyLocked ? 'Unlock' : 'Lock'}
        </button>
        <button type="button" className="small" title="Bring to front (])" onClick={() => reorder(editor, 'front')}>
          Front
        </button>
        <button type="button" className="small" title="Send to back ([)" onClick={() => reorder(editor, 'back')}>
          Back
        </button>
        <button type="button" className="small danger" data-testid="delete-selection" title="Delete (Del)" onClick={() => deleteSelection(editor)}>
          Delete
        </button>
      </div>
    </section>
  );
}

/** One attribute of the schema: checkbox, choice, number or text; text and numbers apply on Enter or leaving the field. */
function AttributeField({ def, value }: { def: AttributeDef; value: unknown }) {
  const mixed = value === MIXED;
  const testId = `attr-${def.name}`;
  const commitText = (raw: string) => {
    if (def.type === 'number') setAttribute(editor, def.name, raw.trim() === '' ? undefined : Number(raw));
    else setAttribute(editor, def.name, raw);
  };
  if (def.type === 'boolean') {
    return (
      <label className="field-row check">
        <input
          type="checkbox"
          data-testid={testId}
          checked={value === true}
          ref={(el) => {
            if (el) el.indeterminate = mixed;
          }}
          onChange={(e) => setAttribute(editor, def.name, e.target.checked)}
        />
        <span>{def.name}</span>
      </label>
    );
  }
  if (def.type === 'select') {
    return (
      <label className="field-row">
        <span>{def.name}</span>
        <select data-testid={testId} value={mixed || value === undefined ? '' : String(value)} onChange={(e) => setAttribute(editor, def.name, e.target.value || undefined)}>
          <option value="">{mixed ? MIXED : '—'}</option>
          {(def.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
    );
  }
  return (
    <label className="field-row">
      <span>{def.name}</span>
      <input
        type={def.type === 'number' ? 'number' : 'text'}
        data-testid={testId}
        defaultValue={mixed || value === undefined || value === null ? '' : String(value)}
        placeholder={mixed ? MIXED : ''}
        onBlur={(e) => commitText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        }}
      />
    </label>
  );
}
