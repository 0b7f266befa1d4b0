import { classificationMultiLabel } from '../../../../src-shared/geometry/task-rules';
import type { ClassLookup } from '../../viewer/class-colors';
import { setImageCaptions, toggleImageClass } from '../commands';
import { editor } from '../session';
import { useEditor } from './use-editor';

/**
 * Labels of the whole image (the API's `image_annotations`): its classes — one or several per the
 * project's classification mode — and captions. In a classification-only project this is the
 * main panel and the number keys toggle these classes.
 */
export function ImageLevelPanel({ classes, primary }: { classes: ClassLookup; primary: boolean }) {
  const level = useEditor((s) => s.imageLevel);
  const project = useEditor((s) => s.project);
  const multi = classificationMultiLabel(project.taskConfig);
  const captionsKey = JSON.stringify(level.captions);
  return (
    <section className={primary ? 'panel-section image-level primary' : 'panel-section image-level'} data-testid="image-level-panel">
      <h3>
        Image {primary ? 'class' : 'classes'} <span className="muted small">{multi ? 'multi-label' : 'single label'}</span>
      </h3>
      <div className="chips">
        {project.classes.map((c, i) => {
          const on = level.classes.includes(c.id);
          return (
            <button
              key={c.id}
              type="button"
              className={on ? 'chip on' : 'chip'}
              data-testid="image-class"
              data-class-id={c.id}
              aria-pressed={on}
              title={primary && i < 9 ? `Key ${i + 1}` : undefined}
              onClick={() => toggleImageClass(editor, c.id, multi)}
            >
              {primary && i < 9 && <span className="class-key">{i + 1}</span>}
              <span className="swatch" style={{ background: classes.colorOf(c.id) }} />
              {c.name}
            </button>
          );
        })}
      </div>
      <h3>Captions</h3>
      <div className="captions" key={captionsKey}>
        {level.captions.map((c, i) => (
          <textarea
            key={i}
            rows={2}
            data-testid="image-caption"
            defaultValue={c.text}
            onBlur={(e) => setImageCaptions(editor, level.captions.map((x, j) => (j === i ? { ...x, text: e.target.value, source: 'human' } : x)))}
          />
        ))}
        <textarea
          rows={2}
          data-testid="new-image-caption"
          placeholder={level.captions.length ? 'Add another caption' : 'Describe the whole image'}
          onBlur={(e) => e.target.value.trim() && setImageCaptions(editor, [...level.captions, { text: e.target.value, source: 'human' }])}
        />
      </div>
    </section>
  );
}
