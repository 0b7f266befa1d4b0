import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { classificationMultiLabel, isClassificationOnly, typeAllowed } from '../../../src-shared/geometry/task-rules';
import { applyClass, copySelection, deleteSelection, paste, reorder, selectAll, showAll, toggleHidden, toggleImageClass, toggleLocked } from '../editor/commands';
import { editorAction, type EditorAction } from '../editor/keymap';
import { recordFromAnnotation } from '../editor/model/records';
import { AttributesPanel } from '../editor/panels/AttributesPanel';
import { ClassPicker } from '../editor/panels/ClassPicker';
import { EditorMessage } from '../editor/panels/EditorMessage';
import { SamStatus } from '../editor/panels/SamStatus';
import { Filmstrip } from '../editor/panels/Filmstrip';
import { ImageLevelPanel } from '../editor/panels/ImageLevelPanel';
import { SaveStatus } from '../editor/panels/SaveStatus';
import { ShortcutSheet } from '../editor/panels/ShortcutSheet';
import { ToolBar } from '../editor/panels/ToolBar';
import { projectConfig } from '../editor/project-config';
import { useSamPrepare } from '../editor/sam-assist';
import { autosave, editor, ids } from '../editor/session';
import { toolById } from '../editor/tools/registry';
import { useEditorSync } from '../editor/use-editor-sync';
import { reportError } from '../errors/error-store';
import { nextUnannotated } from '../navigation/next-unannotated';
import { useNavigation } from '../navigation/store';
import { AnnotationPanel } from './AnnotationPanel';
import { classLookup } from './class-colors';
import { StatusBar } from './StatusBar';
import { useViewerData } from './use-viewer-data';
import { ViewerCanvas, type ViewerControls } from './ViewerCanvas';

type ViewerAction = 'fit' | 'actual' | 'zoomIn' | 'zoomOut' | 'next' | 'previous' | 'back';

const isField = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * The annotation editor for one image: tools on the left, the canvas, classes, the selection's
 * attributes, image-level labels and the annotation list on the right, the filmstrip below.
 * Every edit is saved automatically; there is no Save button.
 */
export function ImageViewer({ projectId, imageId }: { projectId: string; imageId: string }) {
  const filter = useNavigation((s) => s.filter);
  const openImage = useNavigation((s) => s.openImage);
  const openProject = useNavigation((s) => s.openProject);
  const setGridIndex = useNavigation((s) => s.setGridIndex);
  const { project, data, loading } = useViewerData(projectId, imageId, filter);
  const [help, setHelp] = useState(false);
  const controls = useRef<ViewerControls>(null);
  const classes = useMemo(() => classLookup(project?.classes ?? []), [project]);
  const classificationOnly = project ? isClassificationOnly(project.task_types) : false;
  const neighbours = data?.neighbours;

  useEffect(() => {
    if (!project) return;
    editor.setProject(projectConfig(project));
    if (isClassificationOnly(project.task_types)) editor.setTool('select');
  }, [project]);
  // Before the canvas paints: the new picture never shows with the previous image's shapes.
  useLayoutEffect(() => {
    if (!data) return;
    const records = data.annotations.map((a) => recordFromAnnotation(a, ids.keyOf(a.id)));
    editor.open(data.image.id, { width: data.image.width, height: data.image.height }, records, data.image.image_annotations);
  }, [data]);
  useEffect(() => () => void autosave.flush(), [imageId]);
  useEditorSync(projectId, imageId);
  useSamPrepare(editor, imageId, !!project && !classificationOnly && typeAllowed('polygon', project.task_config));

  const go = (id: string | null | undefined, index?: number) => {
    if (id) openImage(projectId, id, index);
  };

  const view = (action: ViewerAction) => {
    const c = controls.current;
    if (action === 'fit') c?.fit();
    else if (action === 'actual') c?.actualSize();
    else if (action === 'zoomIn') c?.zoomBy(1.25);
    else if (action === 'zoomOut') c?.zoomBy(0.8);
    else if (action === 'next') go(neighbours?.next, neighbours ? neighbours.index + 1 : undefined);
    else if (action === 'previous') go(neighbours?.previous, neighbours ? Math.max(0, neighbours.index - 1) : undefined);
    else if (action === 'back') {
      if (neighbours && neighbours.index >= 0) setGridIndex(neighbours.index);
      openProject(projectId);
    }
  };

  const jumpToUnannotated = async () => {
    await autosave.flush();
    const id = await nextUnannotated(projectId, imageId, classificationOnly).catch((e) => (reportError(e), null));
    if (id) go(id);
    else editor.inform('Every other image already has annotations.');
  };

  const run = (action: EditorAction) => {
    const cls = project?.classes ?? [];
    switch (action.type) {
      case 'tool': {
        const tool = toolById(action.id);
        if (classificationOnly || !tool || (tool.draws && project && !typeAllowed(tool.draws, project.task_config))) return;
        return editor.setTool(action.id);
      }
      case 'class': {
        const c = cls[action.index];
        if (!c) return;
        return classificationOnly ? toggleImageClass(editor, c.id, classificationMultiLabel(project!.task_config)) : applyClass(editor, c.id);
      }
      case 'undo':
        return void editor.undo();
      case 'redo':
        return void editor.redo();
      case 'delete':
        return deleteSelection(editor);
      case 'copy':
        return copySelection(editor);
      case 'paste':
        return paste(editor);
      case 'selectAll':
        return selectAll(editor);
      case 'front':
      case 'back':
        return reorder(editor, action.type);
      case 'hide':
        return toggleHidden(editor);
      case 'showAll':
        return showAll(editor);
      case 'lock':
        return toggleLocked(editor);
      case 'help':
        return setHelp(true);
      case 'nextUnannotated':
        return void jumpToUnannotated();
      default:
        return view(action.type);
    }
  };
  const runRef = useRef({ run, view });
  runRef.current = { run, view };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]') || isField(e.target) || e.key === ' ') return;
      const press = { key: e.key, shift: e.shiftKey, alt: e.altKey, ctrl: e.ctrlKey || e.metaKey };
      // The tool first: Enter, Esc and Backspace mean something else while a shape is being drawn.
      if (editor.key(press)) return e.preventDefault();
      if (e.key === 'Escape') {
        e.preventDefault();
        if (editor.state.selection.length) return editor.select([]);
        if (editor.state.tool !== 'select') return editor.setTool('select');
        return runRef.current.view('back');
      }
      const action = editorAction({ ...press, inField: false });
      if (!action) return;
      e.preventDefault();
      runRef.current.run(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className={classificationOnly ? 'page viewer classification' : 'page viewer'} data-testid="image-viewer">
      <header className="toolbar">
        <button type="button" className="ghost" data-testid="back-to-grid" title="Back to the grid (Esc)" onClick={() => view('back')}>
          ← {project?.name ?? 'Images'}
        </button>
        <SaveStatus />
        <span className="spacer" />
        <div className="button-group">
          <button type="button" title="Previous image (A, ←)" data-testid="prev-image" disabled={!neighbours?.previous} onClick={() => view('previous')}>
            ‹ Prev
          </button>
          <button type="button" title="Next image (D, →)" data-testid="next-image" disabled={!neighbours?.next} onClick={() => view('next')}>
            Next ›
          </button>
          <button type="button" title="Next image without annotations (N)" data-testid="next-unannotated" onClick={() => void jumpToUnannotated()}>
            Next empty ›
          </button>
        </div>
        <div className="button-group">
          <button type="button" title="Zoom out (-)" onClick={() => view('zoomOut')}>
            −
          </button>
          <button type="button" title="Fit to window (F)" data-testid="zoom-fit" onClick={() => view('fit')}>
            Fit
          </button>
          <button type="button" title="Actual size (0)" data-testid="zoom-100" onClick={() => view('actual')}>
            100%
          </button>
          <button type="button" title="Zoom in (+)" onClick={() => view('zoomIn')}>
            +
          </button>
        </div>
        <button type="button" className="ghost" data-testid="show-shortcuts" title="Keyboard shortcuts (?)" onClick={() => setHelp(true)}>
          ?
        </button>
      </header>
      <div className="viewer-main">
        {!classificationOnly && <ToolBar />}
        <div className="viewer-stage">
          <ViewerCanvas editor={editor} controls={controls} bitmap={data?.bitmap ?? null} imageSize={data ? { width: data.image.width, height: data.image.height } : null} colorOf={classes.colorOf} />
          {loading && <div className="stage-note" data-testid="viewer-loading">Loading…</div>}
          {data?.bitmapError && (
            <div className="stage-error" data-testid="viewer-error" role="alert">
              <span className="code">{data.bitmapError.code}</span> {data.bitmapError.message}
            </div>
          )}
          <SamStatus />
          <EditorMessage />
        </div>
        <aside className="side-panel" data-testid="side-panel">
          {classificationOnly ? (
            <ImageLevelPanel classes={classes} primary />
          ) : (
            <>
              <ClassPicker classes={classes} />
              <AttributesPanel classes={classes} />
              <AnnotationPanel classes={classes} />
              <ImageLevelPanel classes={classes} primary={false} />
            </>
          )}
        </aside>
      </div>
      <Filmstrip projectId={projectId} imageId={imageId} index={neighbours?.index ?? -1} filter={filter} onOpen={(id, index) => go(id, index)} />
      <StatusBar image={data?.image ?? null} index={neighbours?.index ?? -1} total={neighbours?.total ?? 0} />
      {help && <ShortcutSheet onClose={() => setHelp(false)} />}
    </div>
  );
}
